import { Controller, Get, Header, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { OptionalAuth, Public } from '@homegroup/operations';
import { MeetingFeedsService, type Calendar } from './meeting-feeds.service';

/** Public data meant to be fetched by other sites and calendar apps: cacheable and readable cross-origin. */
const FEED_HEADERS: Record<string, string> = {
  'Cache-Control': 'public, max-age=300',
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

const MEETING_GUIDE_ITEM_SCHEMA = {
  type: 'object',
  description: 'A Meeting Guide meeting (code4recovery/spec field names)',
  properties: {
    name: { type: 'string' },
    slug: { type: 'string', description: 'Unique and stable' },
    day: { oneOf: [{ type: 'integer', minimum: 0, maximum: 6 }, { type: 'array', items: { type: 'integer' } }], description: '0 = Sunday' },
    time: { type: 'string', example: '19:00' },
    end_time: { type: 'string', example: '20:00' },
    timezone: { type: 'string', example: 'America/New_York' },
    formatted_address: { type: 'string' },
    address: { type: 'string' },
    city: { type: 'string' },
    state: { type: 'string' },
    postal_code: { type: 'string' },
    country: { type: 'string' },
    approximate: { type: 'string', enum: ['yes', 'no'] },
    latitude: { type: 'number' },
    longitude: { type: 'number' },
    regions: { type: 'array', items: { type: 'string' } },
    location: { type: 'string' },
    location_notes: { type: 'string' },
    conference_url: { type: 'string' },
    conference_url_notes: { type: 'string' },
    conference_phone: { type: 'string' },
    conference_phone_notes: { type: 'string' },
    types: { type: 'array', items: { type: 'string' }, description: 'Reserved Meeting Guide codes only' },
    notes: { type: 'string' },
    group: { type: 'string' },
    updated: { type: 'string', example: '2026-11-23 16:30:00', description: 'UTC' },
    unverified: {
      type: 'boolean',
      enum: [true],
      description: 'Homegroup extra: present when no group lead confirmed the listing within the group’s verification cadence',
    },
  },
  required: ['name', 'slug', 'day', 'time', 'end_time', 'timezone', 'approximate', 'types', 'updated'],
};

@ApiTags('meeting feeds')
@Controller()
export class MeetingFeedsController {
  constructor(private readonly feeds: MeetingFeedsService) {}

  @Get('feeds/meeting-guide.json')
  @Public()
  @Header('Cache-Control', FEED_HEADERS['Cache-Control'])
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  @ApiOperation({
    summary:
      'Every published weekly meeting as a Meeting Guide JSON feed (what TSML, TSML UI and the Meeting Guide app read). ' +
      'RRULE schedules are in the iCal feeds; suspended meetings are left out',
  })
  @ApiOkResponse({ schema: { type: 'array', items: MEETING_GUIDE_ITEM_SCHEMA } })
  meetingGuide(): Promise<unknown[]> {
    return this.feeds.meetingGuide();
  }

  @Get('meetings/:id/calendar.ics')
  @OptionalAuth()
  @ApiOperation({ summary: 'iCalendar of one meeting: VTIMEZONE, RRULE, EXDATE for cancellations, overrides for moves' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'No such meeting, or its group is not published' })
  async meetingCalendar(
    @CurrentUser() auth: AuthUser | undefined,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const calendar = await this.feeds.meetingCalendar(id, auth);
    this.calendarHeaders(reply, calendar);
    return calendar.body;
  }

  @Get('groups/:groupId/calendar.ics')
  @OptionalAuth()
  @ApiOperation({ summary: 'iCalendar of all of a group’s meetings' })
  @ApiParam({ name: 'groupId', format: 'uuid' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'No such group, or not published' })
  async groupCalendar(
    @CurrentUser() auth: AuthUser | undefined,
    @Param('groupId', new ParseUUIDPipe()) groupId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const calendar = await this.feeds.groupCalendar(groupId, auth);
    this.calendarHeaders(reply, calendar);
    return calendar.body;
  }

  private calendarHeaders(reply: FastifyReply, calendar: Calendar): void {
    void reply.headers({
      ...(calendar.published ? FEED_HEADERS : { 'Cache-Control': 'private, no-store' }),
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `inline; filename="${calendar.name.replace(/[^a-z0-9-]/gi, '-')}.ics"`,
    });
  }
}
