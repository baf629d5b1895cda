import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { DiscoveryCursor } from './discovery-cursor';
import { SponsorProfileEntity } from './entities/sponsor-profile.entity';
import { haversineSql, type BoundingBox } from '@homegroup/geo';
import { CAPACITY_KINDS } from './sponsorship.constants';

export type SponsorProfileValues = Pick<
  SponsorProfileEntity,
  'available' | 'maxSponsees' | 'fellowships' | 'languages' | 'bio' | 'region' | 'lat' | 'lng'
>;

export type SponsorCapacity = { maxSponsees: number; activeSponseeCount: number };

export type DiscoveryQuery = {
  callerId: string;
  fellowship?: string;
  language?: string;
  /** An ILIKE pattern, already escaped. */
  regionPattern?: string;
  /** Only sponsors of this gender (the same-gender default). */
  gender?: string;
  near?: { lat: number; lng: number; radiusKm: number; box: BoundingBox };
  after?: DiscoveryCursor;
  /** Rows to fetch (the page size plus one, to know whether there is a next page). */
  limit: number;
};

export type DiscoveryRow = {
  id: string;
  displayName: string;
  fellowships: string[];
  languages: string[];
  bio: string | null;
  region: string | null;
  activeSponsees: number;
  /** created_at as PostgreSQL prints it (microseconds), for the cursor. */
  createdKey: string;
  /** Exact distance when searching near a point. */
  distanceKm: number | null;
};

type RawDiscoveryRow = {
  id: string;
  display_name: string;
  fellowships: string[];
  languages: string[];
  bio: string | null;
  region: string | null;
  active_sponsee_count: number;
  created_key: string;
  distance_km?: number;
};

@Injectable()
export class SponsorProfilesRepository {
  constructor(
    @InjectRepository(SponsorProfileEntity) private readonly profiles: Repository<SponsorProfileEntity>,
  ) {}

  findByUserId(userId: string, manager?: EntityManager): Promise<SponsorProfileEntity | null> {
    return (manager ?? this.profiles.manager).findOneBy(SponsorProfileEntity, { userId });
  }

  /**
   * Creates or replaces the profile. A new profile counts the member's active sponsees (they may have kept
   * sponsees after deleting an earlier profile); an existing one keeps its maintained count.
   */
  async upsert(userId: string, values: SponsorProfileValues): Promise<SponsorProfileEntity> {
    await this.profiles.query(
      `INSERT INTO sponsor_profiles
         (user_id, available, max_sponsees, fellowships, languages, bio, region, lat, lng, active_sponsee_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
         (SELECT count(*) FROM sponsorships
           WHERE sponsor_id = $1 AND status = 'active' AND kind = ANY($10::text[])))
       ON CONFLICT (user_id) DO UPDATE SET
         available = EXCLUDED.available, max_sponsees = EXCLUDED.max_sponsees,
         fellowships = EXCLUDED.fellowships, languages = EXCLUDED.languages, bio = EXCLUDED.bio,
         region = EXCLUDED.region, lat = EXCLUDED.lat, lng = EXCLUDED.lng, updated_at = now()`,
      [
        userId,
        values.available,
        values.maxSponsees,
        values.fellowships,
        values.languages,
        values.bio,
        values.region,
        values.lat,
        values.lng,
        CAPACITY_KINDS,
      ],
    );
    return this.profiles.findOneByOrFail({ userId });
  }

  async delete(userId: string): Promise<boolean> {
    const result = await this.profiles.delete({ userId });
    return (result.affected ?? 0) > 0;
  }

  /** Locks the sponsor's row for the rest of the transaction: concurrent accepts queue up behind it. */
  async lockCapacity(manager: EntityManager, userId: string): Promise<SponsorCapacity | null> {
    const rows = await manager.query<{ max_sponsees: number; active_sponsee_count: number }[]>(
      'SELECT max_sponsees, active_sponsee_count FROM sponsor_profiles WHERE user_id = $1 FOR UPDATE',
      [userId],
    );
    return rows[0]
      ? { maxSponsees: rows[0].max_sponsees, activeSponseeCount: rows[0].active_sponsee_count }
      : null;
  }

