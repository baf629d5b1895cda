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
  private readonly loginFailuresPerAccount: RateLimitRule;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly limiter: RateLimiterService,
    config: AppConfig,
  ) {
    const { windowSeconds, registerPerIp, loginPerIp, loginFailuresPerAccount } = config.rateLimits;
    this.registerPerIp = { name: 'register-ip', points: registerPerIp, windowSeconds };
    this.loginPerIp = { name: 'login-ip', points: loginPerIp, windowSeconds };
    this.loginFailuresPerAccount = { name: 'login-fail-account', points: loginFailuresPerAccount, windowSeconds };
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
   * Checks a login. Limits: attempts per IP, and failed attempts per account (counted whether or not the
   * account exists, so the limit says nothing about which emails are registered).
   */
  async validateCredentials(email: string, password: string, ip: string): Promise<UserEntity> {
    const account = normalizeEmail(email);
    await this.limiter.consume(this.loginPerIp, ip, 'Too many login attempts from this network.');
    // Spend a point before checking, atomically, so parallel guesses cannot overrun the budget; a
    // successful login gives the account its whole budget back.
    await this.limiter.consume(this.loginFailuresPerAccount, account, 'Too many failed logins for this account.');
    const user = await this.users.findByEmail(account);
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !ok) throw new UnauthorizedException(WRONG_CREDENTIALS);
    await this.limiter.reset(this.loginFailuresPerAccount, account);
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
