import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FIELD, FieldCipher } from '@homegroup/crypto';
import { SMS_STATUS_RANK, type SmsKind, type SmsStatus } from './entities/sms-message.entity';

/** Receipts older than this are pruned (a replay older than this would also fail Twilio's own freshness). */
export const TWILIO_RECEIPT_DAYS = 7;

export type NewSmsMessage = {
  kind: SmsKind;
  purpose: string;
  memberId: string | null;
  toE164: string;
  toHash: string;
  refKind: string | null;
  refId: string | null;
};

export type SmsStatusChange = {
  messageId: string;
  kind: SmsKind;
  refKind: string | null;
  refId: string | null;
  status: SmsStatus;
  errorCode: number | null;
};

/** See latestTextTo. */
export type LatestText = {
  messageId: string;
  purpose: string;
  refKind: string | null;
  refId: string | null;
  memberId: string | null;
  createdAt: Date;
};

/** A message charged to a member, as a feature's own rate limit counts it. */
export type ChargedMessage = { refId: string | null; createdAt: Date };

/** A CASE over the status ranks, for "only move forward" in SQL. */
const RANK_SQL = (column: string): string =>
  `CASE ${column} ${Object.entries(SMS_STATUS_RANK)
    .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
    .join(' ')} ELSE -1 END`;

