import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
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
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { OptionalAuth, Public } from '@homegroup/operations';
import { CreateMeetingExceptionDto } from './dto/create-meeting-exception.dto';
import { MeetingPlacesQueryDto } from '../search/dto/meeting-places.query.dto';
import { MeetingPlacesResponseDto } from '../search/dto/meeting-place.response.dto';
import { MeetingSearchResponseDto } from '../search/dto/meeting-search.response.dto';
import { MeetingResponseDto } from './dto/meeting.response.dto';
import { SearchMeetingsQueryDto } from '../search/dto/search-meetings.query.dto';
import { UpdateMeetingDto } from './dto/update-meeting.dto';
import { MeetingSearchService } from '../search/meeting-search.service';
import { MeetingsService } from './meetings.service';

const MEETING_ID = { name: 'id', format: 'uuid' } as const;
/** The same for everyone, like the public feeds: browsers and proxies may keep it five minutes. */
const PLACES_CACHE = 'public, max-age=300';

@ApiTags('meetings')
@ApiBearerAuth('access-token')
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly finder: MeetingSearchService,
  ) {}

  @Get()
  @OptionalAuth()
  @ApiOperation({
    summary:
      'Find meetings: near a point (radius or the N nearest), starting within N minutes or in progress, by weekday and ' +
      'local time, fellowship, types (all of), languages, attendance (hybrid counts as both), free text. Times are ' +
      'evaluated in each meeting’s own zone; results by next start, then distance. No account needed',
  })
  @ApiOkResponse({ type: MeetingSearchResponseDto })
  @ApiBadRequestResponse({ description: 'A filter or the cursor is not valid (the message names it)' })
  search(@CurrentUser() auth: AuthUser | undefined, @Query() query: SearchMeetingsQueryDto): Promise<MeetingSearchResponseDto> {
    return this.finder.search(query, auth);
  }

  @Get('places')
  @Public()
  @ApiOperation({
    summary:
      'The places the listings know, to centre a search on when the browser will not share a position: each city ' +
      '(with state/region and country) where published in-person or hybrid meetings are listed at an exact place, ' +
      'its centre (the mean of their coordinates) and how many there are; most meetings first. No account needed',
  })
  @ApiOkResponse({
    type: MeetingPlacesResponseDto,
    headers: { 'Cache-Control': { description: 'public, max-age=300: the same for everyone', schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'q or limit is not valid (the message names it)' })
  async places(@Query() query: MeetingPlacesQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeetingPlacesResponseDto> {
    const places = await this.finder.places(query);
    // Only the answer is cacheable (an error keeps the API's no-store).
    void reply.header('Cache-Control', PLACES_CACHE);
    return places;
  }

  @Get(':id')
  @OptionalAuth()
  @ApiOperation({ summary: 'One meeting with its next occurrence (published groups: anyone; otherwise its leads and admins)' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: MeetingResponseDto })
  @ApiNotFoundResponse({ description: 'No such meeting, or its group is not published' })
  get(@CurrentUser() auth: AuthUser | undefined, @Param('id', new ParseUUIDPipe()) id: string): Promise<MeetingResponseDto> {
    return this.meetings.get(id, auth);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Leads and admins: change any field (null clears rrule, statusUntil, location, conference, notes)' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: MeetingResponseDto })
  @ApiBadRequestResponse({ description: 'A field is not valid (the message names it)' })
  @ApiForbiddenResponse({ description: 'Not a lead of the meeting’s group' })
  @ApiNotFoundResponse({ description: 'No such meeting, or its group is not published' })
  update(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateMeetingDto,
  ): Promise<MeetingResponseDto> {
    return this.meetings.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leads and admins: delete the meeting' })
  @ApiParam(MEETING_ID)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Not a lead of the meeting’s group' })
  @ApiNotFoundResponse({ description: 'No such meeting, or its group is not published' })
  async remove(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.meetings.remove(auth, id);
  }

  @Post(':id/exceptions')
  @ApiOperation({ summary: 'Leads and admins: cancel or move the occurrence on one local date' })
  @ApiParam(MEETING_ID)
  @ApiCreatedResponse({ type: MeetingResponseDto })
  @ApiBadRequestResponse({ description: 'The meeting does not meet on that date, or a field is not valid' })
  @ApiForbiddenResponse({ description: 'Not a lead of the meeting’s group' })
  addException(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateMeetingExceptionDto,
  ): Promise<MeetingResponseDto> {
    return this.meetings.addException(auth, id, dto);
  }

  @Delete(':id/exceptions/:exceptionId')
  @ApiOperation({ summary: 'Leads and admins: undo a cancellation or move' })
  @ApiParam(MEETING_ID)
  @ApiParam({ name: 'exceptionId', format: 'uuid' })
  @ApiOkResponse({ type: MeetingResponseDto })
  @ApiForbiddenResponse({ description: 'Not a lead of the meeting’s group' })
  removeException(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('exceptionId', new ParseUUIDPipe()) exceptionId: string,
  ): Promise<MeetingResponseDto> {
    return this.meetings.removeException(auth, id, exceptionId);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Leads and admins: confirm the listing is right (sets lastVerifiedAt)' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: MeetingResponseDto })
  @ApiForbiddenResponse({ description: 'Not a lead of the meeting’s group' })
  verify(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<MeetingResponseDto> {
    return this.meetings.verify(auth, id);
  }
}
