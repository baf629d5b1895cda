import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { queryPrepared } from '@homegroup/database';
import { SponsorshipEntity } from './entities/sponsorship.entity';
import {
  CAPACITY_KINDS,
  PRIMARY_KIND,
  TEMPORARY_KIND,
  type SponsorshipStatus,
} from './sponsorship.constants';

/** A party as the sponsorship service needs it. Clean dates are never read here (see cleanDateWarning). */
export type SponsorshipParty = { id: string; displayName: string };

/** A sponsorship row with both parties. */
export type SponsorshipView = {
  id: string;
  fellowship: string;
  kind: string;
  status: SponsorshipStatus;
  requestedAt: Date;
  respondedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  endedBy: string | null;
  expiresAt: Date;
  reviewInDays: number | null;
  reviewAt: Date | null;
  reviewRemindedAt: Date | null;
  /** Decided when the request was made, never recomputed. */
  cleanDateWarning: boolean;
  sponsee: SponsorshipParty;
  sponsor: SponsorshipParty;
};

export type ActiveSponsor = {
  sponsorshipId: string;
  sponsorId: string;
  displayName: string;
  kind: string;
  fellowship: string;
  startedAt: Date;
};

const quoted = (values: readonly string[]): string => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/** A row of `activeSponsorsSql`, read directly (`startedAt` a Date) or out of a JSON column (a string). */
export type ActiveSponsorRow = Omit<ActiveSponsor, 'startedAt'> & { startedAt: Date | string; ordinal?: unknown };

export const toActiveSponsor = (row: ActiveSponsorRow): ActiveSponsor => ({
  sponsorshipId: row.sponsorshipId,
  sponsorId: row.sponsorId,
  displayName: row.displayName,
  kind: row.kind,
  fellowship: row.fellowship,
  startedAt: new Date(row.startedAt),
});

/**
 * The SQL of `activeSponsorsOf` for the member in `sponseeParam` (a placeholder such as `$1`), with an
 * `ordinal` column in the answer's order: for a caller that reads more in the same statement (the craving
 * create reads the whole alert circle in one). Columns are named as ActiveSponsor's fields.
 */
export const activeSponsorsSql = (sponseeParam: string): string =>
  `SELECT s.id AS "sponsorshipId", s.sponsor_id AS "sponsorId", u.display_name AS "displayName", s.kind, s.fellowship,
          s.started_at AS "startedAt",
          row_number() OVER (ORDER BY (s.kind = ${quoted([PRIMARY_KIND])}) DESC, s.started_at, s.id) AS ordinal
     FROM sponsorships s JOIN users u ON u.id = s.sponsor_id
    WHERE s.sponsee_id = ${sponseeParam} AND s.status = 'active' AND s.kind IN (${quoted(CAPACITY_KINDS)})
    ORDER BY ordinal`;

export type NewSponsorshipRequest = {
  sponseeId: string;
  sponsorId: string;
  fellowship: string;
  kind: string;
  requestedAt: Date;
  expiresAt: Date;
  reviewInDays: number | null;
};

type RawView = {
  id: string;
  sponsee_id: string;
  sponsor_id: string;
  fellowship: string;
  kind: string;
  status: SponsorshipStatus;
  requested_at: Date;
  responded_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
  ended_by: string | null;
  expires_at: Date;
  review_in_days: number | null;
  review_at: Date | null;
  review_reminded_at: Date | null;
  clean_date_warning: boolean;
  sponsee_name: string;
  sponsor_name: string;
};

const VIEW_COLUMNS = `s.id, s.sponsee_id, s.sponsor_id, s.fellowship, s.kind, s.status, s.requested_at, s.responded_at,
  s.started_at, s.ended_at, s.ended_by, s.expires_at, s.review_in_days, s.review_at, s.review_reminded_at,
  s.clean_date_warning, ee.display_name AS sponsee_name, er.display_name AS sponsor_name`;

