import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { SearchSponsorsQueryDto } from './dto/search-sponsors.query.dto';
import { SponsorSearchResponseDto } from './dto/sponsor-search.response.dto';
import { SponsorDiscoveryService } from './sponsor-discovery.service';

@ApiTags('sponsorship')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('sponsors')
export class SponsorsController {
  constructor(private readonly discovery: SponsorDiscoveryService) {}

  @Get()
  @ApiOperation({
    summary:
      'Find a sponsor: available members with room, by fellowship, language, region or distance, and by default your ' +
      'gender preference. Never shows contact details, members at capacity, or anyone on either side of a block.',
  })
  @ApiOkResponse({ type: SponsorSearchResponseDto })
  @ApiBadRequestResponse({ description: 'A filter or the cursor is not valid' })
  search(
    @CurrentUser() auth: AuthUser,
    @Query() query: SearchSponsorsQueryDto,
  ): Promise<SponsorSearchResponseDto> {
    return this.discovery.search(auth, query);
  }
}
