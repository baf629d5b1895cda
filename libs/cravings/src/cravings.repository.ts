import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FIELD, FieldCipher } from '@homegroup/crypto';
import { queryPrepared } from '@homegroup/database';
import { AlertCircleService, type CircleColumns } from './alert-circle.service';
import type { CravingOutcome, CrisisResource } from '@homegroup/contracts';
import { CravingRecipientEntity } from './entities/craving-recipient.entity';
import { CravingEntity, type CravingTrigger } from './entities/craving.entity';
import { CrisisResourceEntity } from './entities/crisis-resource.entity';
import type { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import type { TextContact } from './ladder';

export type RecipientView = CravingRecipientEntity & { displayName: string };
export type CravingWithOwner = CravingEntity & { ownerDisplayName: string; ownerCountry: string | null };

/** What raising an alert needs to know about its owner, read in one statement before the write. */
export type CreateContext = CircleColumns & {
  displayName: string;
  timezone: string;
  country: string | null;
  /** The alert a new tap joins (still open and raised within the reuse window), if any. */
  openCravingId: string | null;
  /** The owner's escalation_policies row (null: the defaults). */
  policy: Pick<
    EscalationPolicyEntity,
    | 'firstResponderIds'
    | 'nextContactsAfterSeconds'
    | 'everyoneAfterSeconds'
    | 'nobodyAnsweredAfterSeconds'
    | 'overdoseRiskCard'
  > | null;
  /** The owner's active sponsors who opted out of breaking through their quiet hours. */
  sponsorsWithoutBreakthrough: string[];
  /** The owner's outside contacts with alert consent `given`, most recently practice-called first (ADR 0049). */
  textContacts: TextContact[];
};

/** One text recipient of a new alert (ADR 0049). */
export type NewTextRecipient = { id: string; outsideContactId: string; name: string; priority: number; step: number };

/** One recipient row of a new alert (ids are made by the caller, so the whole alert is one statement). */
export type NewRecipient = Pick<
  CravingRecipientEntity,
  | 'id'
  | 'userId'
  | 'role'
  | 'priority'
  | 'step'
  | 'breaksThrough'
  | 'availability'
  | 'timezone'
  | 'notifiedAt'
  | 'skippedAt'
>;

export type NewCraving = Pick<
  CravingEntity,
  'id' | 'ownerId' | 'intensity' | 'trigger' | 'note' | 'policy' | 'createdAt' | 'escalatedAt'
> & { reuseUntil: Date };

/** A recipient an escalation step has to decide about: not notified yet and asked at this step or earlier. */
export type DueRecipient = Pick<
  CravingRecipientEntity,
  'userId' | 'breaksThrough' | 'availability' | 'timezone'
>;

export type EscalationSubject = Pick<
  CravingWithOwner,
  | 'id'
  | 'ownerId'
  | 'ownerDisplayName'
  | 'ownerCountry'
  | 'intensity'
  | 'createdAt'
  | 'state'
  | 'step'
  | 'policy'
> & {
  due: DueRecipient[];
  /** Notified before the given time and never confirmed (no ack recorded): their alert is sent again. */
  unconfirmed: { userId: string; step: number }[];
  /** Some text recipient (ADR 0049) of this step or earlier is not claimed yet: texts to send. */
  textsDue: boolean;
};

const CRAVING_COLUMNS = `c.id, c.owner_id AS "ownerId", c.state, c.intensity, c.trigger, c.note, c.policy, c.step,
  c.created_at AS "createdAt", c.acknowledged_at AS "acknowledgedAt", c.escalated_at AS "escalatedAt",
  c.resolved_at AS "resolvedAt", c.outcome, c.outcome_note AS "outcomeNote", c.share_outcome AS "shareOutcome",
  c.auto_resolved AS "autoResolved", c.checkin_sent_at AS "checkinSentAt", c.morning_checkin_sent_at AS "morningCheckinSentAt",
  u.display_name AS "ownerDisplayName", u.country AS "ownerCountry"`;

const RECIPIENT_COLUMNS = `r.id, r.craving_id AS "cravingId", r.user_id AS "userId", r.role, r.priority, r.step,
  r.breaks_through AS "breaksThrough", r.availability, r.timezone, r.notified_at AS "notifiedAt",
  r.skipped_at AS "skippedAt", r.pushed_at AS "pushedAt", r.delivered_at AS "deliveredAt",
  r.acknowledged_at AS "acknowledgedAt", r.message, u.display_name AS "displayName"`;

/**
 * Runs `update … RETURNING id` as one statement and answers with the ids it changed (none: the state was wrong).
 * `closeWindowAt` (a parameter like `$3`): a resolved alert also ends its owner's reuse window then, in the
 * same statement, so the next tap raises a new alert.
 */
async function changedIds(
  manager: EntityManager,
  update: string,
  params: unknown[],
  closeWindowAt?: string,
): Promise<string[]> {
  const close = closeWindowAt
    ? `, closed AS (UPDATE craving_reuse_windows SET reuse_until = LEAST(reuse_until, ${closeWindowAt}::timestamptz)
                     WHERE craving_id IN (SELECT id FROM changed))`
    : '';
  const rows = await manager.query<{ id: string }[]>(
    `WITH changed AS (${update} RETURNING id)${close} SELECT id FROM changed`,
    params,
  );
  return rows.map((r) => r.id);
}

const createAlertTexts = new Map<string, string>();

/** The create's statement around pg-boss's job insert (`jobsSql`), built once per shape (see createAlert). */
function createAlertSql(jobsSql: string): string {
  let text = createAlertTexts.get(jobsSql);
  if (!text) {
    text = `WITH claim AS (
         INSERT INTO craving_reuse_windows AS w (owner_id, craving_id, reuse_until) VALUES ($1, $2, $3)
         ON CONFLICT (owner_id) DO UPDATE SET craving_id = EXCLUDED.craving_id, reuse_until = EXCLUDED.reuse_until
           WHERE w.reuse_until <= $4
         RETURNING craving_id
       ), c AS (
         INSERT INTO cravings (id, owner_id, state, intensity, trigger, note, policy, step, created_at, escalated_at)
         SELECT claim.craving_id, $1, 'triggered', $5, $6, $7, $8::jsonb, 0, $4, $9 FROM claim
         RETURNING id
       ), r AS (
         INSERT INTO craving_recipients (id, craving_id, user_id, role, priority, step, breaks_through, availability,
                                         timezone, notified_at, skipped_at)
         SELECT x.id, c.id, x.user_id, x.role, x.priority, x.step, x.breaks_through, x.availability, x.timezone,
                x.notified_at, x.skipped_at
           FROM c, json_to_recordset($10::json) AS x(id uuid, user_id uuid, role text, priority smallint, step smallint,
                breaks_through boolean, availability jsonb, timezone text, notified_at timestamptz, skipped_at timestamptz)
       ), tr AS (
         INSERT INTO craving_text_recipients (id, craving_id, outside_contact_id, name, priority, step)
         SELECT x.id, c.id, x.outside_contact_id, x.name, x.priority, x.step
           FROM c, json_to_recordset($11::json) AS x(id uuid, outside_contact_id uuid, name text, priority smallint, step smallint)
          WHERE EXISTS (SELECT 1 FROM outside_contacts o WHERE o.id = x.outside_contact_id)
       ), j AS (
         ${jobsSql}
       )
       SELECT EXISTS (SELECT 1 FROM c) AS created,
              (SELECT craving_id FROM craving_reuse_windows WHERE owner_id = $1 AND reuse_until > $4) AS "openCravingId"`;
    createAlertTexts.set(jobsSql, text);
  }
  return text;
}

const fireStepTexts = new Map<string, string>();

/** An escalation step's statement, with the next step's timer (`jobsSql`) or without, built once per shape. */
function fireStepSql(jobsSql: string | undefined): string {
  const key = jobsSql ?? '';
  let text = fireStepTexts.get(key);
  if (!text) {
    text = `WITH moved AS (
         UPDATE cravings SET step = $2, escalated_at = CASE WHEN $6 THEN COALESCE(escalated_at, $5) ELSE escalated_at END
          WHERE id = $1 AND state = 'triggered' AND step < $2
         RETURNING id
       ), notified AS (
         UPDATE craving_recipients r SET notified_at = $5, skipped_at = NULL
           FROM moved WHERE r.craving_id = moved.id AND r.user_id = ANY($3::uuid[]) AND r.notified_at IS NULL
       ), skipped AS (
         UPDATE craving_recipients r SET skipped_at = COALESCE(r.skipped_at, $5)
           FROM moved WHERE r.craving_id = moved.id AND r.user_id = ANY($4::uuid[]) AND r.notified_at IS NULL
       )${jobsSql ? `, next_timer AS (\n         ${jobsSql}\n       )` : ''}
       SELECT EXISTS (SELECT 1 FROM moved) AS fired`;
    fireStepTexts.set(key, text);
  }
  return text;
}

/**
 * SQL for craving alerts. Every state change is a conditional UPDATE. The owner's notes and the responders'
 * messages are encrypted here before a statement and decrypted in what it answers (ADR 0037): callers only
 * ever see plain text, the tables only ciphertext.
 */
@Injectable()
export class CravingsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  private openCraving<T extends { note: string | null; outcomeNote?: string | null }>(row: T): T {
    row.note = this.cipher.decryptNullable(row.note, FIELD.cravingNote);
    if (row.outcomeNote !== undefined) row.outcomeNote = this.cipher.decryptNullable(row.outcomeNote, FIELD.cravingOutcomeNote);
    return row;
  }

  private openMessage<T extends { message: string | null }>(row: T): T {
    row.message = this.cipher.decryptNullable(row.message, FIELD.recipientMessage);
    return row;
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async ownerProfile(
    userId: string,
  ): Promise<{ displayName: string; timezone: string; cleanDate: string | null } | null> {
    const rows = await this.manager.query<
      { displayName: string; timezone: string; cleanDate: string | null }[]
    >(
      `SELECT display_name AS "displayName", timezone, clean_date::text AS "cleanDate" FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  /**
   * Everything raising an alert needs, in one statement: the owner's name, zone and country (no row: the
   * account is gone), their alert circle (AlertCircleService.columnsSql), an alert a new tap would join,
   * their policy, and which of their sponsors opted out of breaking through quiet hours.
   */
  async createContext(ownerId: string, now: Date): Promise<CreateContext | null> {
    const rows = await queryPrepared<CreateContext>(
      this.manager,
      `SELECT u.display_name AS "displayName", u.timezone, u.country, ${AlertCircleService.columnsSql('$1')},
              w.craving_id AS "openCravingId",
              CASE WHEN p.user_id IS NULL THEN NULL ELSE json_build_object(
                'firstResponderIds', p.first_responder_ids,
                'nextContactsAfterSeconds', p.next_contacts_after_seconds,
                'everyoneAfterSeconds', p.everyone_after_seconds,
                'nobodyAnsweredAfterSeconds', p.nobody_answered_after_seconds,
                'overdoseRiskCard', p.overdose_risk_card) END AS policy,
              ARRAY(SELECT o.user_id::text FROM escalation_policies o
                     WHERE NOT o.sponsor_breakthrough
                       AND o.user_id IN (SELECT s.sponsor_id FROM sponsorships s WHERE s.sponsee_id = u.id AND s.status = 'active'))
                AS "sponsorsWithoutBreakthrough",
              (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'name', o.name, 'lastPracticeCallAt', calls.last_at)
                        ORDER BY calls.last_at DESC NULLS LAST, lower(o.name), o.id), '[]')
                 FROM outside_contacts o
                 LEFT JOIN LATERAL (SELECT max(p.called_at) AS last_at FROM practice_calls p
                                     WHERE p.caller_id = u.id AND p.outside_contact_id = o.id) calls ON true
                WHERE o.owner_id = u.id AND o.alert_consent = 'given') AS "textContacts"
         FROM users u
         LEFT JOIN craving_reuse_windows w ON w.owner_id = u.id AND w.reuse_until > $2
         LEFT JOIN escalation_policies p ON p.user_id = u.id
        WHERE u.id = $1`,
      [ownerId, now.toISOString()],
    );
    return rows[0] ?? null;
  }

  /**
   * Raises an alert in ONE statement (one round trip, atomic without BEGIN/COMMIT): claims the owner's reuse
   * window (only when the last one has passed: re-checked on the locked row, so two taps at once page once),
   * then writes the alert, its recipients and pg-boss's timers, each only if the claim succeeded. Answers
   * whether it was created, and otherwise the alert the tap joins (null when a concurrent tap has not
   * committed yet at this statement's snapshot: ask `openCravingOf` again).
   */
  async createAlert(
    craving: NewCraving,
    recipients: NewRecipient[],
    textRecipients: NewTextRecipient[],
    timers: (
      firstParam: number,
      guard: (jsonParam: string) => string,
    ) => Promise<{ sql: string; params: unknown[] }>,
  ): Promise<{ created: boolean; openCravingId: string | null }> {
    const params: unknown[] = [
      craving.ownerId,
      craving.id,
      // ISO strings, not Dates: pg's own Date formatting allocated more than the rest of the parameters.
      craving.reuseUntil.toISOString(),
      craving.createdAt.toISOString(),
      craving.intensity,
      craving.trigger,
      // Encrypted in JS before the one statement (a few microseconds; ADR 0037).
      this.cipher.encryptNullable(craving.note, FIELD.cravingNote),
      JSON.stringify(craving.policy),
      craving.escalatedAt?.toISOString() ?? null,
      JSON.stringify(
        recipients.map((r) => ({
          id: r.id,
          user_id: r.userId,
          role: r.role,
          priority: r.priority,
          step: r.step,
          breaks_through: r.breaksThrough,
          availability: r.availability,
          timezone: r.timezone,
          notified_at: r.notifiedAt,
          skipped_at: r.skippedAt,
        })),
      ),
      JSON.stringify(
        textRecipients.map((r) => ({
          id: r.id,
          outside_contact_id: r.outsideContactId,
          name: r.name,
          priority: r.priority,
          step: r.step,
        })),
      ),
    ];
    const jobs = await timers(
      params.length + 1,
      (param) => `(CASE WHEN EXISTS (SELECT 1 FROM c) THEN ${param}::json ELSE '[]'::json END)`,
    );
    params.push(...jobs.params);
    const rows = await queryPrepared<{ created: boolean; openCravingId: string | null }>(
      this.manager,
      createAlertSql(jobs.sql),
      params,
    );
    const row = rows[0];
    return { created: row?.created === true, openCravingId: row?.openCravingId ?? null };
  }

  /** The alert a tap at `now` would join, if any. */
  async openCravingOf(ownerId: string, now: Date): Promise<string | null> {
    const rows = await queryPrepared<{ id: string }>(
      this.manager,
      `SELECT craving_id AS id FROM craving_reuse_windows WHERE owner_id = $1 AND reuse_until > $2`,
      [ownerId, now],
    );
    return rows[0]?.id ?? null;
  }

  async find(id: string, manager: EntityManager = this.manager): Promise<CravingWithOwner | null> {
    const rows = await queryPrepared<CravingWithOwner>(
      manager,
      `SELECT ${CRAVING_COLUMNS} FROM cravings c JOIN users u ON u.id = c.owner_id WHERE c.id = $1`,
      [id],
    );
    return rows[0] ? this.openCraving(rows[0]) : null;
  }

  async recipients(cravingId: string, manager: EntityManager = this.manager): Promise<RecipientView[]> {
    const rows = await queryPrepared<RecipientView>(
      manager,
      `SELECT ${RECIPIENT_COLUMNS} FROM craving_recipients r JOIN users u ON u.id = r.user_id
        WHERE r.craving_id = $1 ORDER BY r.priority`,
      [cravingId],
    );
    return rows.map((row) => this.openMessage(row));
  }

  /** Client acks of `craving.alert`, many at once (one statement for every ack of the last few milliseconds). */
  async markDelivered(receipts: { cravingId: string; userId: string; at: Date }[]): Promise<void> {
    if (receipts.length === 0) return;
    // One JSON parameter (JSON.stringify is native), not three arrays that pg would format element by element.
    await queryPrepared(
      this.manager,
      `UPDATE craving_recipients r SET delivered_at = v.at
         FROM json_to_recordset($1::json) AS v("cravingId" uuid, "userId" uuid, at timestamptz)
        WHERE r.craving_id = v."cravingId" AND r.user_id = v."userId" AND r.delivered_at IS NULL`,
      [JSON.stringify(receipts)],
    );
  }

  async markPushed(cravingId: string, userId: string, at: Date): Promise<void> {
    await queryPrepared(
      this.manager,
      `UPDATE craving_recipients SET pushed_at = $3 WHERE craving_id = $1 AND user_id = $2`,
      [cravingId, userId, at],
    );
  }

  /**
   * The recipient says "I'm responding": once per recipient, only once they were notified, only while the
   * alert is open; the alert moves to acknowledged (if nobody had). One statement that first locks the alert's
   * row (FOR UPDATE), so it serializes with resolve and auto-resolve: an acknowledgement is never recorded on an
   * alert resolved a moment before (see resolveByOwner). Answers whether this recipient's acknowledgement was
   * new, and whether the alert was resolved (then nothing was recorded).
   */
  async acknowledge(
    cravingId: string,
    userId: string,
    message: string | null,
    at: Date,
  ): Promise<{ acknowledged: boolean; resolved: boolean }> {
    const rows = await queryPrepared<{ acknowledged: boolean; resolved: boolean }>(
      this.manager,
      `WITH c AS (
         SELECT id, state FROM cravings WHERE id = $1 FOR UPDATE
       ), ack AS (
         UPDATE craving_recipients SET acknowledged_at = $3, message = $4, delivered_at = COALESCE(delivered_at, $3)
          WHERE craving_id = $1 AND user_id = $2 AND notified_at IS NOT NULL AND acknowledged_at IS NULL
            AND EXISTS (SELECT 1 FROM c WHERE c.state <> 'resolved')
         RETURNING craving_id
       ), moved AS (
         UPDATE cravings SET state = 'acknowledged', acknowledged_at = $3
          WHERE id IN (SELECT craving_id FROM ack) AND state = 'triggered'
         RETURNING id
       )
       SELECT EXISTS (SELECT 1 FROM ack) AS acknowledged,
              EXISTS (SELECT 1 FROM c WHERE c.state = 'resolved') AS resolved`,
      [cravingId, userId, at, this.cipher.encryptNullable(message, FIELD.recipientMessage)],
    );
    return { acknowledged: rows[0]?.acknowledged === true, resolved: rows[0]?.resolved === true };
  }

  /**
   * Locks the alert's row for the rest of `manager`'s transaction: resolving waits for an acknowledgement in
   * flight (which locks it too), and the statements after this one see what it wrote.
   */
  private async lockCraving(manager: EntityManager, cravingId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM cravings WHERE id = $1 FOR UPDATE`, [cravingId]);
  }

  /**
   * Alerts nobody has acknowledged whose next escalation step fell due more than `graceSeconds` before `now`
   * (by the alert's own policy snapshot), and that step: the ones whose timer was lost (its job exhausted its
   * retries, or was deleted). Alerts without recipients have no ladder (the owner was told at once). Oldest first.
   * `state <> 'resolved'` lets the planner use ix_cravings_owner_open (open alerts are few).
   */
  async overdueSteps(
    now: Date,
    graceSeconds: number,
    limit: number,
  ): Promise<{ cravingId: string; step: number }[]> {
    return queryPrepared<{ cravingId: string; step: number }>(
      this.manager,
      `SELECT c.id AS "cravingId", c.step + 1 AS step
         FROM cravings c
        WHERE c.state <> 'resolved' AND c.state = 'triggered' AND c.step < 3
          AND c.created_at + make_interval(secs => $2 + CASE c.step
                WHEN 0 THEN (c.policy->>'nextContactsAfterSeconds')::int
                WHEN 1 THEN (c.policy->>'everyoneAfterSeconds')::int
                ELSE (c.policy->>'nobodyAnsweredAfterSeconds')::int END) <= $1
          AND (EXISTS (SELECT 1 FROM craving_recipients r WHERE r.craving_id = c.id)
               OR EXISTS (SELECT 1 FROM craving_text_recipients t WHERE t.craving_id = c.id))
        ORDER BY c.created_at
        LIMIT $3`,
      [now, graceSeconds, limit],
    );
  }

  /**
   * An escalation step's inputs in one read: the alert, its owner, who is due at this step, and who was notified
   * before `unconfirmedBefore` without a recorded delivery.
   */
  async escalationSubject(
    cravingId: string,
    step: number,
    unconfirmedBefore: Date,
  ): Promise<EscalationSubject | null> {
    const rows = await queryPrepared<EscalationSubject>(
      this.manager,
      `SELECT c.id, c.owner_id AS "ownerId", u.display_name AS "ownerDisplayName", u.country AS "ownerCountry",
              c.intensity, c.created_at AS "createdAt", c.state, c.step, c.policy,
              COALESCE((SELECT json_agg(json_build_object('userId', r.user_id, 'breaksThrough', r.breaks_through,
                                          'availability', r.availability, 'timezone', r.timezone) ORDER BY r.priority)
                          FROM craving_recipients r
                         WHERE r.craving_id = c.id AND r.step <= $2 AND r.notified_at IS NULL), '[]') AS due,
              COALESCE((SELECT json_agg(json_build_object('userId', r.user_id, 'step', r.step) ORDER BY r.priority)
                          FROM craving_recipients r
                         WHERE r.craving_id = c.id AND r.notified_at < $3 AND r.delivered_at IS NULL), '[]') AS unconfirmed,
              EXISTS (SELECT 1 FROM craving_text_recipients t
                       WHERE t.craving_id = c.id AND t.step <= GREATEST($2, c.step)
                         AND t.notified_at IS NULL AND t.skipped_at IS NULL) AS "textsDue"
         FROM cravings c JOIN users u ON u.id = c.owner_id
        WHERE c.id = $1`,
      [cravingId, step, unconfirmedBefore],
    );
    const row = rows[0];
    return row ? { ...row, createdAt: new Date(row.createdAt) } : null;
  }

  /**
   * Fires escalation step `step` at most once and only while nobody has acknowledged, in one statement: the
   * step moves forward, `notify` are marked notified, `skip` skipped (quiet hours), for the last step the
   * owner's "nobody has answered" time is set, and the next step's timer (`next`: pg-boss's insert, see
   * JobsService.insertFragment) is written. Nothing changes unless the step moved. Answers whether it did.
   */
  async fireStep(
    cravingId: string,
    step: number,
    decisions: { notify: string[]; skip: string[]; at: Date; last: boolean },
    next?: (
      firstParam: number,
      guard: (jsonParam: string) => string,
    ) => Promise<{ sql: string; params: unknown[] }>,
  ): Promise<boolean> {
    const params: unknown[] = [
      cravingId,
      step,
      decisions.notify,
      decisions.skip,
      decisions.at,
      decisions.last,
    ];
    const jobs = next
      ? await next(
          params.length + 1,
          (param) => `(CASE WHEN EXISTS (SELECT 1 FROM moved) THEN ${param}::json ELSE '[]'::json END)`,
        )
      : undefined;
    if (jobs) params.push(...jobs.params);
    const rows = await queryPrepared<{ fired: boolean }>(this.manager, fireStepSql(jobs?.sql), params);
    return rows[0]?.fired === true;
  }

  /**
   * The owner resolves (or records the outcome of an auto-resolved alert). Call inside a transaction: the row is
   * locked first, so an acknowledgement in flight is either committed before (and resolved_at is never earlier
   * than the latest acknowledgement) or sees the alert resolved and records nothing.
   */
  async resolveByOwner(
    manager: EntityManager,
    cravingId: string,
    ownerId: string,
    values: { outcome: CravingOutcome; note: string | null; share: boolean },
    at: Date,
  ) {
    await this.lockCraving(manager, cravingId);
    return changedIds(
      manager,
      `UPDATE cravings SET state = 'resolved',
          resolved_at = COALESCE(resolved_at,
            GREATEST($3, (SELECT max(r.acknowledged_at) FROM craving_recipients r WHERE r.craving_id = $1))),
          outcome = $4, outcome_note = $5, share_outcome = $6
        WHERE id = $1 AND owner_id = $2 AND outcome IS NULL`,
      [
        cravingId,
        ownerId,
        at,
        values.outcome,
        this.cipher.encryptNullable(values.note, FIELD.cravingOutcomeNote),
        values.share,
      ],
      '$3',
    );
  }

  /** Resolves an alert still open (no outcome). Call inside a transaction: locks the row like resolveByOwner. */
  async autoResolve(manager: EntityManager, cravingId: string, at: Date) {
    await this.lockCraving(manager, cravingId);
    return changedIds(
      manager,
      `UPDATE cravings SET state = 'resolved', auto_resolved = true,
          resolved_at = GREATEST($2, (SELECT max(r.acknowledged_at) FROM craving_recipients r WHERE r.craving_id = $1))
        WHERE id = $1 AND state <> 'resolved'`,
      [cravingId, at],
      '$2',
    );
  }

  markCheckin(
    manager: EntityManager,
    cravingId: string,
    column: 'checkin_sent_at' | 'morning_checkin_sent_at',
    at: Date,
    onlyOpen: boolean,
  ) {
    return changedIds(
      manager,
      `UPDATE cravings SET ${column} = $2 WHERE id = $1 AND ${column} IS NULL${onlyOpen ? ` AND state <> 'resolved'` : ''}`,
      [cravingId, at],
    );
  }

  /** Open alerts the member was notified of, as a recipient (for replay on connect). */
  openAlertsFor(userId: string): Promise<
    {
      cravingId: string;
      ownerId: string;
      ownerDisplayName: string;
      intensity: number;
      createdAt: Date;
      step: number;
    }[]
  > {
    return queryPrepared(
      this.manager,
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
    const rows = await queryPrepared<{ id: string }>(
      this.manager,
      `SELECT id FROM cravings WHERE owner_id = $1 AND state <> 'resolved' ORDER BY created_at`,
      [ownerId],
    );
    return rows.map((r) => r.id);
  }

  /** The owner's history, newest first, keyset-paginated on (created_at, id). */
  async page(ownerId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<CravingEntity[]> {
    const query = this.manager
      .createQueryBuilder(CravingEntity, 'c')
      .where('c.ownerId = :ownerId', { ownerId })
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(limit);
    if (after) query.andWhere('(c.createdAt, c.id) < (:at, :id)', { at: after.createdAt, id: after.id });
    return (await query.getMany()).map((row) => this.openCraving(row));
  }

  allForPatterns(ownerId: string): Promise<{ trigger: CravingTrigger | null; createdAt: Date }[]> {
    return this.manager.query(`SELECT trigger, created_at AS "createdAt" FROM cravings WHERE owner_id = $1`, [
      ownerId,
    ]);
  }

  async recipientCounts(
    cravingIds: string[],
  ): Promise<Map<string, { recipients: number; responders: number }>> {
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
    const rows = await this.manager.find(CrisisResourceEntity, {
      where: { country },
      order: { sort: 'ASC' },
    });
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

  async exportOwned(userId: string, manager: EntityManager): Promise<unknown[]> {
    const rows = await manager.query<
      { note: string | null; outcomeNote: string | null; recipients: { message: string | null }[] }[]
    >(
      `SELECT c.id, c.state, c.intensity, c.trigger, c.note, c.created_at AS "createdAt", c.acknowledged_at AS "acknowledgedAt",
              c.resolved_at AS "resolvedAt", c.outcome, c.outcome_note AS "outcomeNote", c.share_outcome AS "shareOutcome",
              c.auto_resolved AS "autoResolved",
              COALESCE((SELECT json_agg(json_build_object('displayName', u.display_name, 'role', r.role, 'step', r.step,
                          'notifiedAt', r.notified_at, 'acknowledgedAt', r.acknowledged_at, 'message', r.message) ORDER BY r.priority)
                          FROM craving_recipients r JOIN users u ON u.id = r.user_id WHERE r.craving_id = c.id), '[]') AS recipients,
              COALESCE((SELECT json_agg(json_build_object('name', t.name, 'step', t.step, 'notifiedAt', t.notified_at,
                          'deliveryStatus', t.delivery_status, 'failedAt', t.failed_at, 'acknowledgedAt', t.acknowledged_at)
                          ORDER BY t.priority)
                          FROM craving_text_recipients t WHERE t.craving_id = c.id), '[]') AS "textRecipients"
         FROM cravings c WHERE c.owner_id = $1 ORDER BY c.created_at`,
      [userId],
    );
    return rows.map((row) => {
      this.openCraving(row);
      row.recipients.forEach((r) => this.openMessage(r));
      return row;
    });
  }

  /** Where the member was a recipient: their own part only (never the owner's note). */
  async exportResponses(userId: string, manager: EntityManager): Promise<unknown[]> {
    const rows = await manager.query<{ message: string | null }[]>(
      `SELECT r.craving_id AS "cravingId", u.display_name AS "from", r.role, r.step, r.notified_at AS "notifiedAt",
              r.delivered_at AS "deliveredAt", r.acknowledged_at AS "acknowledgedAt", r.message
         FROM craving_recipients r JOIN cravings c ON c.id = r.craving_id JOIN users u ON u.id = c.owner_id
        WHERE r.user_id = $1 ORDER BY c.created_at`,
      [userId],
    );
    return rows.map((row) => this.openMessage(row));
  }
}