/** `source` is `sponsorships` or the name of a CTE holding changed rows. */
const selectViews = (source: string): string =>
  `SELECT ${VIEW_COLUMNS} FROM ${source} s
     JOIN users ee ON ee.id = s.sponsee_id
     JOIN users er ON er.id = s.sponsor_id`;

/** An UPDATE … RETURNING wrapped so the changed rows come back with both parties, in one statement. */
const updateReturningViews = (update: string): string =>
  `WITH changed AS (${update} RETURNING *) ${selectViews('changed')}`;

const toView = (r: RawView): SponsorshipView => ({
  id: r.id,
  fellowship: r.fellowship,
  kind: r.kind,
  status: r.status,
  requestedAt: r.requested_at,
  respondedAt: r.responded_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  endedBy: r.ended_by,
  expiresAt: r.expires_at,
  reviewInDays: r.review_in_days,
  reviewAt: r.review_at,
  reviewRemindedAt: r.review_reminded_at,
  cleanDateWarning: r.clean_date_warning,
  sponsee: { id: r.sponsee_id, displayName: r.sponsee_name },
  sponsor: { id: r.sponsor_id, displayName: r.sponsor_name },
});

/** SQL for sponsorships. Every transition is a conditional UPDATE: it changes nothing unless the state is right. */
@Injectable()
export class SponsorshipsRepository {
  constructor(
    @InjectRepository(SponsorshipEntity) private readonly sponsorships: Repository<SponsorshipEntity>,
  ) {}

  private async views(
    manager: EntityManager | undefined,
    sql: string,
    params: unknown[],
  ): Promise<SponsorshipView[]> {
    const rows = await (manager ?? this.sponsorships.manager).query<RawView[]>(sql, params);
    return rows.map(toView);
  }

  private async view(
    manager: EntityManager | undefined,
    sql: string,
    params: unknown[],
  ): Promise<SponsorshipView | null> {
    return (await this.views(manager, sql, params))[0] ?? null;
  }

  findView(id: string, manager?: EntityManager): Promise<SponsorshipView | null> {
    return this.view(manager, `${selectViews('sponsorships')} WHERE s.id = $1`, [id]);
  }

  /**
   * The member's relationships on both sides, newest request first. A status filter goes by the state as of
   * `now` (a request past its expiry is `expired` even before the sweep marked it).
   */
  listForMember(
    userId: string,
    filter: { status?: SponsorshipStatus; role?: 'sponsor' | 'sponsee' },
    now: Date,
    manager?: EntityManager,
  ): Promise<SponsorshipView[]> {
    const params: unknown[] = [userId];
    const side =
      filter.role === 'sponsor'
        ? 's.sponsor_id = $1'
        : filter.role === 'sponsee'
          ? 's.sponsee_id = $1'
          : '(s.sponsee_id = $1 OR s.sponsor_id = $1)';
    let where = side;
    if (filter.status === 'requested' || filter.status === 'expired') {
      params.push(now);
      const pastExpiry = `(s.status = 'requested' AND s.expires_at <= $${params.length})`;
      where +=
        filter.status === 'expired'
          ? ` AND (s.status = 'expired' OR ${pastExpiry})`
          : ` AND s.status = 'requested' AND NOT ${pastExpiry}`;
    } else if (filter.status) {
      params.push(filter.status);
      where += ` AND s.status = $${params.length}`;
    }
    return this.views(
      manager,
      `${selectViews('sponsorships')} WHERE ${where} ORDER BY s.requested_at DESC, s.id`,
      params,
    );
  }

  /** A pending request between the two members, whichever of them asked. */
  findPendingBetween(a: string, b: string): Promise<SponsorshipView | null> {
    return this.view(
      undefined,
      `${selectViews('sponsorships')}
        WHERE s.status = 'requested'
          AND ((s.sponsee_id = $1 AND s.sponsor_id = $2) OR (s.sponsee_id = $2 AND s.sponsor_id = $1))`,
      [a, b],
    );
  }

  async hasActive(sponseeId: string, sponsorId: string, fellowship: string, kind: string): Promise<boolean> {
    return this.sponsorships.existsBy({ sponseeId, sponsorId, fellowship, kind, status: 'active' });
  }

