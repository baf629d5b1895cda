import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ContactRequestStatus } from '../entities/meeting-contact-request.entity';

export type PhoneListMemberRow = {
  userId: string;
  displayName: string;
  since: Date;
  /** The caller's contactId for them, when they are already on each other's phone lists. */
  contactId: string | null;
  /** A pending request between the caller and them, either way. */
  requestId: string | null;
  requestFromMe: boolean | null;
};

export type ContactRequestRow = {
  id: string;
  meetingId: string;
  meetingName: string;
  requesterId: string;
  requesterName: string;
  recipientId: string;
  recipientName: string;
  status: ContactRequestStatus;
  createdAt: Date;
  respondedAt: Date | null;
};

/** Neither member of the pair blocked the other. */
const NOT_BLOCKED = (a: string, b: string): string => `NOT EXISTS (
  SELECT 1 FROM member_blocks b
   WHERE (b.blocker_id = ${a} AND b.blocked_id = ${b}) OR (b.blocker_id = ${b} AND b.blocked_id = ${a}))`;

const REQUEST_VIEW = `
  SELECT r.id, r.meeting_id AS "meetingId", m.name AS "meetingName", r.requester_id AS "requesterId",
         ru.display_name AS "requesterName", r.recipient_id AS "recipientId", cu.display_name AS "recipientName",
         r.status, r.created_at AS "createdAt", r.responded_at AS "respondedAt"
    FROM meeting_contact_requests r
    JOIN meetings m ON m.id = r.meeting_id
    JOIN users ru ON ru.id = r.requester_id
    JOIN users cu ON cu.id = r.recipient_id`;

/**
 * Meeting phone lists and the contact requests between members on them. Reads the phone list's
 * `contacts` (is this pair already linked?) and identity's `member_blocks`; links are made by
 * ContactLinksService, never here.
 */
