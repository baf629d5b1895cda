import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FIELD, FieldCipher } from '@homegroup/crypto';
import { queryPrepared } from '@homegroup/database';
import type { CravingState } from './entities/craving.entity';

/** A text recipient as the owner's view needs it. */
export type TextRecipientView = {
  id: string;
  name: string;
  step: number;
  priority: number;
  notifiedAt: Date | null;
  skippedAt: Date | null;
  deliveryStatus: string | null;
  failedAt: Date | null;
  acknowledgedAt: Date | null;
};

/** A text recipient just claimed for sending, with what the text needs (the number decrypted; null: gone). */
export type ClaimedText = {
  id: string;
  cravingId: string;
  step: number;
  ownerId: string;
  ownerName: string;
  phone: string | null;
  consent: string | null;
};

/** The alert a reply answers, as the reply handler needs it. */
export type TextReplySubject = {
  id: string;
  cravingId: string;
  name: string;
  state: CravingState;
  ownerId: string;
  ownerName: string;
  notifiedAt: Date | null;
};

const VIEW_COLUMNS = `t.id, t.name, t.step, t.priority, t.notified_at AS "notifiedAt", t.skipped_at AS "skippedAt",
  t.delivery_status AS "deliveryStatus", t.failed_at AS "failedAt", t.acknowledged_at AS "acknowledgedAt"`;

/**
 * SQL for craving_text_recipients (ADR 0049). Every state change is a conditional UPDATE, so a step fired twice, a
 * status posted twice or a reply sent twice changes things once. The outside contacts' numbers are decrypted here
 * and handed straight to SmsService; nothing else ever sees them.
 */
