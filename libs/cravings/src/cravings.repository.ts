import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CravingOutcome, CrisisResource } from '@homegroup/contracts';
import { CravingRecipientEntity } from './entities/craving-recipient.entity';
import { CravingEntity, type CravingTrigger } from './entities/craving.entity';
import { CrisisResourceEntity } from './entities/crisis-resource.entity';

export type RecipientView = CravingRecipientEntity & { displayName: string };
export type CravingWithOwner = CravingEntity & { ownerDisplayName: string };

const RECIPIENT_COLUMNS = `r.id, r.craving_id AS "cravingId", r.user_id AS "userId", r.role, r.priority, r.step,
  r.breaks_through AS "breaksThrough", r.availability, r.timezone, r.notified_at AS "notifiedAt",
  r.skipped_at AS "skippedAt", r.pushed_at AS "pushedAt", r.delivered_at AS "deliveredAt",
  r.acknowledged_at AS "acknowledgedAt", r.message, u.display_name AS "displayName"`;

/** Runs `update … RETURNING id` as one statement and answers with the ids it changed (none: the state was wrong). */
async function changedIds(manager: EntityManager, update: string, params: unknown[]): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(`WITH changed AS (${update} RETURNING id) SELECT id FROM changed`, params);
  return rows.map((r) => r.id);
}

