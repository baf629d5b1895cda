import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@homegroup/operations';
import { CrisisResourcesService, NOT_AN_EMERGENCY_SERVICE } from './crisis-resources.service';
import { CrisisResourcesResponseDto } from './dto/craving.response.dto';
import { CrisisResourcesQueryDto } from './dto/crisis-resources.query.dto';

@ApiTags('cravings')
@Controller('crisis-resources')
export class CrisisResourcesController {
  constructor(private readonly crisis: CrisisResourcesService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Crisis lines and emergency numbers for a country (public; US when unknown)' })
  @ApiOkResponse({ type: CrisisResourcesResponseDto })
  async list(@Query() query: CrisisResourcesQueryDto): Promise<CrisisResourcesResponseDto> {
    return { crisisResources: await this.crisis.forCountry(query.country), disclaimer: NOT_AN_EMERGENCY_SERVICE };
  }
}
