import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY } from '@homegroup/operations';

/** Global guard: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
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
