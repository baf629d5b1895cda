import { BadRequestException, Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  type ApiHeaderOptions,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@homegroup/operations';
import { AuthService } from './auth.service';
import { AuthTokensResponseDto } from './dto/auth-tokens.response.dto';
import { LoginDto } from './dto/login.dto';
import { ProfileResponseDto } from './dto/profile.response.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import type { UserEntity } from './entities/user.entity';
import { LocalAuthGuard } from './guards/local-auth.guard';
import type { IssuedTokens } from './tokens.service';
import {
  clearRefreshCookie,
  cookieMode,
  CSRF_REFUSED,
  REFRESH_COOKIE,
  refreshCookie,
  SESSION_MODE_COOKIE,
  SESSION_MODE_HEADER,
  setRefreshCookie,
} from './session-cookie';

const SESSION_HEADER: ApiHeaderOptions = {
  name: SESSION_MODE_HEADER,
  required: false,
  description:
    `\`${SESSION_MODE_COOKIE}\`: the cookie session for browser apps. The refresh token is set as an httpOnly, ` +
    `SameSite=Strict cookie \`${REFRESH_COOKIE}\` scoped to /api/v1/auth and left out of the body; /auth/refresh and ` +
    '/auth/logout then read it from the cookie (only when this header is sent: the CSRF defence). Without the ' +
    'header, the refresh token travels in the JSON body.',
  schema: { type: 'string', enum: [SESSION_MODE_COOKIE] },
};

const NO_REFRESH_TOKEN = `Send refreshToken in the body, or use the cookie session (${SESSION_MODE_HEADER}: ${SESSION_MODE_COOKIE})`;

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account (rate limited per IP)' })
  @ApiCreatedResponse({ type: AuthTokensResponseDto })
  @ApiConflictResponse({ description: 'An account with this email already exists' })
  @ApiTooManyRequestsResponse({
    description: 'Too many sign-ups from this address; Retry-After says when to retry',
  })
  @ApiHeader(SESSION_HEADER)
  @ApiForbiddenResponse({ description: CSRF_REFUSED })
  async register(
    @Body() dto: RegisterDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthTokensResponseDto> {
    const cookie = cookieMode(request);
    const { user, tokens } = await this.auth.register(dto, request.ip);
    return this.answer(request, reply, cookie, tokens, user);
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Log in with email and password (rate limited per IP and per account)' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: AuthTokensResponseDto })
  @ApiUnauthorizedResponse({ description: 'The email or password is not right (never says which)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; Retry-After says when to retry' })
  @ApiHeader(SESSION_HEADER)
  @ApiForbiddenResponse({ description: CSRF_REFUSED })
  async login(
    @Req() request: FastifyRequest & { user: UserEntity },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthTokensResponseDto> {
    const cookie = cookieMode(request);
    const tokens = await this.auth.login(request.user);
    return this.answer(request, reply, cookie, tokens, request.user);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair; reusing a spent token revokes its whole family',
  })
  @ApiOkResponse({ type: AuthTokensResponseDto })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or already used refresh token' })
  @ApiHeader(SESSION_HEADER)
  @ApiForbiddenResponse({ description: CSRF_REFUSED })
  async refresh(
    @Body() dto: RefreshTokenDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthTokensResponseDto> {
    const cookie = cookieMode(request);
    const { user, tokens } = await this.auth.refresh(this.refreshTokenOf(dto, request, cookie));
    return this.answer(request, reply, cookie, tokens, user);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this login: every refresh token of its family stops working' })
  @ApiNoContentResponse()
  @ApiHeader(SESSION_HEADER)
  @ApiForbiddenResponse({ description: CSRF_REFUSED })
  async logout(
    @Body() dto: RefreshTokenDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const cookie = cookieMode(request);
    await this.auth.logout(this.refreshTokenOf(dto, request, cookie));
    if (cookie) clearRefreshCookie(request, reply);
  }

  /** The body's refresh token (JSON mode), else the cookie's (cookie mode only). */
  private refreshTokenOf(dto: RefreshTokenDto, request: FastifyRequest, cookie: boolean): string {
    const token = dto.refreshToken ?? (cookie ? refreshCookie(request) : undefined);
    if (token === undefined) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: NO_REFRESH_TOKEN,
        fields: [{ field: 'refreshToken', messages: [NO_REFRESH_TOKEN] }],
      });
    }
    return token;
  }

  /** JSON mode: both tokens in the body. Cookie mode: the refresh token only in the httpOnly cookie. */
  private answer(
    request: FastifyRequest,
    reply: FastifyReply,
    cookie: boolean,
    tokens: IssuedTokens,
    user: UserEntity,
  ): AuthTokensResponseDto {
    const body = { ...tokens, user: ProfileResponseDto.from(user) };
    if (!cookie) return body;
    setRefreshCookie(request, reply, tokens.refreshToken, tokens.refreshTokenExpiresAt);
    const { refreshToken: _kept, ...rest } = body;
    return rest;
  }
}
