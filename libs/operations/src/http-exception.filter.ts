import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { TooManyRequestsException } from './rate-limiter.service';

type ErrorBody = { statusCode: number; error: string; message: string; [extra: string]: unknown };

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Fastify's own errors (body too large, bad JSON) carry a statusCode and a code. */
type FastifyError = Error & { statusCode?: number; code?: string };

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
};

/** Every error leaves as `{ statusCode, error, message }`; unexpected ones are logged (without request data). */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (exception instanceof TooManyRequestsException) {
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') {
        return { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message: response };
      }
      const r = response as Record<string, unknown>;
      const message = Array.isArray(r.message)
        ? r.message.join('; ')
        : typeof r.message === 'string'
          ? r.message
          : exception.message;
      const error = typeof r.error === 'string' ? r.error : (STATUS_TEXT[status] ?? 'Error');
      return { ...r, statusCode: status, error, message };
    }
    const fastifyError = exception as FastifyError;
    if (fastifyError?.code?.startsWith('FST_') && fastifyError.statusCode && fastifyError.statusCode < 500) {
      const status = fastifyError.statusCode;
      return {
        statusCode: status,
        error: STATUS_TEXT[status] ?? 'Error',
        message: FASTIFY_MESSAGES[fastifyError.code] ?? fastifyError.message,
      };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      // The SQLSTATE only: PostgreSQL's message and the query's parameters may quote personal data.
      this.logger.error(`Database error ${code ?? 'unknown'}`);
      if (code === '40001' || code === '40P01') {
        return { statusCode: 503, error: STATUS_TEXT[503], message: 'The server was busy; please try again' };
      }
    } else {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`Unhandled ${error.name}: ${error.message}`, error.stack);
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: STATUS_TEXT[500], message: 'Something went wrong on our side' };
  }
}
