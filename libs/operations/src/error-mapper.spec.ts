import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { DomainRefusal, mapError } from './error-mapper';
import { TooManyRequestsException } from './rate-limiter.service';

/** A PostgreSQL error as pg raises it, with a message and detail that quote a value (as the server's do). */
function pgError(code: string, table?: string): DatabaseError {
  const error = new DatabaseError('invalid input syntax for type uuid: "secret-value"', 100, 'error');
  error.code = code;
  error.severity = 'ERROR';
  error.detail = 'Key (phone)=(+14155550123) already exists.';
  error.table = table;
  return error;
}

describe('the error mapper', () => {
  it('should keep HttpExceptions as they are, with Retry-After for rate limits', () => {
    expect(mapError(new NotFoundException('No such craving')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'No such craving',
    });
    const validation = mapError(
      new BadRequestException({ message: ['a', 'b'], fields: [{ field: 'x', messages: ['a'] }] }),
    );
    expect(validation.body).toMatchObject({ statusCode: 400, message: 'a; b', fields: [{ field: 'x' }] });
    expect(mapError(new TooManyRequestsException(30, 'Too many attempts')).retryAfterSeconds).toBe(30);
  });

  it.each([
    ['40001', 503],
    ['40P01', 503],
    ['57014', 503],
    ['08006', 503],
    ['53300', 503],
    ['22P02', 400],
    ['22021', 400],
    ['23502', 400],
    ['23505', 409],
    ['23503', 409],
    ['XX000', 500],
    ['42P01', 500],
  ])('should map SQLSTATE %s to %i whether pg raised it or TypeORM wrapped it', (code, status) => {
    for (const error of [
      pgError(code, 'cravings'),
      new QueryFailedError('SELECT 1', [], pgError(code, 'cravings')),
    ]) {
      const mapped = mapError(error);
      expect(mapped.body.statusCode).toBe(status);
      expect(mapped.log?.message).toBe(`Database error ${code} on cravings`);
      const everything = JSON.stringify(mapped);
      expect(everything).not.toContain('secret-value');
      expect(everything).not.toContain('+14155550123');
    }
  });

  it('should answer a domain refusal with its status, code and message, and Retry-After when it has one', () => {
    const limited = mapError(new DomainRefusal(429, 'sms_member_daily_limit', 'Try again tomorrow', 3600));
    expect(limited).toEqual({
      body: { statusCode: 429, error: 'Too Many Requests', message: 'Try again tomorrow', code: 'sms_member_daily_limit' },
      retryAfterSeconds: 3600,
    });
    const refused = mapError(new DomainRefusal(409, 'sms_opted_out', 'They texted STOP'));
    expect(refused).toEqual({
      body: { statusCode: 409, error: 'Conflict', message: 'They texted STOP', code: 'sms_opted_out' },
    });
  });

  it('should answer 503 when the database cannot be reached', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(mapError(refused).body.statusCode).toBe(503);
    expect(mapError(new Error('timeout exceeded when trying to connect')).body.statusCode).toBe(503);
  });

  it('should answer 503 when a Redis command was cut by a restart (node-redis errors have no code)', () => {
    class SocketClosedUnexpectedlyError extends Error {
      constructor() {
        super('Socket closed unexpectedly');
      }
    }
    const mapped = mapError(new SocketClosedUnexpectedlyError());
    expect(mapped.body.statusCode).toBe(503);
    expect(mapped.log?.message).toBe('Connection lost (SocketClosedUnexpectedlyError)');
  });

  it('should log an unexpected error by name and frames only, never its message', () => {
    const mapped = mapError(new TypeError('Cannot use "+14155550123" here'));
    expect(mapped.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side',
    });
    expect(mapped.log?.message).toBe('Unhandled TypeError');
    expect(mapped.log?.stack).toContain('at ');
    expect(JSON.stringify(mapped)).not.toContain('+14155550123');
  });

  it('should pass Fastify’s own 4xx errors with a fixed message', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(mapError(tooLarge).body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is too large',
    });
  });
});
