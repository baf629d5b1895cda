import { ConflictException, Injectable } from '@nestjs/common';
import { AppConfig } from '@homegroup/config';
import type { AuthUser } from '@homegroup/identity';
import { Clock, RateLimiterService, type RateLimitRule } from '@homegroup/operations';
import { RealtimeService } from '@homegroup/realtime';
import { GroupAccess } from '../groups/group-access.service';
import { GroupsRepository } from '../groups/groups.repository';
import { groupNotFound, meetingNotFound } from '../meeting-errors';
import { MeetingsRepository } from '../schedule/meetings.repository';
import { MeetingsService } from '../schedule/meetings.service';
import type { CreateMeetingReportDto } from './dto/create-meeting-report.dto';
import type { MeetingReportReceiptResponseDto, MeetingReportResponseDto } from './dto/meeting-report.response.dto';
import { ListingReportsRepository } from './listing-reports.repository';

/** Reports a member may send in an hour, across meetings (one per meeting and week anyway). */
export const REPORTS_PER_MEMBER: RateLimitRule = { name: 'meeting-report-member', points: 10, windowSeconds: 3600 };

/** Monday (UTC) of the ISO week of `at`, as a date. */
export function weekOf(at: Date): string {
  const day = (at.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day)).toISOString().slice(0, 10);
}

/**
 * Members' one-tap reports of a wrong listing (ADR 0042): one per member, meeting and week; the group's leads are
 * told at once; enough distinct members within two weeks mark the listing `reported` until a lead verifies or edits it.
 */
@Injectable()
export class ListingReportsService {
  constructor(
    private readonly reports: ListingReportsRepository,
    private readonly meetings: MeetingsRepository,
    private readonly meetingsService: MeetingsService,
    private readonly groups: GroupsRepository,
    private readonly access: GroupAccess,
    private readonly limiter: RateLimiterService,
    private readonly realtime: RealtimeService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async report(auth: AuthUser, meetingId: string, dto: CreateMeetingReportDto): Promise<MeetingReportReceiptResponseDto> {
    const meeting = await this.meetingsService.readable(meetingId, auth); // 404 when the caller may not see it
    await this.limiter.consume(REPORTS_PER_MEMBER, auth.id, 'You sent many meeting reports in the last hour.');
    const now = this.clock.now();
    const outcome = await this.reports.transaction(async (manager) => {
      // Reports of one meeting queue up here, so the threshold is counted once.
      if (!(await this.meetings.lock(manager, meetingId))) throw meetingNotFound();
      const created = await this.reports.insert(manager, {
        meetingId,
        reporterId: auth.id,
        reason: dto.reason,
        note: dto.note || null,
        weekOf: weekOf(now),
        at: now,
      });
      if (!created) {
        throw new ConflictException('You already reported this meeting this week; its leads have been told. Thank you.');
      }
      const listingReported = await this.reports.refreshReported(manager, meetingId, now, this.config.listings.reportThreshold);
      return { id: created.id, listingReported, leads: await this.reports.leadIds(meeting.groupId, manager) };
    });
    for (const leadId of outcome.leads) {
      this.realtime.emitToUser(leadId, 'listing.reported', {
        groupId: meeting.groupId,
        meeting: { id: meeting.id, name: meeting.name },
        reason: dto.reason,
        listingReported: outcome.listingReported,
      });
    }
    return { id: outcome.id, reason: dto.reason, createdAt: now.toISOString(), listingReported: outcome.listingReported };
  }

  /** The group's reports: its leads and admins only; everyone else 404 (they do not exist for them). */
  async ofGroup(auth: AuthUser, groupId: string, limit: number): Promise<MeetingReportResponseDto[]> {
    await this.leadsOnly(groupId, auth);
    return (await this.reports.ofGroup(groupId, limit)).map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      closedAt: r.closedAt ? r.closedAt.toISOString() : null,
    }));
  }

  private async leadsOnly(groupId: string, auth: AuthUser): Promise<void> {
    const group = await this.groups.findById(groupId);
    if (!group || !(await this.access.canManage(group, auth))) throw groupNotFound();
  }
}
