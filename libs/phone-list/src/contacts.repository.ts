import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FIELD, FieldCipher } from '@homegroup/crypto';
import { queryPrepared } from '@homegroup/database';
import type { AvailabilityWindow } from './availability';
import { ContactLinkEntity, ContactLinkSource } from './entities/contact-link.entity';
import { ContactEntity } from './entities/contact.entity';

/** One contact as its owner sees it: their own settings, the other member's settings toward them, stats. */
export type ContactView = {
  id: string;
  otherId: string;
  displayName: string;
  timezone: string;
  /** The other member's phone, only when they share it with the owner (decided in SQL). */
  phone: string | null;
  acceptsAlerts: boolean;
  sharePhone: boolean;
  availability: AvailabilityWindow[];
  theirContactId: string;
  theyAcceptMyAlerts: boolean;
  theyShareTheirPhone: boolean;
  theirAvailability: AvailabilityWindow[];
  source: ContactLinkSource;
  createdAt: Date;
  lastPracticeCallAt: Date | null;
  practiceCallCount: number;
};

/** A contact who consented to receive `memberId`'s craving alerts. */
export type ConsentingContactRow = {
  contactId: string;
  consentContactId: string;
  memberId: string;
  displayName: string;
  timezone: string;
  availability: AvailabilityWindow[];
  lastPracticeCallAt: Date | null;
};

export type LinkedPair = { link: ContactLinkEntity; contacts: Record<string, ContactEntity> };

/** Neither member of the pair (a, b) blocked the other. */
const NOT_BLOCKED = (a: string, b: string): string => `NOT EXISTS (
  SELECT 1 FROM member_blocks b
  WHERE (b.blocker_id = ${a} AND b.blocked_id = ${b}) OR (b.blocker_id = ${b} AND b.blocked_id = ${a}))`;

/**
 * The SQL of `consentingTowards` for the member in `memberParam` (a placeholder such as `$1`), with an
 * `ordinal` column in the answer's order: for a caller that reads more in the same statement (the craving
 * create reads the whole alert circle in one). Columns are named as ConsentingContactRow's fields.
 */
export const consentingContactsSql = (memberParam: string): string =>
  `SELECT mine.id AS "contactId", t.id AS "consentContactId", t.owner_id AS "memberId",
          u.display_name AS "displayName", u.timezone, t.availability,
          calls.last_at AS "lastPracticeCallAt",
          row_number() OVER (ORDER BY calls.last_at DESC NULLS LAST, lower(u.display_name), t.id) AS ordinal
     FROM contacts t
     JOIN contacts mine ON mine.link_id = t.link_id AND mine.owner_id = t.other_id
     JOIN users u ON u.id = t.owner_id
     LEFT JOIN LATERAL (
       SELECT max(p.called_at) AS last_at
       FROM practice_calls p WHERE p.caller_id = t.other_id AND p.callee_id = t.owner_id
     ) calls ON true
    WHERE t.other_id = ${memberParam} AND t.accepts_alerts AND ${NOT_BLOCKED('t.owner_id', 't.other_id')}
    ORDER BY ordinal`;

const CONTACT_VIEW = `
  SELECT c.id, c.other_id AS "otherId", u.display_name AS "displayName", u.timezone,
         CASE WHEN t.share_phone THEN u.phone ELSE NULL END AS phone,
         c.accepts_alerts AS "acceptsAlerts", c.share_phone AS "sharePhone", c.availability,
         t.id AS "theirContactId", t.accepts_alerts AS "theyAcceptMyAlerts",
         t.share_phone AS "theyShareTheirPhone", t.availability AS "theirAvailability",
         l.source, l.created_at AS "createdAt",
         calls.last_at AS "lastPracticeCallAt", COALESCE(calls.n, 0)::int AS "practiceCallCount"
  FROM contacts c
  JOIN contact_links l ON l.id = c.link_id
  JOIN contacts t ON t.link_id = c.link_id AND t.owner_id = c.other_id
  JOIN users u ON u.id = c.other_id
  LEFT JOIN LATERAL (
    SELECT max(p.called_at) AS last_at, count(*) AS n
    FROM practice_calls p WHERE p.caller_id = c.owner_id AND p.callee_id = c.other_id
  ) calls ON true
  WHERE c.owner_id = $1 AND ${NOT_BLOCKED('c.owner_id', 'c.other_id')}`;

