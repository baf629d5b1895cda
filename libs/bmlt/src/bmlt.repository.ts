import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryPrepared } from '@homegroup/database';
import { boundingBox, haversineSql, placeTimeBranches } from '@homegroup/geo';
import { LISTING_ID_SQL, MEETING_PREFIX_SQL } from './bmlt-ids';

/** One weekly listing: a published meeting on one of its local weekdays, with its place. */
export type ListingRow = {
  meeting_id: string;
  listing_id: string;
  weekday: number;
  local_start: number;
  name: string;
  slug: string;
  timezone: string;
  start_time: string;
  duration_minutes: number;
  attendance: string;
  status: string;
  types: string[];
  languages: string[];
  conference_url: string | null;
  conference_url_notes: string | null;
  conference_phone: string | null;
  conference_phone_notes: string | null;
  notes: string | null;
  updated_at: Date;
  group_name: string;
  location_name: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
  formatted_address: string | null;
  lat: number | null;
  lng: number | null;
  approximate: boolean | null;
  regions: string[] | null;
  location_notes: string | null;
  distance_km: number | null;
  /** Overdue for a lead's check at the request's `now` (ADR 0042: last verification or creation + cadence). */
  unverified: boolean;
  /** Marked reported by members (ADR 0042), until a lead verifies or edits it. */
  reported: boolean;
};

/** What the statement narrows (the rest is decided on the rows, in BmltService). */
export type ListingFilter = {
  weekdays?: { include: number[]; exclude: number[] };
  /** The place: a box around it for the slot index, the exact distance up to `radiusKm`. */
  near?: { lat: number; lng: number; radiusKm: number };
  attendance?: { include: string[]; exclude: string[] };
  listingIds?: { include: number[]; exclude: number[] };
  /** Local start minutes: strictly after, strictly before. */
  startsAfter?: number;
  startsBefore?: number;
  /** Local start + duration at most. */
  endsBefore?: number;
  minDuration?: number;
  maxDuration?: number;
  /** A LIKE pattern over the lower-case search text, escaped. */
  textPattern?: string;
  /** At most this many rows. */
  limit: number;
  /** The app's Clock at the request: `unverified` is computed against it. */
  now: Date;
};

export type ChangeRow = {
  at: Date;
  action: string;
  fields: string[];
  /** Each changed field's before and after (ADR 0042; meeting.update and proposal.approve), else null. */
  diff: Record<string, { before: unknown; after: unknown }> | null;
  meeting_prefix: string;
  weekday: number | null;
  meeting_name: string | null;
  regions: string[] | null;
  meeting_exists: boolean;
};

/**
 * The BMLT interface's own reads over the meetings tables. Listings come from the search slots (`meeting_slots`,
 * ADR 0014): one row per meeting and local weekday exists exactly for meetings of published groups that can take
 * place, and its copied place and grid cell make a radius search index ranges on `ix_meeting_slots_cell_time`.
 */
const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** UTC offsets any zone uses: UTC−12:00 to UTC+14:00, in minutes. */
const MIN_OFFSET = -12 * 60;
const MAX_OFFSET = 14 * 60;

/**
 * The UTC minutes of the week (`meeting_slots.start_mow` = local weekday × 1440 + local start − the zone's offset)
 * at which a slot on one of `weekdays` (local, 0 = Sunday) starting after `after` and before `before` (local
 * minutes, exclusive) can sit, whatever its zone; null when that would not narrow the search (no weekday, or so
 * many that the ranges cover most of the week).
 */
