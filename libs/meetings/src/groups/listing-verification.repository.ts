import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type DueListing = { id: string; name: string; groupId: string; groupName: string; dueAt: Date };

/** How long a lead who was reminded of a listing waits before the next reminder while it stays unchecked. */
export const REMINDER_REPEAT_DAYS = 7;

@Injectable()
export class ListingVerificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` listings that are due (last verification, or creation, + the group's cadence ≤ now) and
   * whose leads were not reminded in this cycle or in the last REMINDER_REPEAT_DAYS: one conditional UPDATE, so two
   * runs at once (two workers) claim each listing once. Groups without a lead are left out (nobody to remind).
   */
  async claimDue(now: Date, limit: number): Promise<DueListing[]> {
    const rows = await this.dataSource.query<{ id: string; name: string; group_id: string; group_name: string; due_at: Date }[]>(
      `WITH due AS (
         SELECT m.id, COALESCE(m.last_verified_at, m.created_at) + make_interval(days => g.verification_cadence_days) AS due_at
           FROM meetings m JOIN groups g ON g.id = m.group_id
          WHERE COALESCE(m.last_verified_at, m.created_at) + make_interval(days => g.verification_cadence_days) <= $1
            AND (m.verification_reminded_at IS NULL
                 OR m.verification_reminded_at <= $1 - make_interval(days => ${REMINDER_REPEAT_DAYS}))
            AND EXISTS (SELECT 1 FROM group_leads gl WHERE gl.group_id = m.group_id)
          ORDER BY m.id
          LIMIT $2
          FOR UPDATE OF m SKIP LOCKED
       ), claimed AS (
         UPDATE meetings m SET verification_reminded_at = $1
           FROM due, groups g
          WHERE m.id = due.id AND g.id = m.group_id
         RETURNING m.id, m.name, m.group_id, g.name AS group_name, due.due_at
       )
       -- A SELECT around the UPDATE: TypeORM's query() answers a bare UPDATE … RETURNING with [rows, count].
       SELECT * FROM claimed ORDER BY group_id, name, id`,
      [now, limit],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, groupId: r.group_id, groupName: r.group_name, dueAt: r.due_at }));
  }

  async leadIds(groupId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>('SELECT user_id FROM group_leads WHERE group_id = $1 ORDER BY user_id', [
      groupId,
    ]);
    return rows.map((r) => r.user_id);
  }
}
