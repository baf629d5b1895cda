import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY, OPTIONAL_AUTH_KEY } from '@homegroup/operations';

/** Global guard: every route needs a valid access token unless marked @Public() (or @OptionalAuth()). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) {
      // @OptionalAuth(): authenticate only when the caller sent a token.
      const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH_KEY, [context.getHandler(), context.getClass()]);
      const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
      if (!optional || typeof header !== 'string' || header === '') return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T | false, info: unknown): T {
    if (error instanceof Error && !(error instanceof UnauthorizedException)) throw error;
    if (!user) {
      const reason = info instanceof Error && info.name === 'TokenExpiredError' ? 'expired' : 'missing or not valid';
      throw error instanceof UnauthorizedException
        ? error
        : new UnauthorizedException(`The access token is ${reason}; send Authorization: Bearer <accessToken>`);
    }
    return user;
  }
}