@Injectable()
export class MeetingPhoneListsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Adds the member; false when they were on it already. */
  async join(meetingId: string, userId: string, at: Date): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO meeting_phone_list_entries (meeting_id, user_id, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (meeting_id, user_id) DO NOTHING RETURNING user_id`,
      [meetingId, userId, at],
    );
    return rows.length > 0;
  }

  async leave(manager: EntityManager, meetingId: string, userId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      'WITH gone AS (DELETE FROM meeting_phone_list_entries WHERE meeting_id = $1 AND user_id = $2 RETURNING user_id) SELECT * FROM gone',
      [meetingId, userId],
    );
    return rows.length > 0;
  }

  async isOnList(meetingId: string, userId: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.m(manager).query<unknown[]>(
      'SELECT 1 FROM meeting_phone_list_entries WHERE meeting_id = $1 AND user_id = $2',
      [meetingId, userId],
    );
    return rows.length > 0;
  }

  /** Everyone on the list the caller may see (no block either way), oldest first; the caller too. */
  async members(meetingId: string, callerId: string): Promise<PhoneListMemberRow[]> {
    return this.dataSource.query<PhoneListMemberRow[]>(
      `SELECT e.user_id AS "userId", u.display_name AS "displayName", e.created_at AS since,
              c.id AS "contactId", r.id AS "requestId", (r.requester_id = $2) AS "requestFromMe"
         FROM meeting_phone_list_entries e
         JOIN users u ON u.id = e.user_id
         LEFT JOIN contacts c ON c.owner_id = $2 AND c.other_id = e.user_id
         LEFT JOIN meeting_contact_requests r ON r.status = 'requested'
               AND ((r.requester_id = $2 AND r.recipient_id = e.user_id) OR (r.requester_id = e.user_id AND r.recipient_id = $2))
        WHERE e.meeting_id = $1 AND ${NOT_BLOCKED('$2::uuid', 'e.user_id')}
        ORDER BY e.created_at, e.user_id`,
      [meetingId, callerId],
    );
  }

  async blocked(a: string, b: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.m(manager).query<unknown[]>(`SELECT 1 WHERE NOT ${NOT_BLOCKED('$1::uuid', '$2::uuid')}`, [a, b]);
    return rows.length > 0;
  }

  async linked(a: string, b: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.m(manager).query<unknown[]>('SELECT 1 FROM contacts WHERE owner_id = $1 AND other_id = $2', [a, b]);
    return rows.length > 0;
  }

  /** Serializes requests between one pair until the transaction ends. */
  async lockPair(manager: EntityManager, a: string, b: string): Promise<void> {
    const [x, y] = a < b ? [a, b] : [b, a];
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`meeting-contact-request:${x}:${y}`]);
  }

  async pendingBetween(manager: EntityManager, a: string, b: string): Promise<{ id: string; requesterId: string } | null> {
    const rows = await manager.query<{ id: string; requester_id: string }[]>(
      `SELECT id, requester_id FROM meeting_contact_requests
        WHERE status = 'requested' AND LEAST(requester_id, recipient_id) = LEAST($1::uuid, $2::uuid)
          AND GREATEST(requester_id, recipient_id) = GREATEST($1::uuid, $2::uuid)`,
      [a, b],
    );
    return rows[0] ? { id: rows[0].id, requesterId: rows[0].requester_id } : null;
  }

  async insertRequest(manager: EntityManager, meetingId: string, requesterId: string, recipientId: string, at: Date): Promise<string> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO meeting_contact_requests (meeting_id, requester_id, recipient_id, status, created_at)
       VALUES ($1, $2, $3, 'requested', $4) RETURNING id`,
      [meetingId, requesterId, recipientId, at],
    );
    return rows[0].id;
  }

  /**
   * Moves a pending request on, only when `who` is the party allowed to (`recipient_id` to accept or
   * decline, `requester_id` to withdraw): the conditional update makes double taps harmless.
   */
  async respond(
    manager: EntityManager,
    id: string,
    who: 'recipient_id' | 'requester_id',
    userId: string,
    status: Exclude<ContactRequestStatus, 'requested'>,
    at: Date,
  ): Promise<{ requesterId: string; recipientId: string } | null> {
    const rows = await manager.query<{ requester_id: string; recipient_id: string }[]>(
      `WITH changed AS (
         UPDATE meeting_contact_requests SET status = $3, responded_at = $4
          WHERE id = $1 AND ${who} = $2 AND status = 'requested'
          RETURNING requester_id, recipient_id)
       SELECT * FROM changed`,
      [id, userId, status, at],
    );
    return rows[0] ? { requesterId: rows[0].requester_id, recipientId: rows[0].recipient_id } : null;
  }

  /** Withdraws what is pending between a member and others on one list (they left it), or between two members. */
  async withdrawPending(manager: EntityManager, where: { meetingId?: string; userId: string; otherId?: string }, at: Date): Promise<void> {
    const params: unknown[] = [where.userId, at];
    const conditions = [`status = 'requested'`];
    if (where.otherId) {
      params.push(where.otherId);
      conditions.push('((requester_id = $1 AND recipient_id = $3) OR (requester_id = $3 AND recipient_id = $1))');
    } else {
      conditions.push('(requester_id = $1 OR recipient_id = $1)');
    }
    if (where.meetingId) {
      params.push(where.meetingId);
      conditions.push(`meeting_id = $${params.length}`);
    }
    await manager.query(
      `WITH changed AS (UPDATE meeting_contact_requests SET status = 'withdrawn', responded_at = $2 WHERE ${conditions.join(' AND ')} RETURNING id)
       SELECT count(*) FROM changed`,
      params,
    );
  }

  async findRequest(id: string, manager?: EntityManager): Promise<ContactRequestRow | null> {
    const rows = await this.m(manager).query<ContactRequestRow[]>(`${REQUEST_VIEW} WHERE r.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The member's pending requests, both ways, newest first. */
  pendingFor(userId: string): Promise<ContactRequestRow[]> {
    return this.dataSource.query<ContactRequestRow[]>(
      `${REQUEST_VIEW} WHERE r.status = 'requested' AND (r.requester_id = $1 OR r.recipient_id = $1)
        AND ${NOT_BLOCKED('r.requester_id', 'r.recipient_id')}
        ORDER BY r.created_at DESC, r.id`,
      [userId],
    );
  }

  async exportFor(userId: string, manager: EntityManager): Promise<unknown> {
    const lists = await manager.query<unknown[]>(
      `SELECT e.meeting_id AS "meetingId", m.name AS "meetingName", e.created_at AS "joinedAt"
         FROM meeting_phone_list_entries e JOIN meetings m ON m.id = e.meeting_id WHERE e.user_id = $1 ORDER BY e.created_at`,
      [userId],
    );
    const requests = await manager.query<unknown[]>(
      `SELECT meeting_id AS "meetingId", CASE WHEN requester_id = $1 THEN 'sent' ELSE 'received' END AS direction,
              CASE WHEN requester_id = $1 THEN recipient_id ELSE requester_id END AS "otherMemberId",
              status, created_at AS "createdAt", responded_at AS "respondedAt"
         FROM meeting_contact_requests WHERE requester_id = $1 OR recipient_id = $1 ORDER BY created_at`,
      [userId],
    );
    return { phoneLists: lists, contactRequests: requests };
  }
}