  async changeActiveCount(manager: EntityManager, userId: string, delta: number): Promise<void> {
    await manager.query(
      'UPDATE sponsor_profiles SET active_sponsee_count = GREATEST(active_sponsee_count + $2, 0) WHERE user_id = $1',
      [userId, delta],
    );
  }

  /**
   * Discovery: available members under capacity, not the caller, no block either way, with the filters.
   * Near a point: a lat/lng box (btree index, two longitude ranges across the antimeridian), then the exact
   * haversine distance, nearest first. Otherwise: fewest sponsees, then newest profile. Keyset pagination.
   */
  async discover(q: DiscoveryQuery): Promise<DiscoveryRow[]> {
    const params: unknown[] = [q.callerId];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [
      'sp.available',
      'sp.active_sponsee_count < sp.max_sponsees',
      'sp.user_id <> $1',
      `sp.user_id NOT IN (SELECT blocked_id FROM member_blocks WHERE blocker_id = $1
                          UNION ALL SELECT blocker_id FROM member_blocks WHERE blocked_id = $1)`,
    ];
    if (q.fellowship) where.push(`sp.fellowships @> ARRAY[${p(q.fellowship)}]::text[]`);
    if (q.language) where.push(`sp.languages @> ARRAY[${p(q.language)}]::text[]`);
    if (q.regionPattern) where.push(`sp.region ILIKE ${p(q.regionPattern)}`);
    if (q.gender) where.push(`u.gender = ${p(q.gender)}`);
    const columns = `sp.user_id AS id, u.display_name, sp.fellowships, sp.languages, sp.bio, sp.region,
                     sp.active_sponsee_count, sp.created_at::text AS created_key`;
    const from = 'sponsor_profiles sp JOIN users u ON u.id = sp.user_id';

    let sql: string;
    if (q.near) {
      const { box } = q.near;
      where.push(`sp.lat BETWEEN ${p(box.latMin)} AND ${p(box.latMax)}`);
      where.push(`(${box.lngRanges.map(([min, max]) => `sp.lng BETWEEN ${p(min)} AND ${p(max)}`).join(' OR ')})`);
      const distance = haversineSql('sp', `${p(q.near.lat)}::float8`, `${p(q.near.lng)}::float8`);
      const outer = [`d.distance_km <= ${p(q.near.radiusKm)}::float8`];
      if (q.after?.order === 'nearest') {
        outer.push(`(d.distance_km, d.id) > (${p(q.after.distanceKm)}::float8, ${p(q.after.id)}::uuid)`);
      }
      sql = `SELECT * FROM (SELECT ${columns}, ${distance} AS distance_km FROM ${from} WHERE ${where.join(' AND ')}) d
             WHERE ${outer.join(' AND ')}
             ORDER BY d.distance_km, d.id
             LIMIT ${p(q.limit)}`;
    } else {
      if (q.after?.order === 'load') {
        const count = p(q.after.activeSponsees);
        const created = `${p(q.after.createdAt)}::timestamptz`;
        where.push(`(sp.active_sponsee_count > ${count} OR (sp.active_sponsee_count = ${count}
                     AND (sp.created_at < ${created} OR (sp.created_at = ${created} AND sp.user_id > ${p(q.after.id)}::uuid))))`);
      }
      sql = `SELECT ${columns} FROM ${from} WHERE ${where.join(' AND ')}
             ORDER BY sp.active_sponsee_count, sp.created_at DESC, sp.user_id
             LIMIT ${p(q.limit)}`;
    }
    const rows = await this.profiles.query<RawDiscoveryRow[]>(sql, params);
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      fellowships: r.fellowships,
      languages: r.languages,
      bio: r.bio,
      region: r.region,
      activeSponsees: r.active_sponsee_count,
      createdKey: r.created_key,
      distanceKm: r.distance_km ?? null,
    }));
  }
}
