import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { FIELD, FieldCipher } from '@homegroup/crypto';
import { AlertConsentState, OutsideContactEntity } from './entities/outside-contact.entity';

/** A contact without the app as its owner sees it: decrypted, with the meeting's name and practice-call stats. */
export type OutsideContactView = {
  id: string;
  name: string;
  phone: string;
  meetingId: string | null;
  meetingName: string | null;
  notes: string | null;
  alertConsent: AlertConsentState;
  consentAskedAt: Date | null;
  consentChangedAt: Date | null;
  lastPracticeCallAt: Date | null;
  practiceCallCount: number;
  createdAt: Date;
  updatedAt: Date;
};

/** What a create or an update stores (plain values; sealed here). */
export type OutsideContactValues = {
  name: string;
  phone: string;
  meetingId: string | null;
  notes: string | null;
};

/** The stored columns a create or an update writes. */
type StoredValues = Partial<
  Pick<
    OutsideContactEntity,
    | 'name'
    | 'phone'
    | 'phoneHash'
    | 'meetingId'
    | 'notes'
    | 'alertConsent'
    | 'consentAskedAt'
    | 'consentChangedAt'
  >
>;

/** The consent columns, as a claim keeps them to undo it. */
export type ConsentRow = {
  alertConsent: AlertConsentState;
  consentAskedAt: Date | null;
  consentChangedAt: Date | null;
};

/** The contact a YES answered, with its owner's display name (for the thanks). */
export type ConsentAnswer = { id: string; ownerId: string; name: string; ownerName: string; changed: boolean };

/** The owner already holds this number. */
export class DuplicateOutsidePhoneError extends Error {}

const VIEW = `
  SELECT o.id, o.name, o.phone, o.meeting_id AS "meetingId", m.name AS "meetingName", o.notes,
         o.alert_consent AS "alertConsent", o.consent_asked_at AS "consentAskedAt",
         o.consent_changed_at AS "consentChangedAt",
         calls.last_at AS "lastPracticeCallAt", COALESCE(calls.n, 0)::int AS "practiceCallCount",
         o.created_at AS "createdAt", o.updated_at AS "updatedAt"
  FROM outside_contacts o
  LEFT JOIN meetings m ON m.id = o.meeting_id
  LEFT JOIN LATERAL (
    SELECT max(p.called_at) AS last_at, count(*) AS n
    FROM practice_calls p WHERE p.caller_id = o.owner_id AND p.outside_contact_id = o.id
  ) calls ON true
  WHERE o.owner_id = $1`;

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

/**
 * Contacts without the app (ADR 0045). The phone and the notes are encrypted here on the way in, with the phone's
 * keyed hash (one number once per owner), and decrypted on the way out; nothing else reads these columns.
 */