  async hasActivePrimary(sponseeId: string, fellowship: string): Promise<boolean> {
    return this.sponsorships.existsBy({ sponseeId, fellowship, kind: PRIMARY_KIND, status: 'active' });
  }

  /**
   * Inserts a request; the partial unique index refuses a second pending one for the pair (23505). The
   * clean-date warning is decided here, once: the snapshot of the pair's first request in this direction if
   * there was one (so asking again after changing one's own clean date learns nothing new), else from both
   * members' clean dates now. The dates themselves never leave this statement.
   */
  async insertRequest(request: NewSponsorshipRequest): Promise<string> {
    const rows = await this.sponsorships.query<{ id: string }[]>(
      `INSERT INTO sponsorships (sponsee_id, sponsor_id, fellowship, kind, status, requested_at, expires_at, review_in_days,
                                 clean_date_warning)
       SELECT $1, $2, $3, $4, 'requested', $5, $6, $7,
              COALESCE(
                (SELECT p.clean_date_warning FROM sponsorships p
                  WHERE p.sponsee_id = $1 AND p.sponsor_id = $2 ORDER BY p.requested_at, p.id LIMIT 1),
                (SELECT er.clean_date >= ee.clean_date FROM users ee, users er WHERE ee.id = $1 AND er.id = $2),
                false)
       RETURNING id`,
      [
        request.sponseeId,
        request.sponsorId,
        request.fellowship,
        request.kind,
        request.requestedAt,
        request.expiresAt,
        request.reviewInDays,
      ],
    );
    return rows[0].id;
  }

  accept(
    manager: EntityManager,
    id: string,
    sponsorId: string,
    now: Date,
    reviewAt: Date | null,
  ): Promise<SponsorshipView | null> {
    return this.view(
      manager,
      updateReturningViews(
        `UPDATE sponsorships SET status = 'active', responded_at = $3, started_at = $3, review_at = $4, updated_at = now()
          WHERE id = $1 AND sponsor_id = $2 AND status = 'requested' AND expires_at > $3`,
      ),
      [id, sponsorId, now, reviewAt],
    );
  }

  decline(id: string, sponsorId: string, now: Date): Promise<SponsorshipView | null> {
    return this.view(
      undefined,
      updateReturningViews(
        `UPDATE sponsorships SET status = 'declined', responded_at = $3, updated_at = now()
          WHERE id = $1 AND sponsor_id = $2 AND status = 'requested' AND expires_at > $3`,
      ),
      [id, sponsorId, now],
    );
  }

  withdraw(id: string, sponseeId: string, now: Date): Promise<SponsorshipView | null> {
    return this.view(
      undefined,
      updateReturningViews(
        `UPDATE sponsorships SET status = 'withdrawn', responded_at = $3, updated_at = now()
          WHERE id = $1 AND sponsee_id = $2 AND status = 'requested' AND expires_at > $3`,
      ),
      [id, sponseeId, now],
    );
  }

  /** Either party ends an active sponsorship. */
  end(manager: EntityManager, id: string, partyId: string, now: Date): Promise<SponsorshipView | null> {
    return this.view(
      manager,
      updateReturningViews(
        `UPDATE sponsorships SET status = 'ended', ended_at = $3, ended_by = $2, updated_at = now()
          WHERE id = $1 AND (sponsee_id = $2 OR sponsor_id = $2) AND status = 'active'`,
      ),
      [id, partyId, now],
    );
  }

  /**
   * A review answered "continue": the next review date, the period that led to it, and the reminder armed again
   * (the maintenance job reminds once per review date). Only an active temporary sponsorship of this party.
   */
  continueTemporary(
    id: string,
    partyId: string,
    reviewInDays: number,
    reviewAt: Date,
  ): Promise<SponsorshipView | null> {
    return this.view(
      undefined,
      updateReturningViews(
        `UPDATE sponsorships SET review_in_days = $3, review_at = $4, review_reminded_at = NULL, updated_at = now()
          WHERE id = $1 AND (sponsee_id = $2 OR sponsor_id = $2) AND status = 'active' AND kind = $5`,
      ),
      [id, partyId, reviewInDays, reviewAt, TEMPORARY_KIND],
    );
  }

