import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC_KEY, OPTIONAL_AUTH_KEY } from '@homegroup/operations';
import { TOKEN_ONLY_KEY } from '../decorators/token-only.decorator';
import { NO_VALID_TOKEN, TokensService } from '../tokens.service';

const BEARER = /^bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * Global guard: every route needs a valid access token unless marked @Public() (or @OptionalAuth(): a token
 * is checked only when one is sent). The member is loaded (one query, so an erased account's tokens fail at
 * once) except on @TokenOnly() routes, which read the member themselves.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) {
      // @OptionalAuth(): authenticate only when the caller sent a token.
      const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH_KEY, targets);
      const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
      if (!optional || typeof header !== 'string' || header === '') return true;
      return super.canActivate(context);
    }
    if (this.reflector.getAllAndOverride<boolean>(TOKEN_ONLY_KEY, targets)) return this.verifyTokenOnly(context);
    return super.canActivate(context);
  }

  private async verifyTokenOnly(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: { id: string } }>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException(NO_VALID_TOKEN('missing or not valid'));
    const claims = await this.tokens.verifyAccessToken(match[1]);
    request.user = { id: claims.sub };
    return true;
  }

  override handleRequest<T>(error: unknown, user: T | false, info: unknown): T {
    if (error instanceof Error && !(error instanceof UnauthorizedException)) throw error;
    if (!user) {
      const reason = info instanceof Error && info.name === 'TokenExpiredError' ? 'expired' : 'missing or not valid';
      throw error instanceof UnauthorizedException ? error : new UnauthorizedException(NO_VALID_TOKEN(reason));
    }
    return user;
  }
}
