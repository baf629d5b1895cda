import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { createValidationPipe } from '@homegroup/operations';
import { LoginDto } from '../dto/login.dto';

/**
 * Runs the login body through the same validation as every other route (400 naming the field) before
 * passport-local checks the credentials; guards otherwise run before pipes.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly pipe = createValidationPipe();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    await this.pipe.transform(request.body ?? {}, { type: 'body', metatype: LoginDto });
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error) throw error instanceof Error ? error : new UnauthorizedException();
    if (!user) throw new Error('Login failed without an error');
    return user;
  }
}
