import { Body, Controller, Delete, Get, HttpCode, Patch, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountDataRegistry } from './account-data.registry';
import type { AuthUser } from './auth-user';
import { CurrentUser } from './decorators/current-user.decorator';
import { ProfileResponseDto } from './dto/profile.response.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { ProfileService } from './profile.service';
import { clearRefreshCookie } from './session-cookie';
import { TokensService } from './tokens.service';

@ApiTags('me')
@ApiBearerAuth('access-token')
@Controller('me')
export class MeController {
  constructor(
    private readonly profiles: ProfileService,
    private readonly tokens: TokensService,
    private readonly accounts: AccountDataRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s own profile' })
  @ApiOkResponse({ type: ProfileResponseDto })
  me(@CurrentUser() auth: AuthUser): ProfileResponseDto {
    return ProfileResponseDto.from(auth.user);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the caller’s profile; phone and clean date are private unless shared' })
  @ApiOkResponse({ type: ProfileResponseDto })
  async update(@CurrentUser() auth: AuthUser, @Body() dto: UpdateProfileDto): Promise<ProfileResponseDto> {
    return ProfileResponseDto.from(await this.profiles.update(auth.id, dto));
  }

  @Get('export')
  @ApiOperation({ summary: 'Everything Homegroup stores about the caller, as JSON' })
  @ApiOkResponse({
    description:
      'One section per feature (account, sessions, sponsorships, phone list, cravings, …), as stored',
    schema: {
      type: 'object',
      required: ['exportedAt', 'userId'],
      properties: {
        exportedAt: { type: 'string', format: 'date-time' },
        userId: { type: 'string', format: 'uuid' },
      },
      additionalProperties: { description: 'One feature’s section: its rows about the caller' },
    },
  })
  export(@CurrentUser() auth: AuthUser): Promise<Record<string, unknown>> {
    return this.profiles.export(auth.id);
  }

  @Delete('sessions')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Sign out everywhere: every refresh token stops working and every open socket is closed; access tokens ' +
      'already issued expire within their lifetime (at most 15 minutes)',
  })
  @ApiNoContentResponse()
  async signOutEverywhere(
    @CurrentUser() auth: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.tokens.revokeAllOf(auth.id);
    this.accounts.signedOutEverywhere(auth.id);
    clearRefreshCookie(request, reply);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erase the account and everything attached to it; its tokens stop working at once',
  })
  @ApiNoContentResponse()
  async delete(@CurrentUser() auth: AuthUser): Promise<void> {
    await this.profiles.delete(auth.id);
  }
}
