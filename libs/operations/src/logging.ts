import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
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

export function loggerParams(level: LogLevel, stream?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        level,
        redact: { paths: redactPaths(), censor: '[redacted]' },
        // Requests are logged by id, method, masked URL and status only: no headers, bodies or addresses.
        serializers: {
          req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: maskUrl(req.url) }),
          res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        },
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
          error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug',
      },
      ...(stream ? [stream] : []),
    ] as unknown as Params['pinoHttp'],
  };
}
