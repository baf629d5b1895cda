import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FIELD, FieldCipher } from '@homegroup/crypto';

/** A sponsor claimed for a "nobody has answered" call: their recipient row and their number (decrypted). */
export type ClaimedCall = { recipientId: string; userId: string; phone: string | null };

/** What the voice webhook needs to say about the alert a call is for. */
export type CallSubject = {
  cravingId: string;
  userId: string;
  state: 'triggered' | 'acknowledged' | 'resolved';
  createdAt: Date;
  ownerDisplayName: string;
};

/** The reads and the claim of the "nobody has answered" calls (ADR 0050). */
@Injectable()
export class CravingVoiceCallsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * Claims, once, the sponsors of an alert nobody has acknowledged who are to be phoned: primary and temporary
   * sponsors who were sent the alert, have not acknowledged it, opted in to calls, and are not blocked by or
   * blocking the owner. One conditional UPDATE (`called_at IS NULL`): a retry, a late job or the sweeper claims
   * nobody twice, and nobody once the alert is acknowledged or resolved.
   */
  async claimSponsorsToCall(cravingId: string, at: Date): Promise<ClaimedCall[]> {
    const rows = await this.dataSource.query<{ recipientId: string; userId: string; phone: string | null }[]>(
      `WITH claimed AS (
       UPDATE craving_recipients r SET called_at = $2
         FROM cravings c, notification_preferences p, users u
        WHERE r.craving_id = $1 AND c.id = r.craving_id AND c.state = 'triggered'
          AND r.role IN ('primary_sponsor', 'temporary_sponsor')
          AND r.notified_at IS NOT NULL AND r.acknowledged_at IS NULL AND r.called_at IS NULL
          AND p.user_id = r.user_id AND p.call_me_when_nobody_answers
          AND u.id = r.user_id AND u.phone IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM member_blocks b
                           WHERE (b.blocker_id = c.owner_id AND b.blocked_id = r.user_id)
                              OR (b.blocker_id = r.user_id AND b.blocked_id = c.owner_id))
        RETURNING r.id AS "recipientId", r.user_id AS "userId", u.phone AS phone
       )
       SELECT "recipientId", "userId", phone FROM claimed`,
      [cravingId, at],
    );
    return rows.map((row) => ({ ...row, phone: this.cipher.decryptNullable(row.phone, FIELD.userPhone) }));
  }

  /** The alert a call's recipient row belongs to (null: gone, e.g. erased). */
  async subject(recipientId: string): Promise<CallSubject | null> {
    const rows = await this.dataSource.query<CallSubject[]>(
      `SELECT c.id AS "cravingId", r.user_id AS "userId", c.state, c.created_at AS "createdAt",
              o.display_name AS "ownerDisplayName"
         FROM craving_recipients r
         JOIN cravings c ON c.id = r.craving_id
         JOIN users o ON o.id = c.owner_id
        WHERE r.id = $1`,
      [recipientId],
    );
    return rows[0] ?? null;
  }

  /**
   * Erasure (ADR 0038): the sponsor's "nobody has answered" calls (their number, encrypted, on sms_messages, charged
   * to the owner) go with the sponsor's account: those made to their recipient rows, and any to their current
   * number (`toHash`: SmsService.phoneHash of it, or null without a phone).
   */
  async eraseCallsTo(manager: EntityManager, userId: string, kind: string, toHash: string | null): Promise<void> {
    await manager.query(
      `DELETE FROM sms_messages
        WHERE ref_kind = $2
          AND (ref_id IN (SELECT id::text FROM craving_recipients WHERE user_id = $1) OR to_hash = $3)`,
      [userId, kind, toHash],
    );
  }

  /** A member's phone (decrypted), read inside `manager`'s transaction. */
  async phoneOf(manager: EntityManager, userId: string): Promise<string | null> {
    const rows = await manager.query<{ phone: string | null }[]>(`SELECT phone FROM users WHERE id = $1`, [userId]);
    return this.cipher.decryptNullable(rows[0]?.phone, FIELD.userPhone);
  }
}