export function startMinuteRanges(weekdays: number[], after?: number, before?: number): [number, number][] | null {
  if (weekdays.length === 0 || weekdays.length > 3) return null;
  const first = after === undefined ? 0 : after + 1;
  const last = before === undefined ? MINUTES_PER_DAY - 1 : before - 1;
  if (last < first) return null;
  const ranges: [number, number][] = [];
  for (const day of weekdays) {
    const from = day * MINUTES_PER_DAY + first - MAX_OFFSET;
    const to = day * MINUTES_PER_DAY + last - MIN_OFFSET;
    const start = ((from % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    const end = ((to % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    if (start <= end) ranges.push([start, end]);
    else ranges.push([start, MINUTES_PER_WEEK - 1], [0, end]);
  }
  return ranges;
}

@Injectable()
export class BmltRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listings(f: ListingFilter): Promise<ListingRow[]> {
    const values: unknown[] = [];
    const p = (value: unknown, cast = ''): string => {
      values.push(value);
      return `$${values.length}${cast}`;
    };
    const slotWhere: string[] = [];
    if (f.weekdays?.include.length) slotWhere.push(`s.weekday = ANY(${p(f.weekdays.include, '::int2[]')})`);
    if (f.weekdays?.exclude.length)
      slotWhere.push(`NOT (s.weekday = ANY(${p(f.weekdays.exclude, '::int2[]')}))`);
    let distance = 'NULL::float8';
    const where = ['g.published'];
    // The slot index is (cell, start_mow): place and start are OR-ed conjunctions (one per longitude range ×
    // UTC minute range), so each branch is a range of that index and the scan reads only the slots that can
    // match, whatever the size of the catalogue (ADR 0047; weekday and local_start are not in the index).
    const box = f.near && boundingBox(f.near.lat, f.near.lng, f.near.radiusKm);
    const mowRanges = startMinuteRanges(f.weekdays?.include ?? [], f.startsAfter, f.startsBefore);
    const branches = placeTimeBranches('s', box, mowRanges, p);
    if (f.near) {
      distance = haversineSql('l', p(f.near.lat, '::float8'), p(f.near.lng, '::float8'));
      where.push(`${distance} <= ${p(f.near.radiusKm, '::float8')}`);
    }
    if (branches.some((branch) => branch.length > 0))
      slotWhere.push(`(${branches.map((branch) => `(${branch.join(' AND ')})`).join(' OR ')})`);
    if (f.startsAfter !== undefined) slotWhere.push(`s.local_start > ${p(f.startsAfter, '::int2')}`);
    if (f.startsBefore !== undefined) slotWhere.push(`s.local_start < ${p(f.startsBefore, '::int2')}`);
    if (f.endsBefore !== undefined)
      where.push(`s.local_start + m.duration_minutes <= ${p(f.endsBefore, '::int')}`);
    if (f.minDuration !== undefined) where.push(`m.duration_minutes >= ${p(f.minDuration, '::int')}`);
    if (f.maxDuration !== undefined) where.push(`m.duration_minutes <= ${p(f.maxDuration, '::int')}`);
    if (f.attendance?.include.length)
      where.push(`m.attendance = ANY(${p(f.attendance.include, '::text[]')})`);
    if (f.attendance?.exclude.length)
      where.push(`NOT (m.attendance = ANY(${p(f.attendance.exclude, '::text[]')}))`);
    const listingId = LISTING_ID_SQL('m.id', 's.weekday');
    if (f.listingIds?.include.length)
      where.push(`${listingId} = ANY(${p(f.listingIds.include, '::int8[]')})`);
    if (f.listingIds?.exclude.length)
      where.push(`NOT (${listingId} = ANY(${p(f.listingIds.exclude, '::int8[]')}))`);
    if (f.textPattern) where.push(`m.search_text LIKE ${p(f.textPattern)}`);

    // One text per filter shape (values are parameters): a named prepared statement, planned once per connection.
    return queryPrepared<ListingRow>(
      this.dataSource,
      `SELECT m.id AS meeting_id, ${listingId}::text AS listing_id, s.weekday, s.local_start,
              m.name, m.slug, m.timezone, m.start_time, m.duration_minutes, m.attendance, m.status, m.types, m.languages,
              m.conference_url, m.conference_url_notes, m.conference_phone, m.conference_phone_notes, m.notes,
              m.updated_at, g.name AS group_name,
              l.name AS location_name, l.address, l.city, l.state, l.postal_code, l.country, l.formatted_address,
              l.lat, l.lng, l.approximate, l.regions, l.notes AS location_notes,
              ${distance} AS distance_km,
              COALESCE(m.last_verified_at, m.created_at) + make_interval(days => g.verification_cadence_days)
                <= ${p(f.now, '::timestamptz')} AS unverified,
              m.reported_at IS NOT NULL AS reported
         FROM (SELECT DISTINCT s.meeting_id, s.weekday, s.local_start
                 FROM meeting_slots s
                WHERE ${slotWhere.length ? slotWhere.join(' AND ') : 'true'}) s
         JOIN meetings m ON m.id = s.meeting_id
         JOIN groups g ON g.id = m.group_id
         LEFT JOIN locations l ON l.id = m.location_id
        WHERE ${where.join(' AND ')}
        ORDER BY s.weekday, s.local_start, m.duration_minutes, m.id
        LIMIT ${p(f.limit, '::int')}`,
      values,
    );
  }

  /** Every distinct region path of listed meetings (the service bodies). */
  async regionPaths(): Promise<string[][]> {
    const rows = await this.dataSource.query<{ regions: string[] }[]>(
      `SELECT DISTINCT l.regions
         FROM meetings m JOIN groups g ON g.id = m.group_id JOIN locations l ON l.id = m.location_id
        WHERE g.published AND cardinality(l.regions) > 0
          AND EXISTS (SELECT 1 FROM meeting_slots s WHERE s.meeting_id = m.id)`,
    );
    return rows.map((r) => r.regions);
  }

  /** The box of every listed place with coordinates (exact places only). */
  async coverage(): Promise<{
    lat_min: number | null;
    lat_max: number | null;
    lng_min: number | null;
    lng_max: number | null;
  }> {
    const [row] = await this.dataSource.query<
      { lat_min: number | null; lat_max: number | null; lng_min: number | null; lng_max: number | null }[]
    >(
      `SELECT min(s.lat) AS lat_min, max(s.lat) AS lat_max, min(s.lng) AS lng_min, max(s.lng) AS lng_max
         FROM meeting_slots s WHERE s.lat IS NOT NULL`,
    );
    return row;
  }

  /** Distinct states or provinces of listed places. */
  async provinces(): Promise<string[]> {
    const rows = await this.dataSource.query<{ state: string }[]>(
      `SELECT DISTINCT btrim(l.state) AS state
         FROM meetings m JOIN locations l ON l.id = m.location_id
        WHERE btrim(coalesce(l.state, '')) <> '' AND EXISTS (SELECT 1 FROM meeting_slots s WHERE s.meeting_id = m.id)
        ORDER BY 1 LIMIT 200`,
    );
    return rows.map((r) => r.state);
  }

  /**
   * The change log (`meeting_changes`: which fields, with their before and after where kept; never who: the actor
   * is not read) of published groups' meetings, between two instants, optionally of one meeting (by its 48-bit id
   * prefix × 8). The weekday is the meeting's first, when it still exists.
   */
  async changes(
    from: Date | null,
    to: Date | null,
    meetingPrefix: number | null,
    limit: number,
  ): Promise<ChangeRow[]> {
    const values: unknown[] = [];
    const p = (value: unknown, cast = ''): string => {
      values.push(value);
      return `$${values.length}${cast}`;
    };
    const where = ['g.published', 'c.meeting_id IS NOT NULL'];
    if (from) where.push(`c.at >= ${p(from, '::timestamptz')}`);
    if (to) where.push(`c.at < ${p(to, '::timestamptz')}`);
    if (meetingPrefix !== null)
      where.push(`${MEETING_PREFIX_SQL('c.meeting_id')} = ${p(meetingPrefix, '::int8')}`);
    return this.dataSource.query<ChangeRow[]>(
      `SELECT c.at, c.action, c.fields, c.diff, ${MEETING_PREFIX_SQL('c.meeting_id')}::text AS meeting_prefix,
              m.weekdays[1] AS weekday, m.name AS meeting_name, l.regions, m.id IS NOT NULL AS meeting_exists
         FROM meeting_changes c
         JOIN groups g ON g.id = c.group_id
         LEFT JOIN meetings m ON m.id = c.meeting_id
         LEFT JOIN locations l ON l.id = m.location_id
        WHERE ${where.join(' AND ')}
        ORDER BY c.at DESC, c.id
        LIMIT ${p(limit, '::int')}`,
      values,
    );
  }
}