/** Contact links and both sides' settings. No business rules: those are in the services. */
@Injectable()
export class ContactsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serializes every change to one pair's link (link, unlink, block) until the transaction ends. */
  async lockPair(manager: EntityManager, a: string, b: string): Promise<void> {
    const [first, second] = a < b ? [a, b] : [b, a];
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`contact-pair:${first}:${second}`]);
  }

  async eitherBlocked(manager: EntityManager, a: string, b: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 WHERE NOT ${NOT_BLOCKED('$1::uuid', '$2::uuid')}`, [a, b]);
    return rows.length > 0;
  }

  findLink(manager: EntityManager, a: string, b: string): Promise<ContactLinkEntity | null> {
    const [memberAId, memberBId] = a < b ? [a, b] : [b, a];
    return manager.findOneBy(ContactLinkEntity, { memberAId, memberBId });
  }

  /** Inserts the link and one settings row per side (consent and phone sharing off). */
  async insertLink(manager: EntityManager, a: string, b: string, source: ContactLinkSource): Promise<LinkedPair> {
    const [memberAId, memberBId] = a < b ? [a, b] : [b, a];
    const link = await manager.save(manager.create(ContactLinkEntity, { memberAId, memberBId, source }));
    const rows = await manager.save([
      manager.create(ContactEntity, { linkId: link.id, ownerId: a, otherId: b }),
      manager.create(ContactEntity, { linkId: link.id, ownerId: b, otherId: a }),
    ]);
    return { link, contacts: { [a]: rows[0], [b]: rows[1] } };
  }

  /** Both sides' rows of a link, keyed by owner. */
  async sidesOf(manager: EntityManager, link: ContactLinkEntity): Promise<Record<string, ContactEntity>> {
    const rows = await manager.findBy(ContactEntity, { linkId: link.id });
    return Object.fromEntries(rows.map((row) => [row.ownerId, row]));
  }

  /** The owner's row, optionally locked for update; null when it is not theirs or does not exist. */
  findOwned(manager: EntityManager, ownerId: string, contactId: string, lock = false): Promise<ContactEntity | null> {
    return manager.findOne(ContactEntity, {
      where: { id: contactId, ownerId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** The other side's row of the same link. */
  findCounterpart(manager: EntityManager, contact: ContactEntity): Promise<ContactEntity | null> {
    return manager.findOneBy(ContactEntity, { linkId: contact.linkId, ownerId: contact.otherId });
  }

  async updateSettings(
    manager: EntityManager,
    contactId: string,
    changes: Partial<Pick<ContactEntity, 'acceptsAlerts' | 'sharePhone' | 'availability'>>,
  ): Promise<void> {
    if (Object.keys(changes).length > 0) await manager.update(ContactEntity, { id: contactId }, changes);
  }

  /** Deletes the link; both sides' rows go with it (ON DELETE CASCADE). */
  async deleteLink(manager: EntityManager, linkId: string): Promise<boolean> {
    const result = await manager.delete(ContactLinkEntity, { id: linkId });
    return (result.affected ?? 0) > 0;
  }

  /** The phone (stored encrypted, shown only where shared) decrypted for its viewer. */
  private opened(view: ContactView): ContactView {
    view.phone = this.cipher.decryptNullable(view.phone, FIELD.userPhone);
    return view;
  }

  async listForOwner(ownerId: string): Promise<ContactView[]> {
    const rows = await this.manager.query<ContactView[]>(`${CONTACT_VIEW} ORDER BY lower(u.display_name), c.id`, [
      ownerId,
    ]);
    return rows.map((row) => this.opened(row));
  }

  async viewForOwner(ownerId: string, contactId: string): Promise<ContactView | null> {
    const rows = await this.manager.query<ContactView[]>(`${CONTACT_VIEW} AND c.id = $2`, [ownerId, contactId]);
    return rows[0] ? this.opened(rows[0]) : null;
  }

  /** Rows whose owner consented to `memberId`'s alerts, most recently called by `memberId` first. */
  consentingTowards(memberId: string): Promise<ConsentingContactRow[]> {
    return queryPrepared<ConsentingContactRow>(this.manager, consentingContactsSql('$1'), [memberId]);
  }

  async displayNames(ids: string[]): Promise<{ id: string; displayName: string }[]> {
    if (ids.length === 0) return [];
    return this.manager.query<{ id: string; displayName: string }[]>(
      'SELECT id, display_name AS "displayName" FROM users WHERE id = ANY($1::uuid[])',
      [ids],
    );
  }

  /** The member's own rows, for their data export. */
  exportFor(ownerId: string, manager: EntityManager): Promise<unknown[]> {
    return manager.query<unknown[]>(
      `SELECT c.id, c.other_id AS "otherMemberId", u.display_name AS "otherDisplayName", l.source,
              c.accepts_alerts AS "acceptsAlerts", c.share_phone AS "sharePhone", c.availability,
              c.created_at AS "createdAt", c.updated_at AS "updatedAt"
       FROM contacts c JOIN contact_links l ON l.id = c.link_id JOIN users u ON u.id = c.other_id
       WHERE c.owner_id = $1 ORDER BY c.created_at, c.id`,
      [ownerId],
    );
  }
}
