import type { Logger } from '@nestjs/common';
import type { SocketErrorReply } from '@homegroup/contracts';
import { logMappedError, mapError } from './error-mapper';

/**
 * What a socket event's ack receives when it fails: the same mapping as HTTP (error-mapper.ts), and the same
 * logging (SQLSTATE, error name and frames; never the payload).
 */
export function socketErrorReply(
  error: unknown,
  logger: Pick<Logger, 'error' | 'warn'>,
  event: string,
): SocketErrorReply {
  const mapped = mapError(error);
  logMappedError(logger, mapped, `socket ${event}`);
  const { statusCode, error: name, message, fields } = mapped.body;
  return { error: { statusCode, error: name, message, ...(Array.isArray(fields) ? { fields } : {}) } };
}