@Injectable()
export class CravingTextsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  async forCraving(cravingId: string): Promise<TextRecipientView[]> {
    return queryPrepared<TextRecipientView>(
      this.dataSource.manager,
      `SELECT ${VIEW_COLUMNS} FROM craving_text_recipients t WHERE t.craving_id = $1 ORDER BY t.priority`,
      [cravingId],
    );
  }

  /**
   * Claims every text recipient of the alert asked at `step` or earlier and not claimed yet, only while nobody has
   * acknowledged the alert: the one conditional update that makes each text go at most once, whoever fires the
   * step (the job, a retry, the sweeper, a failed text moving the ladder on).
   */
  async claimDue(cravingId: string, step: number, at: Date): Promise<ClaimedText[]> {
    const rows = await queryPrepared<ClaimedText>(
      this.dataSource.manager,
      `WITH claimed AS (
         UPDATE craving_text_recipients t SET notified_at = $3
          WHERE t.craving_id = $1 AND t.step <= $2 AND t.notified_at IS NULL AND t.skipped_at IS NULL
            AND EXISTS (SELECT 1 FROM cravings c WHERE c.id = $1 AND c.state = 'triggered')
         RETURNING t.id, t.craving_id, t.step, t.outside_contact_id
       )
       SELECT cl.id, cl.craving_id AS "cravingId", cl.step, c.owner_id AS "ownerId", u.display_name AS "ownerName",
              o.phone, o.alert_consent AS consent
         FROM claimed cl
         JOIN cravings c ON c.id = cl.craving_id
         JOIN users u ON u.id = c.owner_id
         LEFT JOIN outside_contacts o ON o.id = cl.outside_contact_id
        ORDER BY cl.step`,
      [cravingId, step, at],
    );
    return rows.map((row) => ({ ...row, phone: this.cipher.decryptNullable(row.phone, FIELD.outsideContactPhone) }));
  }

  /** Claimed, but their consent is no longer given (or the contact is gone): not texted. */
  async markSkipped(id: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE craving_text_recipients SET skipped_at = $2, notified_at = NULL WHERE id = $1`,
      [id, at],
    );
  }

  /** The provider took the text (a status callback may have come first: its status is kept). */
  async markSent(id: string, messageId: string, status: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE craving_text_recipients
          SET sms_message_id = $2, delivery_status = COALESCE(delivery_status, $3), status_at = COALESCE(status_at, $4)
        WHERE id = $1`,
      [id, messageId, status, at],
    );
  }

  /** Refused or not taken by the provider. Answers the alert and step, when this failure is new. */
  async markFailed(id: string, messageId: string | null, at: Date): Promise<{ cravingId: string; step: number } | null> {
    // queryPrepared answers the rows (TypeORM's query answers [rows, count] for an UPDATE).
    const [row] = await queryPrepared<{ cravingId: string; step: number }>(
      this.dataSource.manager,
      `UPDATE craving_text_recipients SET failed_at = $3, sms_message_id = COALESCE(sms_message_id, $2),
              delivery_status = 'failed', status_at = $3
        WHERE id = $1 AND failed_at IS NULL
       RETURNING craving_id AS "cravingId", step`,
      [id, messageId, at],
    );
    return row ?? null;
  }

  /**
   * A status from the provider (libs/sms only passes statuses that move forward). Answers the alert and step,
   * and whether this status is a new failure (failed/undelivered).
   */
  async applyStatus(
    id: string,
    status: string,
    at: Date,
  ): Promise<{ cravingId: string; step: number; newlyFailed: boolean } | null> {
    const [row] = await queryPrepared<{ cravingId: string; step: number; newlyFailed: boolean }>(
      this.dataSource.manager,
      `WITH old AS (SELECT id, failed_at FROM craving_text_recipients WHERE id = $1 FOR UPDATE)
       UPDATE craving_text_recipients t SET delivery_status = $2::varchar, status_at = $3,
              failed_at = CASE WHEN $2::varchar IN ('failed', 'undelivered') THEN COALESCE(t.failed_at, $3) ELSE t.failed_at END
         FROM old WHERE t.id = old.id
       RETURNING t.craving_id AS "cravingId", t.step, (old.failed_at IS NULL AND t.failed_at IS NOT NULL) AS "newlyFailed"`,
      [id, status, at],
    );
    return row ?? null;
  }

  async replySubject(id: string): Promise<TextReplySubject | null> {
    const [row] = await queryPrepared<TextReplySubject>(
      this.dataSource.manager,
      `SELECT t.id, t.craving_id AS "cravingId", t.name, c.state, c.owner_id AS "ownerId", u.display_name AS "ownerName",
              t.notified_at AS "notifiedAt"
         FROM craving_text_recipients t JOIN cravings c ON c.id = t.craving_id JOIN users u ON u.id = c.owner_id
        WHERE t.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * A reply "1": like a member's acknowledgement (CravingsRepository.acknowledge), in one statement that first locks
   * the alert's row, so it serializes with resolve. Answers whether it was new and whether the alert was resolved
   * (then nothing was recorded).
   */
  async acknowledge(id: string, cravingId: string, at: Date): Promise<{ acknowledged: boolean; resolved: boolean }> {
    const [row] = await this.dataSource.query<{ acknowledged: boolean; resolved: boolean }[]>(
      `WITH c AS (
         SELECT id, state FROM cravings WHERE id = $2 FOR UPDATE
       ), ack AS (
         UPDATE craving_text_recipients SET acknowledged_at = $3
          WHERE id = $1 AND craving_id = $2 AND notified_at IS NOT NULL AND acknowledged_at IS NULL
            AND EXISTS (SELECT 1 FROM c WHERE c.state <> 'resolved')
         RETURNING craving_id
       ), moved AS (
         UPDATE cravings SET state = 'acknowledged', acknowledged_at = $3
          WHERE id IN (SELECT craving_id FROM ack) AND state = 'triggered'
         RETURNING id
       )
       SELECT EXISTS (SELECT 1 FROM ack) AS acknowledged,
              EXISTS (SELECT 1 FROM c WHERE c.state = 'resolved') AS resolved`,
      [id, cravingId, at],
    );
    return { acknowledged: row?.acknowledged === true, resolved: row?.resolved === true };
  }

  /**
   * Claims the closing text of every recipient who was texted (taken by the provider, not failed) and whose consent
   * is still `given` now; each once.
   */
  async claimClosing(cravingId: string, at: Date): Promise<ClaimedText[]> {
    const rows = await queryPrepared<ClaimedText>(
      this.dataSource.manager,
      `WITH claimed AS (
         UPDATE craving_text_recipients t SET closed_at = $2
           FROM outside_contacts o
          WHERE t.craving_id = $1 AND o.id = t.outside_contact_id AND o.alert_consent = 'given'
            AND t.sms_message_id IS NOT NULL AND t.failed_at IS NULL AND t.closed_at IS NULL
         RETURNING t.id, t.craving_id, t.step, o.phone, o.alert_consent
       )
       SELECT cl.id, cl.craving_id AS "cravingId", cl.step, c.owner_id AS "ownerId", u.display_name AS "ownerName",
              cl.phone, cl.alert_consent AS consent
         FROM claimed cl JOIN cravings c ON c.id = cl.craving_id JOIN users u ON u.id = c.owner_id`,
      [cravingId, at],
    );
    return rows.map((row) => ({ ...row, phone: this.cipher.decryptNullable(row.phone, FIELD.outsideContactPhone) }));
  }
}
