import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { SponsorProfileResponseDto } from './dto/sponsor-profile.response.dto';
import { UpsertSponsorProfileDto } from './dto/upsert-sponsor-profile.dto';
import { SponsorProfileService } from './sponsor-profile.service';

@ApiTags('sponsorship')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('me/sponsor-profile')
export class SponsorProfileController {
  constructor(private readonly profiles: SponsorProfileService) {}

  @Put()
  @ApiOperation({
    summary:
      'Create or replace your sponsor profile (what discovery shows; location stored rounded to ~1 km)',
  })
  @ApiOkResponse({ type: SponsorProfileResponseDto })
  @ApiBadRequestResponse({
    description: 'A field is not valid, e.g. a fellowship without sponsors such as SMART',
  })
  async upsert(
    @CurrentUser() auth: AuthUser,
    @Body() dto: UpsertSponsorProfileDto,
  ): Promise<SponsorProfileResponseDto> {
    return SponsorProfileResponseDto.from(await this.profiles.upsert(auth, dto));
  }

  @Get()
  @ApiOperation({ summary: 'Your sponsor profile' })
  @ApiOkResponse({ type: SponsorProfileResponseDto })
  @ApiNotFoundResponse({ description: 'You have no sponsor profile' })
  async get(@CurrentUser() auth: AuthUser): Promise<SponsorProfileResponseDto> {
    return SponsorProfileResponseDto.from(await this.profiles.get(auth.id));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop offering to sponsor: you leave discovery; active sponsorships go on' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'You have no sponsor profile' })
  async delete(@CurrentUser() auth: AuthUser): Promise<void> {
    await this.profiles.delete(auth.id);
  }
}
