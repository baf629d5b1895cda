import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const TOKEN_ONLY_KEY = 'homegroup:token-only';

/**
 * For a hot route whose own first query reads the member (and answers 401 when they no longer exist): the
 * global guard verifies the access token (signature, issuer, audience, type, expiry) but does not load the
 * member, saving a database round trip before the work starts. The handler gets the id by `@CurrentUserId()`.
 */
export const TokenOnly = (): MethodDecorator => SetMetadata(TOKEN_ONLY_KEY, true);

/** The authenticated member's id (set by the JWT guard on every authenticated route, token-only ones included). */
export const CurrentUserId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user: { id: string } }>();
  return request.user.id;
});