@Injectable()
export class OutsideContactsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  phoneHash(e164: string): string {
    return this.cipher.hash(e164, FIELD.outsideContactPhone);
  }

  private opened(row: OutsideContactView): OutsideContactView {
    row.phone = this.cipher.decrypt(row.phone, FIELD.outsideContactPhone);
    row.notes = this.cipher.decryptNullable(row.notes, FIELD.outsideContactNotes);
    return row;
  }

  private sealed(values: Partial<OutsideContactValues>): StoredValues {
    const out: StoredValues = {};
    if (values.name !== undefined) out.name = values.name;
    if (values.meetingId !== undefined) out.meetingId = values.meetingId;
    if (values.notes !== undefined)
      out.notes = this.cipher.encryptNullable(values.notes, FIELD.outsideContactNotes);
    if (values.phone !== undefined) {
      out.phone = this.cipher.encrypt(values.phone, FIELD.outsideContactPhone);
      out.phoneHash = this.phoneHash(values.phone);
    }
    return out;
  }

  async list(ownerId: string): Promise<OutsideContactView[]> {
    const rows = await this.dataSource.query<OutsideContactView[]>(
      `${VIEW} ORDER BY lower(o.name), o.created_at, o.id`,
      [ownerId],
    );
    return rows.map((row) => this.opened(row));
  }

  async view(ownerId: string, id: string): Promise<OutsideContactView | null> {
    const rows = await this.dataSource.query<OutsideContactView[]>(`${VIEW} AND o.id = $2`, [ownerId, id]);
    return rows[0] ? this.opened(rows[0]) : null;
  }

  /** The owner's contact (id and name), or null: for a practice call. */
  /** Which of `ids` are the owner's outside contacts who agreed to get their alerts by text. */
  async consentingAmong(ownerId: string, ids: readonly string[]): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outside_contacts WHERE owner_id = $1 AND id = ANY($2::uuid[]) AND alert_consent = 'given'`,
      [ownerId, ids],
    );
    return rows.map((r) => r.id);
  }

  async findOwned(ownerId: string, id: string): Promise<{ id: string; name: string } | null> {
    const rows = await this.dataSource.query<{ id: string; name: string }[]>(
      'SELECT id, name FROM outside_contacts WHERE owner_id = $1 AND id = $2',
      [ownerId, id],
    );
    return rows[0] ?? null;
  }

  /** The meeting's name when it exists and its group is published (anyone may read it), else null. */
  async readableMeetingName(meetingId: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT m.name FROM meetings m JOIN groups g ON g.id = m.group_id WHERE m.id = $1 AND g.published`,
      [meetingId],
    );
    return rows[0]?.name ?? null;
  }

  /**
   * Adds one and answers its id, unless the owner already holds `cap` (answers null) or this number (throws
   * DuplicateOutsidePhoneError). The count and the insert run under the owner's advisory lock, so two adds at
   * once cannot pass the cap together.
   */
  async insert(ownerId: string, values: OutsideContactValues, cap: number): Promise<string | null> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`outside-contacts:${ownerId}`]);
        const [{ n }] = await manager.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM outside_contacts WHERE owner_id = $1',
          [ownerId],
        );
        if (n >= cap) return null;
        const saved = await manager.save(
          manager.create(OutsideContactEntity, { ownerId, ...this.sealed(values) }),
        );
        return saved.id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateOutsidePhoneError();
      throw error;
    }
  }

  /**
   * Changes the owner's row; a new number (by its hash) resets the consent to `none`. False when it is not theirs.
   */
  async update(
    ownerId: string,
    id: string,
    values: Partial<OutsideContactValues>,
    now: Date,
  ): Promise<boolean> {
    const changes = this.sealed(values);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const current = await manager.findOne(OutsideContactEntity, {
          where: { id, ownerId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!current) return false;
        if (changes.phoneHash !== undefined && changes.phoneHash !== current.phoneHash) {
          Object.assign(changes, { alertConsent: 'none', consentAskedAt: null, consentChangedAt: now });
        } else if (changes.phoneHash !== undefined) {
          // The same number again: keep the stored value (and its consent) as it is.
          delete changes.phone;
          delete changes.phoneHash;
        }
        if (Object.keys(changes).length > 0)
          await manager.update(OutsideContactEntity, { id, ownerId }, changes);
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateOutsidePhoneError();
      throw error;
    }
  }

  /**
   * Marks the owner's contact `asked` at `now` (ADR 0048) when `decide` lets it: `decide` sees the row (locked) and
   * the owner's contacts asked since `since`, and throws to refuse. Runs under the owner's advisory lock, so two asks
   * at once cannot both pass the owner's daily cap. Null when the contact is not theirs.
   */
  async claimConsentAsk(
    ownerId: string,
    id: string,
    now: Date,
    since: Date,
    decide: (current: ConsentRow & { phoneHash: string }, askedSince: { id: string; askedAt: Date }[]) => void,
  ): Promise<ConsentRow | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`outside-consent:${ownerId}`]);
      const [current] = await manager.query<(ConsentRow & { phoneHash: string })[]>(
        `SELECT alert_consent AS "alertConsent", consent_asked_at AS "consentAskedAt",
                consent_changed_at AS "consentChangedAt", phone_hash AS "phoneHash"
           FROM outside_contacts WHERE owner_id = $1 AND id = $2 FOR UPDATE`,
        [ownerId, id],
      );
      if (!current) return null;
      const askedSince = await manager.query<{ id: string; askedAt: Date }[]>(
        `SELECT id, consent_asked_at AS "askedAt" FROM outside_contacts
          WHERE owner_id = $1 AND consent_asked_at >= $2 ORDER BY consent_asked_at`,
        [ownerId, since],
      );
      decide(current, askedSince);
      await manager.query(
        `UPDATE outside_contacts
            SET alert_consent = 'asked', consent_asked_at = $3,
                consent_changed_at = CASE WHEN alert_consent = 'asked' THEN consent_changed_at ELSE $3 END
          WHERE owner_id = $1 AND id = $2`,
        [ownerId, id, now],
      );
      const { phoneHash: _hash, ...previous } = current;
      return previous;
    });
  }

  /** Undoes a claim whose text did not go (only if nothing moved it since). */
  async revertConsentAsk(id: string, askedAt: Date, previous: ConsentRow): Promise<void> {
    await this.dataSource.query(
      `UPDATE outside_contacts SET alert_consent = $3, consent_asked_at = $4, consent_changed_at = $5
        WHERE id = $1 AND alert_consent = 'asked' AND consent_asked_at = $2`,
      [id, askedAt, previous.alertConsent, previous.consentAskedAt, previous.consentChangedAt],
    );
  }

  /**
   * A YES from the number `phoneHash` to the consent ask about contact `id`: `asked` becomes `given`. Answers the
   * contact with its owner's display name (`changed` false for a second YES), or null when that contact no longer
   * holds this number or is not waiting for an answer.
   */
  async giveConsent(id: string, phoneHash: string, now: Date): Promise<ConsentAnswer | null> {
    const updated = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE outside_contacts SET alert_consent = 'given', consent_changed_at = $3
        WHERE id = $1 AND phone_hash = $2 AND alert_consent = 'asked' RETURNING id`,
      [id, phoneHash, now],
    );
    const changed = updated[0].length > 0;
    const [row] = await this.dataSource.query<Omit<ConsentAnswer, 'changed'>[]>(
      `SELECT o.id, o.owner_id AS "ownerId", o.name, u.display_name AS "ownerName"
         FROM outside_contacts o JOIN users u ON u.id = o.owner_id
        WHERE o.id = $1 AND o.phone_hash = $2 AND o.alert_consent = 'given'`,
      [id, phoneHash],
    );
    return row ? { ...row, changed } : null;
  }

  /** A STOP from the number: every owner's contact with it that was `asked` or `given` becomes `withdrawn`. */
  async withdrawConsent(phoneHash: string, now: Date): Promise<{ id: string; ownerId: string; name: string }[]> {
    const [rows] = await this.dataSource.query<[{ id: string; ownerId: string; name: string }[], number]>(
      `UPDATE outside_contacts SET alert_consent = 'withdrawn', consent_changed_at = $2
        WHERE phone_hash = $1 AND alert_consent IN ('asked', 'given')
        RETURNING id, owner_id AS "ownerId", name`,
      [phoneHash, now],
    );
    return rows;
  }

  async delete(ownerId: string, id: string): Promise<boolean> {
    const result = await this.dataSource.manager.delete(OutsideContactEntity, { id, ownerId });
    return (result.affected ?? 0) > 0;
  }

  async exportFor(ownerId: string, manager: EntityManager): Promise<unknown[]> {
    const rows = await manager.query<(OutsideContactView & { meetingName?: string | null })[]>(
      `${VIEW} ORDER BY o.created_at, o.id`,
      [ownerId],
    );
    return rows.map((row) => {
      const { lastPracticeCallAt: _last, practiceCallCount: _count, ...rest } = this.opened(row);
      return rest;
    });
  }
}
