import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '@homegroup/operations';
import { MeetingTypeResponseDto } from './dto/meeting-type.response.dto';
import { MeetingReferenceService } from './meeting-reference.service';

@ApiTags('meetings')
@Controller('meeting-types')
export class MeetingTypesController {
  constructor(private readonly reference: MeetingReferenceService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The type vocabulary: the 87 Meeting Guide codes (9 languages) and fellowship format codes with their mappings',
  })
  @ApiQuery({ name: 'vocabulary', required: false, example: 'NA', description: 'MG, or a fellowship code' })
  @ApiOkResponse({ type: [MeetingTypeResponseDto] })
  async list(@Query('vocabulary') vocabulary?: string): Promise<MeetingTypeResponseDto[]> {
    const rows = await this.reference.vocabularyRows();
    const wanted = vocabulary?.trim().toUpperCase();
    return rows
      .filter((r) => !wanted || r.vocabulary === wanted)
      .map((r) => ({
        vocabulary: r.vocabulary,
        code: r.code,
        name: r.name,
        category: r.category,
        meetingGuideCode: r.meetingGuideCode,
        language: r.language,
        labels: r.labels,
      }));
  }
}
