import { HttpException, type LoggerService } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { TooManyRequestsException } from './rate-limiter.service';
import { isLostConnection } from './lost-connections';

export type ErrorBody = { statusCode: number; error: string; message: string; [extra: string]: unknown };

/** What one failure becomes: the body a client gets, an optional Retry-After, and what (if anything) is logged. */
export type MappedError = {
  body: ErrorBody;
  retryAfterSeconds?: number;
  /** A log line that never holds request data: SQLSTATEs and identifiers, error names and stack frames. */
  log?: { level: 'error' | 'warn'; message: string; stack?: string };
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const statusText = (status: number): string => STATUS_TEXT[status] ?? 'Error';

/**
 * A refusal a domain library raises without knowing HTTP's classes: a status, a stable machine-readable `code`
 * (`sms_opted_out`), a message a person can act on and, for a limit, when to try again. The mapper answers it as
 * `{ statusCode, error, message, code }` (plus Retry-After); sockets get the same body.
 */
export class DomainRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422 | 429,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Fastify's own errors (body too large, bad JSON) carry a statusCode and a code; their messages are fixed texts. */
type FastifyError = Error & { statusCode?: number; code?: string };

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length',
};

/** A PostgreSQL error as `pg` raises it (pg-protocol's DatabaseError), whether TypeORM wrapped it or not. */
type PgError = Error & {
  code?: string;
  severity?: string;
  table?: string;
  constraint?: string;
  routine?: string;
};

const BUSY = 'The server was busy; please try again';
const UNAVAILABLE = 'The service is temporarily unavailable; please try again in a moment';

function pgErrorOf(exception: unknown): PgError | undefined {
  if (exception instanceof QueryFailedError) return exception.driverError as PgError;
  const candidate = exception as PgError | undefined;
  // pg-protocol's DatabaseError: a five-character SQLSTATE and a severity (what queryPrepared rethrows).
  if (
    candidate instanceof Error &&
    typeof candidate.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(candidate.code) &&
    candidate.severity
  ) {
    return candidate;
  }
  return undefined;
}

/** Errors of the connection to PostgreSQL itself (refused, dropped, pool exhausted): the server is not there. */
function isConnectionError(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  const code = (exception as { code?: unknown }).code;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT')
    return true;
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
    exception.message,
  );
}

/** The status and message for a SQLSTATE; 500 for everything that is our own bug. */
function forSqlState(code: string): { status: number; message: string } {
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '57014')
    return { status: 503, message: BUSY };
  if (code.startsWith('08') || code.startsWith('53') || /^57P0[1-3]$/.test(code))
    return { status: 503, message: UNAVAILABLE };
  // Safety nets: input validation should have refused these first; a log line at warn says one got through.
  if (code === '23505' || code === '23P01')
    return { status: 409, message: 'That conflicts with something that already exists' };
  if (code === '23503') return { status: 409, message: 'Something this request refers to no longer exists' };
  if (code === '23502') return { status: 400, message: 'A required value is missing' };
  if (code.startsWith('22') || code === '23514')
    return { status: 400, message: 'A value in the request is not valid' };
  return { status: 500, message: 'Something went wrong on our side' };
}

/** The stack frames of an error without its first line (the message, which may quote input). */
function framesOf(error: Error): string | undefined {
  const frames = error.stack?.split('\n').filter((line) => line.trimStart().startsWith('at '));
  return frames?.length ? frames.join('\n') : undefined;
}

/**
 * THE error mapper, for HTTP (HttpExceptionFilter) and socket acks alike: every failure becomes
 * `{ statusCode, error, message }` (plus `fields` for a 400 from validation). Nothing the client gets and nothing
 * logged quotes the request: database errors are logged by SQLSTATE and identifiers only (PostgreSQL's message and
 * detail quote values), unexpected errors by name and stack frames.
 */
export function mapError(exception: unknown): MappedError {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const mapped: MappedError =
      typeof response === 'string'
        ? { body: { statusCode: status, error: statusText(status), message: response } }
        : { body: httpExceptionBody(exception, status, response as Record<string, unknown>) };
    if (exception instanceof TooManyRequestsException) mapped.retryAfterSeconds = exception.retryAfterSeconds;
    return mapped;
  }
  if (exception instanceof DomainRefusal) {
    const status = exception.status;
    return {
      body: { statusCode: status, error: statusText(status), message: exception.message, code: exception.code },
      ...(exception.retryAfterSeconds !== undefined ? { retryAfterSeconds: exception.retryAfterSeconds } : {}),
    };
  }
  const fastifyError = exception as FastifyError;
  if (fastifyError?.code?.startsWith('FST_') && fastifyError.statusCode && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return {
      body: {
        statusCode: status,
        error: statusText(status),
        message: FASTIFY_MESSAGES[fastifyError.code] ?? fastifyError.message,
      },
    };
  }
  const pg = pgErrorOf(exception);
  if (pg?.code) {
    const { status, message } = forSqlState(pg.code);
    const where = [pg.table, pg.constraint].filter(Boolean).join('.');
    return {
      body: { statusCode: status, error: statusText(status), message },
      ...(status === 503 ? { retryAfterSeconds: 1 } : {}),
      log: {
        level: status >= 500 ? 'error' : 'warn',
        message: `Database error ${pg.code}${where ? ` on ${where}` : ''}`,
      },
    };
  }
  if (isConnectionError(exception)) {
    const error = exception as Error & { code?: string };
    return {
      body: { statusCode: 503, error: statusText(503), message: UNAVAILABLE },
      retryAfterSeconds: 5,
      log: { level: 'error', message: `Database unreachable (${error.code ?? error.name})` },
    };
  }
  // Redis (the rate limits) restarting: node-redis's connection errors carry no code and are named 'Error'.
  if (isLostConnection(exception)) {
    return {
      body: { statusCode: 503, error: statusText(503), message: UNAVAILABLE },
      retryAfterSeconds: 5,
      log: { level: 'error', message: `Connection lost (${(exception as Error).constructor.name})` },
    };
  }
  const error = exception instanceof Error ? exception : new Error('non-error thrown');
  return {
    body: { statusCode: 500, error: statusText(500), message: 'Something went wrong on our side' },
    log: { level: 'error', message: `Unhandled ${error.name}`, stack: framesOf(error) },
  };
}

function httpExceptionBody(exception: HttpException, status: number, r: Record<string, unknown>): ErrorBody {
  const message = Array.isArray(r.message)
    ? r.message.join('; ')
    : typeof r.message === 'string'
      ? r.message
      : exception.message;
  const error = typeof r.error === 'string' ? r.error : statusText(status);
  return { ...r, statusCode: status, error, message };
}

/** Writes a mapped error's log line, if it has one. */
export function logMappedError(
  logger: Pick<LoggerService, 'error' | 'warn'>,
  mapped: MappedError,
  where: string,
): void {
  if (!mapped.log) return;
  const line = `${mapped.log.message} (${where})`;
  if (mapped.log.level === 'warn') logger.warn(line);
  else if (mapped.log.stack) logger.error(line, mapped.log.stack);
  else logger.error(line);
}