/** sms_messages, sms_opt_outs and twilio_webhook_receipts: the numbers are sealed here and nowhere else. */
@Injectable()
export class SmsMessagesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  /** The keyed hash every SMS table and the inbound handlers use for a number (E.164). */
  phoneHash(e164: string): string {
    return this.cipher.hash(e164, FIELD.smsTo);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Serialises the sends of one member and of one number until the transaction ends (member first, then number:
   * one order everywhere, so two sends never wait on each other in a cycle).
   */
  async lockSenders(manager: EntityManager, memberId: string | null, toHash: string): Promise<void> {
    // One round trip: the target list is evaluated left to right, member first.
    if (memberId)
      await manager.query(
        `SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), pg_advisory_xact_lock(hashtextextended($2, 0))`,
        [`sms:member:${memberId}`, `sms:to:${toHash}`],
      );
    else await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sms:to:${toHash}`]);
  }

  /**
   * Under the senders' locks (a statement after lockSenders sees every send committed before the lock was granted):
   * the opt-out and the day's counts checked and the message recorded, in one statement. Returns the new id, or
   * null with what refused it (`optedOut`, or the counts against the limits).
   */
  async recordIfAllowed(
    manager: EntityManager,
    message: NewSmsMessage,
    check: { since: Date; honourOptOut: boolean; maxPerMember: number; maxPerRecipient: number },
  ): Promise<{ id: string | null; optedOut: boolean; member: number; recipient: number }> {
    const [row] = await manager.query<{ id: string | null; optedOut: boolean; member: number; recipient: number }[]>(
      `WITH s AS (
         SELECT $8::boolean AND EXISTS (SELECT 1 FROM sms_opt_outs WHERE phone_hash = $4) AS "optedOut",
                (SELECT count(*) FROM sms_messages WHERE created_at >= $9 AND member_id = $3)::int AS member,
                (SELECT count(*) FROM sms_messages WHERE created_at >= $9 AND to_hash = $4)::int AS recipient
       ), ins AS (
         INSERT INTO sms_messages (kind, purpose, member_id, to_hash, "to", ref_kind, ref_id)
         SELECT $1, $2, $3, $4, $5, $6, $7 FROM s
          WHERE NOT s."optedOut" AND ($3::uuid IS NULL OR s.member < $10) AND s.recipient < $11
         RETURNING id
       )
       SELECT (SELECT id FROM ins) AS id, s."optedOut", s.member, s.recipient FROM s`,
      [
        message.kind,
        message.purpose,
        message.memberId,
        message.toHash,
        this.cipher.encrypt(message.toE164, FIELD.smsTo),
        message.refKind,
        message.refId,
        check.honourOptOut,
        check.since,
        check.maxPerMember,
        check.maxPerRecipient,
      ],
    );
    return row;
  }

  async isOptedOut(toHash: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM sms_opt_outs WHERE phone_hash = $1`, [toHash]);
    return rows.length > 0;
  }

  /** The texts and calls charged to the member for `purpose` since `since` (their ref ids and times, oldest first). */
  async chargedSince(memberId: string, purpose: string, since: Date): Promise<ChargedMessage[]> {
    return this.dataSource.query<ChargedMessage[]>(
      `SELECT ref_id AS "refId", created_at AS "createdAt" FROM sms_messages
        WHERE member_id = $1 AND purpose = $2 AND created_at >= $3
        ORDER BY created_at, id`,
      [memberId, purpose, since],
    );
  }

  /**
   * The newest text sent to a number for one of `purposes` (the replies to STOP/START/HELP are not among them):
   * what a reply from that number answers ("YES" to a consent ask, "1" to an alert).
   */
  async latestTextTo(toHash: string, purposes: readonly string[]): Promise<LatestText | null> {
    const [row] = await this.dataSource.query<LatestText[]>(
      `SELECT id AS "messageId", purpose, ref_kind AS "refKind", ref_id AS "refId", member_id AS "memberId",
              created_at AS "createdAt"
         FROM sms_messages
        WHERE to_hash = $1 AND kind = 'sms' AND purpose = ANY($2::text[])
        ORDER BY created_at DESC, id DESC
        LIMIT 1`,
      [toHash, purposes],
    );
    return row ?? null;
  }

  async accepted(id: string, sid: string, status: SmsStatus): Promise<void> {
    await this.dataSource.query(
      `UPDATE sms_messages SET provider_sid = $2,
              status = CASE WHEN ${RANK_SQL('$3::varchar')} > ${RANK_SQL('status')} THEN $3 ELSE status END,
              status_at = now()
        WHERE id = $1`,
      [id, sid, status],
    );
  }

  async failed(id: string, errorCode: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE sms_messages SET status = 'failed', error_code = $2, status_at = now() WHERE id = $1`,
      [id, errorCode],
    );
  }

  /**
   * Moves the message with provider id `sid` to `status` if that is further along; answers the change, or null
   * when there is no such message or the status is not newer (a late or repeated callback).
   */
  async advance(sid: string, status: SmsStatus, errorCode: number | null): Promise<SmsStatusChange | null> {
    // TypeORM answers an UPDATE … RETURNING as [rows, affected].
    const [rows] = await this.dataSource.query<[SmsStatusChange[], number]>(
      `UPDATE sms_messages SET status = $2, error_code = COALESCE($3, error_code), status_at = now()
        WHERE provider_sid = $1 AND ${RANK_SQL('$2::varchar')} > ${RANK_SQL('status')}
        RETURNING id AS "messageId", kind, ref_kind AS "refKind", ref_id AS "refId", status, error_code AS "errorCode"`,
      [sid, status, errorCode],
    );
    return rows[0] ?? null;
  }

  /** The reference of call `id`, or null when there is no such call (or it carries no reference). */
  async callRef(id: string): Promise<{ refKind: string; refId: string } | null> {
    const rows = await this.dataSource.query<{ refKind: string; refId: string }[]>(
      `SELECT ref_kind AS "refKind", ref_id AS "refId" FROM sms_messages
        WHERE id = $1 AND kind = 'call' AND ref_kind IS NOT NULL AND ref_id IS NOT NULL`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Records STOP; answers whether the number was not opted out before. */
  async optOut(phoneHash: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO sms_opt_outs (phone_hash) VALUES ($1) ON CONFLICT (phone_hash) DO NOTHING RETURNING 1`,
      [phoneHash],
    );
    return rows.length > 0;
  }

  /** Records START; answers whether the number was opted out. */
  async optIn(phoneHash: string): Promise<boolean> {
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM sms_opt_outs WHERE phone_hash = $1 RETURNING 1`,
      [phoneHash],
    );
    return rows.length > 0;
  }

  /** Takes a webhook's receipt; false when it was already taken (a replay). Prunes old receipts on the way. */
  async takeReceipt(digest: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `WITH pruned AS (DELETE FROM twilio_webhook_receipts WHERE created_at < now() - make_interval(days => $2))
       INSERT INTO twilio_webhook_receipts (digest) VALUES ($1) ON CONFLICT (digest) DO NOTHING RETURNING 1`,
      [digest, TWILIO_RECEIPT_DAYS],
    );
    return rows.length > 0;
  }
}
