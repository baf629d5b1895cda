import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { CreateMeetingSourceDto } from './dto/create-meeting-source.dto';
import { MeetingSourceRunResponseDto } from './dto/meeting-source-run.response.dto';
import { MeetingSourceResponseDto } from './dto/meeting-source.response.dto';
import { UpdateMeetingSourceDto } from './dto/update-meeting-source.dto';
import { MeetingSourcesService } from './meeting-sources.service';

const SOURCE_ID = { name: 'sourceId', format: 'uuid' } as const;
const NOT_FOUND = 'No such source, or the caller is neither an admin nor a lead of its group';

@ApiTags('meeting feeds')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('meeting-sources')
export class MeetingSourcesController {
  constructor(private readonly sources: MeetingSourcesService) {}

  @Post()
  @ApiOperation({
    summary:
      'Admins (a whole feed) or a lead (into their group, groupId): register a Meeting Guide or BMLT feed that the worker ' +
      'fetches on a cadence and imports; a failed or empty fetch never removes or hides a meeting',
  })
  @ApiCreatedResponse({ type: MeetingSourceResponseDto })
  @ApiBadRequestResponse({ description: 'A field is not valid, the cadence is below the minimum or the fellowship is unknown' })
  @ApiForbiddenResponse({ description: 'Not an admin (whole feed), or not a lead of groupId' })
  @ApiNotFoundResponse({ description: 'groupId is no group the caller can see' })
  create(@CurrentUser() auth: AuthUser, @Body() dto: CreateMeetingSourceDto): Promise<MeetingSourceResponseDto> {
    return this.sources.create(auth, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Admins: every source; leads: the sources of their groups (newest first, at most 200)' })
  @ApiOkResponse({ type: [MeetingSourceResponseDto] })
  list(@CurrentUser() auth: AuthUser): Promise<MeetingSourceResponseDto[]> {
    return this.sources.list(auth);
  }

  @Get(':sourceId')
  @ApiOperation({ summary: 'A source (admins, and leads of its group)' })
  @ApiParam(SOURCE_ID)
  @ApiOkResponse({ type: MeetingSourceResponseDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  get(@CurrentUser() auth: AuthUser, @Param('sourceId', new ParseUUIDPipe()) id: string): Promise<MeetingSourceResponseDto> {
    return this.sources.get(auth, id);
  }

  @Patch(':sourceId')
  @ApiOperation({ summary: 'Change a source’s name, URL, format, cadence, default zone or fellowship (not its target)' })
  @ApiParam(SOURCE_ID)
  @ApiOkResponse({ type: MeetingSourceResponseDto })
  @ApiBadRequestResponse({ description: 'A field is not valid, the cadence is below the minimum or the fellowship is unknown' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  update(
    @CurrentUser() auth: AuthUser,
    @Param('sourceId', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateMeetingSourceDto,
  ): Promise<MeetingSourceResponseDto> {
    return this.sources.update(auth, id, dto);
  }

  @Delete(':sourceId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop fetching a source (its reports go; the meetings it imported stay)' })
  @ApiParam(SOURCE_ID)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async remove(@CurrentUser() auth: AuthUser, @Param('sourceId', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.sources.remove(auth, id);
  }

  @Post(':sourceId/run')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a run now; its report appears under …/runs when the worker has fetched and imported' })
  @ApiParam(SOURCE_ID)
  @ApiAcceptedResponse({ type: MeetingSourceRunResponseDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  run(@CurrentUser() auth: AuthUser, @Param('sourceId', new ParseUUIDPipe()) id: string): Promise<MeetingSourceRunResponseDto> {
    return this.sources.runNow(auth, id);
  }

  @Get(':sourceId/runs')
  @ApiOperation({ summary: 'The source’s latest runs (at most 50, newest first): status, HTTP status, counts, links, error' })
  @ApiParam(SOURCE_ID)
  @ApiOkResponse({ type: [MeetingSourceRunResponseDto] })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  runs(@CurrentUser() auth: AuthUser, @Param('sourceId', new ParseUUIDPipe()) id: string): Promise<MeetingSourceRunResponseDto[]> {
    return this.sources.runs(auth, id);
  }
}
