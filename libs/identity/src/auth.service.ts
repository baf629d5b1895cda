import { createHash } from 'node:crypto';
import { ConflictException, Injectable, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '@homegroup/config';
import { RateLimiterService, RateLimitRule } from '@homegroup/operations';
import type { RegisterDto } from './dto/register.dto';
import { UserEntity } from './entities/user.entity';
import { PasswordHasher } from './password-hasher.service';
import { IssuedTokens, TokensService } from './tokens.service';
import { UsersRepository } from './users.repository';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const WRONG_CREDENTIALS = 'The email or password is not right';

@Injectable()
export class AuthService {
  private readonly registerPerIp: RateLimitRule;
  private readonly loginPerIp: RateLimitRule;
  private readonly loginFailuresPerAccountAndIp: RateLimitRule;
  private readonly loginFailuresPerAccount: RateLimitRule;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly limiter: RateLimiterService,
    config: AppConfig,
  ) {
    const {
      windowSeconds,
      registerPerIp,
      loginPerIp,
      loginFailuresPerAccount,
      loginFailuresPerAccountAllAddresses,
    } = config.rateLimits;
    this.registerPerIp = { name: 'register-ip', points: registerPerIp, windowSeconds };
    this.loginPerIp = { name: 'login-ip', points: loginPerIp, windowSeconds };
    this.loginFailuresPerAccountAndIp = {
      name: 'login-fail-account-ip',
      points: loginFailuresPerAccount,
      windowSeconds,
    };
    this.loginFailuresPerAccount = {
      name: 'login-fail-account',
      points: loginFailuresPerAccountAllAddresses,
      windowSeconds,
    };
  }

  async register(dto: RegisterDto, ip: string): Promise<{ user: UserEntity; tokens: IssuedTokens }> {
    await this.limiter.consume(this.registerPerIp, ip, 'Too many sign-ups from this network.');
    const email = normalizeEmail(dto.email);
    if (await this.users.findByEmail(email)) {
      throw new ConflictException('An account with this email already exists; log in instead');
    }
    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.users.insert({
      email,
      passwordHash,
      displayName: dto.displayName,
      timezone: dto.timezone ?? 'UTC',
      country: dto.country ?? null,
    });
    if (!user) throw new ConflictException('An account with this email already exists; log in instead');
    return { user, tokens: await this.tokens.issue(user.id) };
  }

  /**
   * Checks a login (ADR 0029). Limits: attempts per IP; failed attempts per account *and address*, so someone
   * guessing from one network cannot lock the owner out of their own devices; and a much larger budget of failed
   * attempts per account from all addresses together, against guessing spread over many networks. Both failure
   * budgets count whether or not the account exists, so they say nothing about which emails are registered.
   * Rate-limit keys hold a hash of the email, never the email.
   */
  async validateCredentials(email: string, password: string, ip: string): Promise<UserEntity> {
    const account = normalizeEmail(email);
    const accountKey = createHash('sha256').update(account).digest('base64url');
    const pairKey = `${accountKey}:${ip}`;
    await this.limiter.consume(this.loginPerIp, ip, 'Too many login attempts from this network.');
    // Spend a point before checking, atomically, so parallel guesses cannot overrun the budget; a
    // successful login gives the budgets back.
    await this.limiter.consume(
      this.loginFailuresPerAccountAndIp,
      pairKey,
      'Too many failed logins for this account from this network.',
    );
    await this.limiter.consume(
      this.loginFailuresPerAccount,
      accountKey,
      'Too many failed logins for this account.',
    );
    const user = await this.users.findByEmail(account);
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !ok) throw new UnauthorizedException(WRONG_CREDENTIALS);
    await this.limiter.reset(this.loginFailuresPerAccountAndIp, pairKey);
    await this.limiter.reset(this.loginFailuresPerAccount, accountKey);
    return user;
  }

  login(user: UserEntity): Promise<IssuedTokens> {
    return this.tokens.issue(user.id);
  }

  async refresh(refreshToken: string): Promise<{ user: UserEntity; tokens: IssuedTokens }> {
    const { userId, tokens } = await this.tokens.rotate(refreshToken);
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthorizedException('This refresh token is not valid any more; log in again');
    return { user, tokens };
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revokeByToken(refreshToken);
  }
}
