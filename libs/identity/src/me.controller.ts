import { Body, Controller, Delete, Get, HttpCode, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from './auth-user';
import { CurrentUser } from './decorators/current-user.decorator';
import { ProfileResponseDto } from './dto/profile.response.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { ProfileService } from './profile.service';

@ApiTags('me')
@ApiBearerAuth('access-token')
@Controller('me')
export class MeController {
  constructor(private readonly profiles: ProfileService) {}

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
    description: 'One section per feature (account, sessions, sponsorships, phone list, cravings, …), as stored',
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

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Erase the account and everything attached to it; its tokens stop working at once' })
  @ApiNoContentResponse()
  async delete(@CurrentUser() auth: AuthUser): Promise<void> {
    await this.profiles.delete(auth.id);
  }
}
