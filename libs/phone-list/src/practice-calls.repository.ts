import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FIELD, FieldCipher } from '@homegroup/crypto';
import { PracticeCallEntity, PracticeCallOutcome } from './entities/practice-call.entity';
import { PracticeSettingsEntity } from './entities/practice-settings.entity';
import type { DayCount } from './streak';

/** A practice call as its caller sees it; `contact` is null once the link was removed. */
export type PracticeCallView = {
  id: string;
  contactId: string | null;
  calleeId: string | null;
  calleeDisplayName: string | null;
  outsideContactId: string | null;
  outsideContactName: string | null;
  outcome: PracticeCallOutcome;
  note: string | null;
  calledAt: Date;
  localDate: string;
};

export type ReminderCandidate = {
  userId: string;
  timezone: string;
  dailyGoal: number;
  reminderTime: string;
  lastRemindedOn: string | null;
};

export type PracticeSettingsValues = { dailyGoal: number; reminderTime: string | null };

// The callee's name shows only while the caller still holds them as a contact (or as a contact without the app).
const CALL_VIEW = `
  SELECT p.id, c.id AS "contactId", c.other_id AS "calleeId", u.display_name AS "calleeDisplayName",
         o.id AS "outsideContactId", o.name AS "outsideContactName", p.outcome, p.note, p.called_at AS "calledAt", p.local_date::text AS "localDate"
  FROM practice_calls p
  LEFT JOIN contacts c ON c.id = p.contact_id
  LEFT JOIN users u ON u.id = c.other_id
  LEFT JOIN outside_contacts o ON o.id = p.outside_contact_id
  WHERE p.caller_id = $1`;

/** Practice calls and practice settings. The note is stored encrypted and decrypted here (ADR 0037). */
@Injectable()
export class PracticeCallsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  private opened<T extends { note: string | null }>(row: T): T {
    row.note = this.cipher.decryptNullable(row.note, FIELD.practiceCallNote);
    return row;
  }

  async insert(call: Omit<PracticeCallEntity, 'id' | 'createdAt'>): Promise<string> {
    const sealed = { ...call, note: this.cipher.encryptNullable(call.note, FIELD.practiceCallNote) };
    const saved = await this.dataSource.manager.save(this.dataSource.manager.create(PracticeCallEntity, sealed));
    return saved.id;
  }

  async viewOwned(callerId: string, id: string): Promise<PracticeCallView | null> {
    const rows = await this.dataSource.query<PracticeCallView[]>(`${CALL_VIEW} AND p.id = $2`, [callerId, id]);
    return rows[0] ? this.opened(rows[0]) : null;
  }

  /** Newest first, keyset-paginated on (called_at, id). */
  async page(callerId: string, limit: number, after?: { calledAt: Date; id: string }): Promise<PracticeCallView[]> {
    const params: unknown[] = [callerId, limit];
    let where = '';
    if (after) {
      params.push(after.calledAt, after.id);
      where = 'AND (p.called_at, p.id) < ($3, $4)';
    }
    const rows = await this.dataSource.query<PracticeCallView[]>(
      `${CALL_VIEW} ${where} ORDER BY p.called_at DESC, p.id DESC LIMIT $2`,
      params,
    );
    return rows.map((row) => this.opened(row));
  }

  async deleteOwned(callerId: string, id: string): Promise<boolean> {
    const result = await this.dataSource.manager.delete(PracticeCallEntity, { id, callerId });
    return (result.affected ?? 0) > 0;
  }

  async countOnDay(callerId: string, day: string): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM practice_calls WHERE caller_id = $1 AND local_date = $2',
      [callerId, day],
    );
    return rows[0]?.n ?? 0;
  }

  /** Calls per local day, over the member's whole history (one row per day with calls). */
  dayCounts(callerId: string): Promise<DayCount[]> {
    return this.dataSource.query<DayCount[]>(
      `SELECT local_date::text AS day, count(*)::int AS count
       FROM practice_calls WHERE caller_id = $1 GROUP BY local_date ORDER BY local_date`,
      [callerId],
    );
  }

  findSettings(userId: string): Promise<PracticeSettingsEntity | null> {
    return this.dataSource.manager.findOneBy(PracticeSettingsEntity, { userId });
  }

  async upsertSettings(userId: string, values: PracticeSettingsValues): Promise<PracticeSettingsEntity> {
    await this.dataSource.manager.upsert(PracticeSettingsEntity, { userId, ...values }, ['userId']);
    return this.dataSource.manager.findOneByOrFail(PracticeSettingsEntity, { userId });
  }

  /** Members with a reminder time, in pages by user id. */
  reminderCandidates(afterUserId: string | null, limit: number): Promise<ReminderCandidate[]> {
    return this.dataSource.query<ReminderCandidate[]>(
      `SELECT s.user_id AS "userId", u.timezone, s.daily_goal AS "dailyGoal", s.reminder_time AS "reminderTime",
              s.last_reminded_on::text AS "lastRemindedOn"
       FROM practice_settings s JOIN users u ON u.id = s.user_id
       WHERE s.reminder_time IS NOT NULL AND ($1::uuid IS NULL OR s.user_id > $1::uuid)
       ORDER BY s.user_id LIMIT $2`,
      [afterUserId, limit],
    );
  }

  /** Records today's reminder; false when another run already did (so a day gets one reminder). */
  async markReminded(userId: string, day: string): Promise<boolean> {
    const result = await this.dataSource.manager
      .createQueryBuilder()
      .update(PracticeSettingsEntity)
      .set({ lastRemindedOn: day })
      .where('user_id = :userId AND (last_reminded_on IS NULL OR last_reminded_on < :day)', { userId, day })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async exportCalls(callerId: string, manager: EntityManager): Promise<unknown[]> {
    const rows = await manager.query<{ note: string | null }[]>(
      `SELECT id, contact_id AS "contactId", callee_id AS "calleeId", outside_contact_id AS "outsideContactId", outcome, note,
              called_at AS "calledAt", local_date::text AS "localDate", created_at AS "createdAt"
       FROM practice_calls WHERE caller_id = $1 ORDER BY called_at, id`,
      [callerId],
    );
    return rows.map((row) => this.opened(row));
  }

  exportSettings(userId: string, manager: EntityManager): Promise<unknown[]> {
    return manager.query<unknown[]>(
      `SELECT daily_goal AS "dailyGoal", reminder_time AS "reminderTime",
              last_reminded_on::text AS "lastRemindedOn", updated_at AS "updatedAt"
       FROM practice_settings WHERE user_id = $1`,
      [userId],
    );
  }
}
