import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ReportReason } from '../entities/meeting-report.entity';

export type ReportRow = {
  id: string;
  meetingId: string;
  meetingName: string;
  reason: ReportReason;
  note: string | null;
  createdAt: Date;
  closedAt: Date | null;
};

/** Reports older than this do not count towards `reported`. */
export const REPORT_WINDOW_DAYS = 14;

@Injectable()
export class ListingReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The report, or null when the member already reported this meeting this week. */
  async insert(
    manager: EntityManager,
    values: { meetingId: string; reporterId: string; reason: ReportReason; note: string | null; weekOf: string; at: Date },
  ): Promise<{ id: string } | null> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO meeting_reports (meeting_id, reporter_id, reason, note, week_of, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (meeting_id, reporter_id, week_of) DO NOTHING RETURNING id`,
      [values.meetingId, values.reporterId, values.reason, values.note, values.weekOf, values.at],
    );
    return rows[0] ?? null;
  }

  /**
   * With the meeting locked by the caller: when at least `threshold` distinct members have open reports from the
   * last two weeks, the meeting is marked reported (kept from the first time) with the open reports' reasons.
   * Answers whether it is reported now.
   */
  async refreshReported(manager: EntityManager, meetingId: string, now: Date, threshold: number): Promise<boolean> {
    const rows = await manager.query<{ reporters: number; reported_at: Date | null }[]>(
      `SELECT count(DISTINCT r.reporter_id)::int AS reporters, (SELECT reported_at FROM meetings WHERE id = $1) AS reported_at
         FROM meeting_reports r
        WHERE r.meeting_id = $1 AND r.closed_at IS NULL AND r.created_at > $2::timestamptz - make_interval(days => ${REPORT_WINDOW_DAYS})`,
      [meetingId, now],
    );
    if (rows[0].reported_at === null && rows[0].reporters < threshold) return false;
    // Reported: every open report's reason shows (kept until a lead verifies or edits the listing).
    await manager.query(
      `UPDATE meetings SET reported_at = COALESCE(reported_at, $2),
              reported_reasons = (SELECT COALESCE(array_agg(DISTINCT reason ORDER BY reason), '{}') FROM meeting_reports
                                   WHERE meeting_id = $1 AND closed_at IS NULL)
        WHERE id = $1`,
      [meetingId, now],
    );
    return true;
  }

  /** A group's reports, open first, newest first. */
  async ofGroup(groupId: string, limit: number): Promise<ReportRow[]> {
    const rows = await this.dataSource.query<
      { id: string; meeting_id: string; meeting_name: string; reason: ReportReason; note: string | null; created_at: Date; closed_at: Date | null }[]
    >(
      `SELECT r.id, r.meeting_id, m.name AS meeting_name, r.reason, r.note, r.created_at, r.closed_at
         FROM meeting_reports r JOIN meetings m ON m.id = r.meeting_id
        WHERE m.group_id = $1
        ORDER BY (r.closed_at IS NULL) DESC, r.created_at DESC, r.id DESC
        LIMIT $2`,
      [groupId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      meetingId: r.meeting_id,
      meetingName: r.meeting_name,
      reason: r.reason,
      note: r.note,
      createdAt: r.created_at,
      closedAt: r.closed_at,
    }));
  }

  async leadIds(groupId: string, manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<{ user_id: string }[]>('SELECT user_id FROM group_leads WHERE group_id = $1 ORDER BY user_id', [groupId]);
    return rows.map((r) => r.user_id);
  }
}
