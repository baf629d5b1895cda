import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '@homegroup/operations';
import { AuthService } from './auth.service';
import { AuthTokensResponseDto } from './dto/auth-tokens.response.dto';
import { LoginDto } from './dto/login.dto';
import { ProfileResponseDto } from './dto/profile.response.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import type { UserEntity } from './entities/user.entity';
import { LocalAuthGuard } from './guards/local-auth.guard';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account (rate limited per IP)' })
  @ApiCreatedResponse({ type: AuthTokensResponseDto })
  @ApiConflictResponse({ description: 'An account with this email already exists' })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-ups from this address; Retry-After says when to retry' })
  async register(@Body() dto: RegisterDto, @Req() request: FastifyRequest): Promise<AuthTokensResponseDto> {
    const { user, tokens } = await this.auth.register(dto, request.ip);
    return { ...tokens, user: ProfileResponseDto.from(user) };
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Log in with email and password (rate limited per IP and per account)' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: AuthTokensResponseDto })
  @ApiUnauthorizedResponse({ description: 'The email or password is not right (never says which)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; Retry-After says when to retry' })
  async login(@Req() request: FastifyRequest & { user: UserEntity }): Promise<AuthTokensResponseDto> {
    const tokens = await this.auth.login(request.user);
    return { ...tokens, user: ProfileResponseDto.from(request.user) };
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; reusing a spent token revokes its whole family' })
  @ApiOkResponse({ type: AuthTokensResponseDto })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or already used refresh token' })
  async refresh(@Body() dto: RefreshTokenDto): Promise<AuthTokensResponseDto> {
    const { user, tokens } = await this.auth.refresh(dto.refreshToken);
    return { ...tokens, user: ProfileResponseDto.from(user) };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this login: every refresh token of its family stops working' })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }
}
