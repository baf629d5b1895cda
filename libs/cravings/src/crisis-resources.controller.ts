import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@homegroup/operations';
import { CrisisResourcesService } from './crisis-resources.service';
import { crisisTexts } from './crisis-texts';
import { CrisisResourcesResponseDto } from './dto/craving.response.dto';
import { CrisisResourcesQueryDto } from './dto/crisis-resources.query.dto';

@ApiTags('cravings')
@Controller('crisis-resources')
export class CrisisResourcesController {
  constructor(private readonly crisis: CrisisResourcesService) {}

  @Public()
  @Get()
  @ApiOperation({
    summary:
      'Crisis lines and emergency numbers for a country (public; the US when no country is given, none for a country without stored lines)',
  })
  @ApiOkResponse({ type: CrisisResourcesResponseDto })
  async list(@Query() query: CrisisResourcesQueryDto): Promise<CrisisResourcesResponseDto> {
    const crisisResources = await this.crisis.forCountry(query.country);
    return { crisisResources, disclaimer: crisisTexts(crisisResources).disclaimer };
  }
}
