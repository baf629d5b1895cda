import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from '@homegroup/config';

/**
 * Keys whose values never reach a log, wherever they appear (recovery data and credentials).
 * pino's redaction matches these at the top level and one level down (`{ body: { phone } }`); deeper
 * (intermediate-wildcard) paths cost every request a traversal, and nothing logs deeper objects.
 */
export const REDACTED_KEYS = [
  'password',
  'passwordHash',
  'phone',
  'note',
  'notes',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'email',
  'cleanDate',
  'copingList',
  // Texts and calls (libs/sms): the numbers of the registries' events, should one ever be logged whole.
  'e164',
  'fromE164',
  'toE164',
];

export function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    paths.push(key, `*.${key}`);
  }
  return paths;
}

/** Path segments that are secrets themselves (invite codes) are masked in logged URLs. */
export function maskUrl(url: string | undefined): string | undefined {
  return url?.replace(/(\/invites\/)[^/?]+/g, '$1[redacted]').replace(/\?.*$/, '');
}

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** The process's one pino logger: JSON lines to stdout (or `stream`), with the redaction above. */
export function createRootLogger(level: LogLevel, stream?: DestinationStream): PinoLogger {
  const options = { level, redact: { paths: redactPaths(), censor: '[redacted]' } };
  return stream ? pino(options, stream) : pino(options);
}

type LevelName = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Nest's LoggerService on top of pino: `{ context, msg }` lines at the matching level. */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}

  private write(level: LevelName, message: unknown, params: unknown[], stack?: unknown): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context =
      typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (typeof stack === 'string' && stack !== context) fields.stack = stack;
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'string') this.logger[level](fields, message);
    else this.logger[level]({ ...fields, detail: message });
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, params.length > 1 ? params[0] : undefined);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
}

/**
 * One line per finished request: id, method, masked URL, status and time, never headers, bodies or
 * addresses. 2xx/3xx at debug, 4xx at info, 5xx at error; /health is not logged. A Fastify hook rather
 * than a per-request child logger middleware, which cost about a third of a simple request's CPU.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: PinoLogger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level: LevelName = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    if (request.url !== '/health' && logger.isLevelEnabled(level)) {
      logger[level](
        {
          req: { id: request.id, method: request.method, url: maskUrl(request.url) },
          res: { statusCode: status },
          responseTime: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  });
}
