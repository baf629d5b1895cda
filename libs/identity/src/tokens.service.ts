import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, IsNull, LessThan } from 'typeorm';
import { AppConfig } from '@homegroup/config';
import { RefreshTokenEntity } from './entities/refresh-token.entity';

export const JWT_ISSUER = 'homegroup';
export const JWT_AUDIENCE = 'homegroup-api';

export type AccessTokenClaims = { sub: string; typ: 'access'; exp: number; iat: number };

/**
 * The one check of an access token's claims, after the signature, `iss`, `aud` and (when present) `exp` were
 * verified by jsonwebtoken: it must be what `issue` makes, an access token for a member with an expiry and an
 * issue time. jsonwebtoken accepts a token without `exp` as never expiring; we do not (ADR 0020). Used by the
 * passport strategy, the token-only guard and the socket handshake.
 */
export function isIssuedAccessToken(claims: unknown): claims is AccessTokenClaims {
  if (typeof claims !== 'object' || claims === null) return false;
  const c = claims as Record<string, unknown>;
  return (
    c.typ === 'access' &&
    typeof c.sub === 'string' &&
    c.sub !== '' &&
    Number.isFinite(c.exp) &&
    Number.isFinite(c.iat) &&
    c.iss === JWT_ISSUER &&
    (c.aud === JWT_AUDIENCE || (Array.isArray(c.aud) && c.aud.includes(JWT_AUDIENCE)))
  );
}

export type IssuedTokens = {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
};

const INVALID_REFRESH = 'This refresh token is not valid any more; log in again';

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Parses `<uuid>.<secret>`; returns undefined for anything else. */
function parseRefreshToken(token: string): { id: string; secret: string } | undefined {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{32,})$/.exec(token);
  return match ? { id: match[1], secret: match[2] } : undefined;
}

/**
 * Access tokens (short JWTs) and refresh tokens (opaque, single use, rotated within a family; reuse of a
 * spent token revokes the family).
 */
/** The 401 message for a request without a usable access token. */
export const NO_VALID_TOKEN = (reason: 'expired' | 'missing or not valid'): string =>
  `The access token is ${reason}; send Authorization: Bearer <accessToken>`;

@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async issue(
    userId: string,
    familyId: string = randomUUID(),
    manager?: EntityManager,
  ): Promise<IssuedTokens> {
    const now = Date.now();
    const accessTtl = this.config.auth.accessTtlSeconds;
    const accessToken = await this.jwt.signAsync(
      { sub: userId, typ: 'access' },
      { expiresIn: accessTtl, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, algorithm: 'HS256' },
    );
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + this.config.auth.refreshTtlSeconds * 1000);
    await (manager ?? this.dataSource.manager).insert(RefreshTokenEntity, {
      id,
      userId,
      familyId,
      secretHash: hashSecret(secret),
      expiresAt,
      usedAt: null,
      revokedAt: null,
    });
    return {
      accessToken,
      accessTokenExpiresAt: new Date(now + accessTtl * 1000).toISOString(),
      refreshToken: `${id}.${secret}`,
      refreshTokenExpiresAt: expiresAt.toISOString(),
    };
  }

  /** Verifies signature, issuer, audience, type and expiry; throws 401 otherwise. */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        algorithms: ['HS256'],
      });
      if (!isIssuedAccessToken(claims)) throw new Error('not an access token');
      return claims;
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new UnauthorizedException(NO_VALID_TOKEN(expired ? 'expired' : 'missing or not valid'));
    }
  }

  /**
   * Exchanges a refresh token for a new pair. A token that was already used (or revoked) revokes its
   * whole family: whoever holds a copy, thief or owner, has to log in again.
   */
  async rotate(token: string): Promise<{ userId: string; tokens: IssuedTokens }> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw new UnauthorizedException(INVALID_REFRESH);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOneBy(RefreshTokenEntity, { id: parsed.id });
      if (!row || !timingSafeEqual(row.secretHash, hashSecret(parsed.secret)))
        return { kind: 'invalid' as const };
      if (row.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
      // Conditional: only one of two concurrent refreshes with the same token can win.
      const spent = await manager.update(
        RefreshTokenEntity,
        { id: row.id, usedAt: IsNull(), revokedAt: IsNull() },
        { usedAt: new Date() },
      );
      if ((spent.affected ?? 0) === 0) return { kind: 'reused' as const, familyId: row.familyId };
      const tokens = await this.issue(row.userId, row.familyId, manager);
      return { kind: 'ok' as const, userId: row.userId, tokens };
    });
    if (outcome.kind === 'reused') {
      await this.revokeFamily(outcome.familyId);
      throw new UnauthorizedException(INVALID_REFRESH);
    }
    if (outcome.kind === 'invalid') throw new UnauthorizedException(INVALID_REFRESH);
    return { userId: outcome.userId, tokens: outcome.tokens };
  }

  /** Logout: revokes the family of this token (every token of that login). Unknown tokens are ignored. */
  async revokeByToken(token: string): Promise<void> {
    const parsed = parseRefreshToken(token);
    if (!parsed) return;
    const row = await this.dataSource.manager.findOneBy(RefreshTokenEntity, { id: parsed.id });
    if (!row || !timingSafeEqual(row.secretHash, hashSecret(parsed.secret))) return;
    await this.revokeFamily(row.familyId);
  }

  /** Sign out everywhere: every refresh token of the member stops working. */
  async revokeAllOf(userId: string): Promise<void> {
    await this.dataSource.manager.update(
      RefreshTokenEntity,
      { userId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.dataSource.manager.update(
      RefreshTokenEntity,
      { familyId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
  }

  /** Deletes refresh tokens that expired more than a day ago (worker job). */
  async deleteExpired(): Promise<number> {
    const result = await this.dataSource.manager.delete(RefreshTokenEntity, {
      expiresAt: LessThan(new Date(Date.now() - 24 * 3600_000)),
    });
    return result.affected ?? 0;
  }
}