  /**
   * A review answered "make primary": the temporary sponsorship becomes the fellowship's primary kind and has no
   * review any more. `uq_sponsorships_active_primary` refuses it (23505) when the sponsee already has an active
   * primary sponsor in the fellowship, also when two of them are made primary at the same moment.
   */
  makePrimary(id: string, partyId: string): Promise<SponsorshipView | null> {
    return this.view(
      undefined,
      updateReturningViews(
        `UPDATE sponsorships SET kind = $3, review_in_days = NULL, review_at = NULL, review_reminded_at = NULL,
                updated_at = now()
          WHERE id = $1 AND (sponsee_id = $2 OR sponsor_id = $2) AND status = 'active' AND kind = $4`,
      ),
      [id, partyId, PRIMARY_KIND, TEMPORARY_KIND],
    );
  }

  /** A block ends every active sponsorship between the two members. */
  endAllBetween(
    manager: EntityManager,
    blockerId: string,
    blockedId: string,
    now: Date,
  ): Promise<SponsorshipView[]> {
    return this.views(
      manager,
      updateReturningViews(
        `UPDATE sponsorships SET status = 'ended', ended_at = $3, ended_by = $1, updated_at = now()
          WHERE status = 'active'
            AND ((sponsee_id = $1 AND sponsor_id = $2) OR (sponsee_id = $2 AND sponsor_id = $1))`,
      ),
      [blockerId, blockedId, now],
    );
  }

  /** A block closes pending requests between the two: the blocker declines theirs to answer, withdraws their own. */
  closePendingBetween(
    manager: EntityManager,
    blockerId: string,
    blockedId: string,
    now: Date,
  ): Promise<SponsorshipView[]> {
    return this.views(
      manager,
      updateReturningViews(
        `UPDATE sponsorships
            SET status = CASE WHEN sponsor_id = $1 THEN 'declined' ELSE 'withdrawn' END,
                responded_at = $3, updated_at = now()
          WHERE status = 'requested'
            AND ((sponsee_id = $1 AND sponsor_id = $2) OR (sponsee_id = $2 AND sponsor_id = $1))`,
      ),
      [blockerId, blockedId, now],
    );
  }

  /** One pending request past its expiry becomes `expired` (when it is read before the sweep got to it). */
  expireRequest(id: string, now: Date): Promise<SponsorshipView | null> {
    return this.view(
      undefined,
      updateReturningViews(
        `UPDATE sponsorships SET status = 'expired', responded_at = expires_at, updated_at = now()
          WHERE id = $1 AND status = 'requested' AND expires_at <= $2`,
      ),
      [id, now],
    );
  }

  /** Pending requests past their expiry become `expired`. */
  expireRequests(now: Date): Promise<SponsorshipView[]> {
    return this.views(
      undefined,
      updateReturningViews(
        `UPDATE sponsorships SET status = 'expired', responded_at = $1, updated_at = now()
          WHERE status = 'requested' AND expires_at <= $1`,
      ),
      [now],
    );
  }

  /** Active temporary sponsorships whose review date passed and that were not reminded yet; marks them reminded. */
  markReviewsDue(now: Date): Promise<SponsorshipView[]> {
    return this.views(
      undefined,
      updateReturningViews(
        `UPDATE sponsorships SET review_reminded_at = $1, updated_at = now()
          WHERE status = 'active' AND kind = $2 AND review_reminded_at IS NULL AND review_at <= $1`,
      ),
      [now, TEMPORARY_KIND],
    );
  }

  /** Active sponsors of a member: the primary sponsor first, then temporary sponsors, oldest first. */
  async activeSponsorsOf(sponseeId: string): Promise<ActiveSponsor[]> {
    const rows = await queryPrepared<ActiveSponsorRow>(this.sponsorships.manager, activeSponsorsSql('$1'), [
      sponseeId,
    ]);
    return rows.map(toActiveSponsor);
  }
}
