import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '@homegroup/config';
import type { AuthUser } from '../auth-user';
import { jwtKey } from '../jwt-key';
import { isIssuedAccessToken, JWT_AUDIENCE, JWT_ISSUER, NO_VALID_TOKEN } from '../tokens.service';
import { UsersRepository } from '../users.repository';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly users: UsersRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: jsonwebtoken otherwise tries (and fails) to parse the string as a
      // public key on every request, which was the largest cost of an authenticated request.
      secretOrKey: jwtKey(config) as unknown as Buffer,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** One query per request: an erased account's tokens stop working at once. */
  async validate(claims: unknown): Promise<AuthUser> {
    if (!isIssuedAccessToken(claims)) throw new UnauthorizedException(NO_VALID_TOKEN('missing or not valid'));
    const user = await this.users.findById(claims.sub);
    if (!user) throw new UnauthorizedException('This account does not exist any more');
    return { id: user.id, displayName: user.displayName, timezone: user.timezone, user };
  }
}