/** SQL for craving alerts. Every state change is a conditional UPDATE. */
@Injectable()
export class CravingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serialises alert creation per owner for the rest of the transaction (two taps cannot both page). */
  async lockOwner(manager: EntityManager, ownerId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('craving-owner:' || $1))`, [ownerId]);
  }

  async findOpenSince(manager: EntityManager, ownerId: string, since: Date): Promise<string | null> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM cravings WHERE owner_id = $1 AND state <> 'resolved' AND created_at >= $2
        ORDER BY created_at DESC LIMIT 1`,
      [ownerId, since],
    );
    return rows[0]?.id ?? null;
  }

  async ownerProfile(userId: string): Promise<{ displayName: string; timezone: string; cleanDate: string | null } | null> {
    const rows = await this.manager.query<{ displayName: string; timezone: string; cleanDate: string | null }[]>(
      `SELECT display_name AS "displayName", timezone, clean_date::text AS "cleanDate" FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async insertCraving(manager: EntityManager, values: Partial<CravingEntity>): Promise<string> {
    const saved = await manager.save(manager.create(CravingEntity, values));
    return saved.id;
  }

  async insertRecipients(manager: EntityManager, rows: Partial<CravingRecipientEntity>[]): Promise<void> {
    if (rows.length > 0) await manager.insert(CravingRecipientEntity, rows);
  }

  async find(id: string, manager: EntityManager = this.manager): Promise<CravingWithOwner | null> {
    const craving = await manager.findOne(CravingEntity, { where: { id } });
    if (!craving) return null;
    const [owner] = await manager.query<{ displayName: string }[]>(
      `SELECT display_name AS "displayName" FROM users WHERE id = $1`,
      [craving.ownerId],
    );
    return { ...craving, ownerDisplayName: owner?.displayName ?? '' };
  }

  recipients(cravingId: string, manager: EntityManager = this.manager): Promise<RecipientView[]> {
    return manager.query<RecipientView[]>(
      `SELECT ${RECIPIENT_COLUMNS} FROM craving_recipients r JOIN users u ON u.id = r.user_id
        WHERE r.craving_id = $1 ORDER BY r.priority`,
      [cravingId],
    );
  }

  /** Step 0's recipients are notified in the creating transaction; later steps when they fire. */
  async markNotified(manager: EntityManager, cravingId: string, userIds: string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    await manager.query(
      `UPDATE craving_recipients SET notified_at = $3, skipped_at = NULL
        WHERE craving_id = $1 AND user_id = ANY($2::uuid[]) AND notified_at IS NULL`,
      [cravingId, userIds, at],
    );
  }

  async markSkipped(manager: EntityManager, cravingId: string, userIds: string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    await manager.query(
      `UPDATE craving_recipients SET skipped_at = COALESCE(skipped_at, $3)
        WHERE craving_id = $1 AND user_id = ANY($2::uuid[]) AND notified_at IS NULL`,
      [cravingId, userIds, at],
    );
  }

  async markDelivered(cravingId: string, userId: string, at: Date): Promise<void> {
    await this.manager.query(
      `UPDATE craving_recipients SET delivered_at = $3 WHERE craving_id = $1 AND user_id = $2 AND delivered_at IS NULL`,
      [cravingId, userId, at],
    );
  }

  async markPushed(cravingId: string, userId: string, at: Date): Promise<void> {
    await this.manager.query(`UPDATE craving_recipients SET pushed_at = $3 WHERE craving_id = $1 AND user_id = $2`, [
      cravingId,
      userId,
      at,
    ]);
  }

  /** The recipient says "I'm responding": once per recipient, only once they were notified, only while open. */
  acknowledgeRecipient(manager: EntityManager, cravingId: string, userId: string, message: string | null, at: Date) {
    return changedIds(
      manager,
      `UPDATE craving_recipients SET acknowledged_at = $3, message = $4, delivered_at = COALESCE(delivered_at, $3)
        WHERE craving_id = $1 AND user_id = $2 AND notified_at IS NOT NULL AND acknowledged_at IS NULL
          AND EXISTS (SELECT 1 FROM cravings c WHERE c.id = craving_id AND c.state <> 'resolved')`,
      [cravingId, userId, at, message],
    );
  }

  moveToAcknowledged(manager: EntityManager, cravingId: string, at: Date) {
    return changedIds(
      manager,
      `UPDATE cravings SET state = 'acknowledged', acknowledged_at = $2 WHERE id = $1 AND state = 'triggered'`,
      [cravingId, at],
    );
  }

  /** Fires an escalation step at most once, and only while nobody has acknowledged. */
  advanceStep(manager: EntityManager, cravingId: string, step: number) {
    return changedIds(manager, `UPDATE cravings SET step = $2 WHERE id = $1 AND state = 'triggered' AND step < $2`, [
      cravingId,
      step,
    ]);
  }

  markEscalated(manager: EntityManager, cravingId: string, at: Date) {
    return changedIds(manager, `UPDATE cravings SET escalated_at = $2 WHERE id = $1 AND escalated_at IS NULL`, [
      cravingId,
      at,
    ]);
  }

  resolveByOwner(
    manager: EntityManager,
    cravingId: string,
    ownerId: string,
    values: { outcome: CravingOutcome; note: string | null; share: boolean },
    at: Date,
  ) {
    return changedIds(
      manager,
      `UPDATE cravings SET state = 'resolved', resolved_at = COALESCE(resolved_at, $3), outcome = $4, outcome_note = $5,
          share_outcome = $6
        WHERE id = $1 AND owner_id = $2 AND outcome IS NULL`,
      [cravingId, ownerId, at, values.outcome, values.note, values.share],
    );
  }

  autoResolve(manager: EntityManager, cravingId: string, at: Date) {
    return changedIds(
      manager,
      `UPDATE cravings SET state = 'resolved', resolved_at = $2, auto_resolved = true WHERE id = $1 AND state <> 'resolved'`,
      [cravingId, at],
    );
  }

  markCheckin(manager: EntityManager, cravingId: string, column: 'checkin_sent_at' | 'morning_checkin_sent_at', at: Date, onlyOpen: boolean) {
    return changedIds(
      manager,
      `UPDATE cravings SET ${column} = $2 WHERE id = $1 AND ${column} IS NULL${onlyOpen ? ` AND state <> 'resolved'` : ''}`,
      [cravingId, at],
    );
  }

  /** Open alerts the member was notified of, as a recipient (for replay on connect). */
  openAlertsFor(userId: string): Promise<{ cravingId: string; ownerId: string; ownerDisplayName: string; intensity: number; createdAt: Date; step: number }[]> {
    return this.manager.query(
      `SELECT c.id AS "cravingId", c.owner_id AS "ownerId", u.display_name AS "ownerDisplayName", c.intensity,
              c.created_at AS "createdAt", r.step
         FROM craving_recipients r
         JOIN cravings c ON c.id = r.craving_id
         JOIN users u ON u.id = c.owner_id
        WHERE r.user_id = $1 AND r.notified_at IS NOT NULL AND c.state <> 'resolved'
        ORDER BY c.created_at`,
      [userId],
    );
  }

  async openAlertIdsOwnedBy(ownerId: string): Promise<string[]> {
    const rows = await this.manager.query<{ id: string }[]>(
      `SELECT id FROM cravings WHERE owner_id = $1 AND state <> 'resolved' ORDER BY created_at`,
      [ownerId],
    );
    return rows.map((r) => r.id);
  }

  /** The owner's history, newest first, keyset-paginated on (created_at, id). */
  page(ownerId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<CravingEntity[]> {
    const query = this.manager
      .createQueryBuilder(CravingEntity, 'c')
      .where('c.ownerId = :ownerId', { ownerId })
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(limit);
    if (after) query.andWhere('(c.createdAt, c.id) < (:at, :id)', { at: after.createdAt, id: after.id });
    return query.getMany();
  }

  allForPatterns(ownerId: string): Promise<{ trigger: CravingTrigger | null; createdAt: Date }[]> {
    return this.manager.query(`SELECT trigger, created_at AS "createdAt" FROM cravings WHERE owner_id = $1`, [ownerId]);
  }

  async recipientCounts(cravingIds: string[]): Promise<Map<string, { recipients: number; responders: number }>> {
    if (cravingIds.length === 0) return new Map();
    const rows = await this.manager.query<{ id: string; recipients: number; responders: number }[]>(
      `SELECT craving_id AS id, count(*) FILTER (WHERE notified_at IS NOT NULL)::int AS recipients,
              count(acknowledged_at)::int AS responders
         FROM craving_recipients WHERE craving_id = ANY($1::uuid[]) GROUP BY craving_id`,
      [cravingIds],
    );
    return new Map(rows.map((r) => [r.id, { recipients: r.recipients, responders: r.responders }]));
  }

  async crisisResources(country: string): Promise<CrisisResource[]> {
    const rows = await this.manager.find(CrisisResourceEntity, { where: { country }, order: { sort: 'ASC' } });
    return rows.map(({ country: c, kind, name, phone, sms, url, description }) => ({
      country: c,
      kind,
      name,
      phone,
      sms,
      url,
      description,
    }));
  }

  exportOwned(userId: string, manager: EntityManager): Promise<unknown[]> {
    return manager.query(
      `SELECT c.id, c.state, c.intensity, c.trigger, c.note, c.created_at AS "createdAt", c.acknowledged_at AS "acknowledgedAt",
              c.resolved_at AS "resolvedAt", c.outcome, c.outcome_note AS "outcomeNote", c.share_outcome AS "shareOutcome",
              c.auto_resolved AS "autoResolved",
              COALESCE((SELECT json_agg(json_build_object('displayName', u.display_name, 'role', r.role, 'step', r.step,
                          'notifiedAt', r.notified_at, 'acknowledgedAt', r.acknowledged_at, 'message', r.message) ORDER BY r.priority)
                          FROM craving_recipients r JOIN users u ON u.id = r.user_id WHERE r.craving_id = c.id), '[]') AS recipients
         FROM cravings c WHERE c.owner_id = $1 ORDER BY c.created_at`,
      [userId],
    );
  }

  /** Where the member was a recipient: their own part only (never the owner's note). */
  exportResponses(userId: string, manager: EntityManager): Promise<unknown[]> {
    return manager.query(
      `SELECT r.craving_id AS "cravingId", u.display_name AS "from", r.role, r.step, r.notified_at AS "notifiedAt",
              r.delivered_at AS "deliveredAt", r.acknowledged_at AS "acknowledgedAt", r.message
         FROM craving_recipients r JOIN cravings c ON c.id = r.craving_id JOIN users u ON u.id = c.owner_id
        WHERE r.user_id = $1 ORDER BY c.created_at`,
      [userId],
    );
  }
}
