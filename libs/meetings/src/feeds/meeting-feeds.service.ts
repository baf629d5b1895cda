import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@homegroup/identity';
import { Clock } from '@homegroup/operations';
import { GroupAccess } from '../groups/group-access.service';
import { meetingsCalendar } from './ical';
import { toMeetingGuide, type MeetingGuideItem } from './meeting-guide';
import { isUnverified } from '../schedule/meeting-record';
import { MeetingReferenceService } from '../schedule/meeting-reference.service';
import { ALL_EXCEPTIONS, MeetingsRepository } from '../schedule/meetings.repository';
import { MeetingsService } from '../schedule/meetings.service';
import { DAY_MS, localParts } from '../schedule/schedule';

export const CALENDAR_HOST = 'homegroup';

/** An iCalendar body; an unpublished group's (seen by its leads) must not sit in shared caches. */
export type Calendar = { name: string; published: boolean; body: string };

/** The feeds other tools read: Meeting Guide JSON of every published meeting, iCal per meeting and group. */
@Injectable()
export class MeetingFeedsService {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly meetingsService: MeetingsService,
    private readonly access: GroupAccess,
    private readonly reference: MeetingReferenceService,
    private readonly clock: Clock,
  ) {}

  async meetingGuide(): Promise<MeetingGuideItem[]> {
    const vocabulary = await this.reference.vocabulary();
    const records = await this.meetings.publishedRecords(localParts('UTC', this.clock.nowMs() - DAY_MS).date);
    const nowMs = this.clock.nowMs();
    const items: MeetingGuideItem[] = [];
    for (const m of records) {
      const item = toMeetingGuide(m, vocabulary);
      // An extra field after the spec's own: readers that do not know it ignore it (ADR 0042).
      if (item) items.push(isUnverified(m, nowMs) ? { ...item, unverified: true } : item);
    }
    return items;
  }

  async meetingCalendar(id: string, auth: AuthUser | undefined): Promise<Calendar> {
    const record = await this.meetingsService.readable(id, auth, ALL_EXCEPTIONS);
    return {
      name: record.slug,
      published: record.published,
      body: meetingsCalendar([record], { name: record.name, nowMs: this.clock.nowMs(), host: CALENDAR_HOST }),
    };
  }

  async groupCalendar(groupId: string, auth: AuthUser | undefined): Promise<Calendar> {
    const { group } = await this.access.readable(groupId, auth);
    const records = await this.meetings.recordsOfGroup(groupId, ALL_EXCEPTIONS);
    return {
      name: `group-${group.id}`,
      published: group.published,
      body: meetingsCalendar(records, { name: group.name, nowMs: this.clock.nowMs(), host: CALENDAR_HOST }),
    };
  }
}
