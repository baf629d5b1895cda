import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { logMappedError, mapError } from './error-mapper';
import { maskUrl } from './logging';

/** Every HTTP error leaves through the one error mapper (error-mapper.ts) as `{ statusCode, error, message }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest | undefined>();
    const mapped = mapError(exception);
    logMappedError(
      this.logger,
      mapped,
      `${request?.method ?? '?'} ${maskUrl(request?.routeOptions?.url ?? request?.url) ?? '?'}`,
    );
    if (mapped.retryAfterSeconds !== undefined)
      void reply.header('Retry-After', String(mapped.retryAfterSeconds));
    // A route that answers XML or HTML (@Header('Content-Type', …): Twilio's webhooks, /dev/messages) still fails in JSON.
    void reply.header('Content-Type', 'application/json; charset=utf-8');
    void reply.status(mapped.body.statusCode).send(mapped.body);
  }
}
