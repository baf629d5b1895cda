import { BadRequestException, HttpException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { SocketErrorReply } from '@homegroup/contracts';

/** Validates a socket payload with the same DTO rules as HTTP (unknown fields refused). */
export async function validateSocketPayload<T extends object>(type: new () => T, payload: unknown): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new BadRequestException('The payload must be a JSON object');
  }
  const instance = plainToInstance(type, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  if (errors.length > 0) {
    const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new BadRequestException(messages.join('; ') || 'The payload is not valid');
  }
  return instance;
}

/** What the client's ack receives when a socket request fails: the same error body as HTTP. */
export function socketError(error: unknown): SocketErrorReply {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String(response.message)
        : error.message;
    return { error: { statusCode: error.getStatus(), error: error.name.replace(/Exception$/, ''), message } };
  }
  return { error: { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong; please try again' } };
}
