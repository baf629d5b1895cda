import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryPrepared } from '@homegroup/database';
import type { AttendanceMode } from '../entities/meeting.entity';
import { haversineSql, placeTimeBranches, type BoundingBox } from '@homegroup/geo';
import { meetingColumns, toMeetingRecord, type MeetingRecord, type RawMeetingRow } from '../schedule/meeting-record';
import type { MinuteRange } from '../schedule/schedule';

/** What one candidate query asks of the search slots (the service turns an API search into these). */
export type CandidateFilter = {
  /** A point with the box around it; `radiusKm` null takes the whole box (nearest-N probes). */
  near?: { lat: number; lng: number; radiusKm: number; box: BoundingBox };
  /** UTC minute-of-week ranges the start must fall in; null for no time predicate. */
  startRanges: MinuteRange[] | null;
  /** The same window as instants, for moved occurrences. */
  windowFrom: Date;
  windowTo: Date;
  /** Only meetings whose next occurrence may be more than a week away. */
  irregularOnly: boolean;
  /** Local weekday of the slot (0 = Sunday). */
  weekday?: number;
  /** Local start window in minutes; from > to runs past midnight. */
  localStart?: { from: number; to: number };
  fellowship?: string;
  /** Every group must match (types are AND-ed); a group lists codes meaning the same thing. */
  typeGroups: string[][];
  /** Any of. */
  languages: string[];
  attendance?: AttendanceMode;
  /** A LIKE pattern over the lower-case search text, already escaped. */
  textPattern?: string;
  /** Exceptions from this local date on come with each meeting. */
  exceptionsSince: string;
  limit: number;
};

export type Candidate = { meeting: MeetingRecord; distanceKm: number | null };

export type SqlStatement = { text: string; values: unknown[] };

/** A place the listings know (see `MeetingSearchRepository.places`); the centre is not rounded yet. */
export type PlaceRow = { city: string; region: string | null; country: string | null; lat: number; lng: number; meetings: number };


/**
 * The one statement a search chunk runs. Place and time go into the slot index as OR-ed conjunctions
 * (one per longitude range × minute range), so every branch is an index condition on
 * `ix_meeting_slots_cell_time (cell, start_mow)` (the grid cells the box touches, ADR 0047); without a place,
 * `ix_meeting_slots_time`. Moved
 * occurrences come from `ix_meeting_exceptions_moved_start`. Exported so the benchmark runs exactly it.
 */
export function buildCandidateQuery(f: CandidateFilter): SqlStatement {
  const values: unknown[] = [];
  const p = (value: unknown, cast = ''): string => {
    values.push(value);
    return `$${values.length}${cast}`;
  };

  const branches = placeTimeBranches('s', f.near?.box, f.startRanges, p);
  const slotWhere: string[] = [];
  if (branches.some((b) => b.length > 0)) slotWhere.push(`(${branches.map((b) => `(${b.join(' AND ')})`).join('\n      OR ')})`);
  if (f.irregularOnly) slotWhere.push('NOT s.regular');
  if (f.weekday !== undefined) slotWhere.push(`s.weekday = ${p(f.weekday, '::int2')}`);
  if (f.localStart) {
    const from = p(f.localStart.from, '::int2');
    const to = p(f.localStart.to, '::int2');
    slotWhere.push(
      f.localStart.from <= f.localStart.to
        ? `s.local_start BETWEEN ${from} AND ${to}`
        : `(s.local_start >= ${from} OR s.local_start <= ${to})`,
    );
  }

  const movedWhere = [
    `e.kind = 'move'`,
    `e.moved_start >= ${p(f.windowFrom, '::timestamptz')}`,
    `e.moved_start <= ${p(f.windowTo, '::timestamptz')}`,
  ];
  if (f.near) {
    movedWhere.push(`x.lat BETWEEN ${p(f.near.box.latMin, '::float8')} AND ${p(f.near.box.latMax, '::float8')}`);
    movedWhere.push(`(${f.near.box.lngRanges.map(([min, max]) => `x.lng BETWEEN ${p(min, '::float8')} AND ${p(max, '::float8')}`).join(' OR ')})`);
  }

  let distance = 'NULL::float8';
  const outer: string[] = [];
  if (f.near) {
    distance = haversineSql('c', p(f.near.lat, '::float8'), p(f.near.lng, '::float8'));
    outer.push(`d.distance_km <= ${p(f.near.radiusKm, '::float8')}`);
  }

  const meetingWhere = ['g.published'];
  if (f.fellowship) meetingWhere.push(`g.fellowship = ${p(f.fellowship)}`);
  for (const group of f.typeGroups) meetingWhere.push(`m.types && ${p(group, '::text[]')}`);
  if (f.languages.length) meetingWhere.push(`m.languages && ${p(f.languages, '::text[]')}`);
  if (f.attendance === 'in_person') meetingWhere.push(`m.attendance IN ('in_person', 'hybrid')`);
  else if (f.attendance === 'online') meetingWhere.push(`m.attendance IN ('online', 'hybrid')`);
  else if (f.attendance === 'hybrid') meetingWhere.push(`m.attendance = 'hybrid'`);
  if (f.textPattern) meetingWhere.push(`m.search_text LIKE ${p(f.textPattern)}`);

  const since = p(f.exceptionsSince);
  const text = `WITH c AS (
    SELECT s.meeting_id, min(s.lat) AS lat, min(s.lng) AS lng
      FROM meeting_slots s
     WHERE ${slotWhere.length ? slotWhere.join('\n       AND ') : 'true'}
     GROUP BY s.meeting_id
    UNION
    SELECT e.meeting_id, x.lat, x.lng
      FROM meeting_exceptions e
      JOIN LATERAL (SELECT lat, lng FROM meeting_slots WHERE meeting_id = e.meeting_id LIMIT 1) x ON true
     WHERE ${movedWhere.join(' AND ')}
  ), d AS (
    SELECT c.meeting_id, ${distance} AS distance_km FROM c
  )
  SELECT ${meetingColumns(since)}, d.distance_km
    FROM d JOIN meetings m ON m.id = d.meeting_id JOIN groups g ON g.id = m.group_id
    LEFT JOIN locations l ON l.id = m.location_id
   WHERE ${[...outer, ...meetingWhere].join(' AND ')}
   ORDER BY d.distance_km NULLS LAST, m.id
   LIMIT ${p(f.limit, '::int')}`;
  return { text, values };
}

@Injectable()
export class MeetingSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A named prepared statement (one per filter shape): planned once per connection. */
  async candidates(filter: CandidateFilter): Promise<Candidate[]> {
    const { text, values } = buildCandidateQuery(filter);
    const rows = await queryPrepared<RawMeetingRow & { distance_km: number | null }>(this.dataSource, text, values);
    return rows.map((row) => ({ meeting: toMeetingRecord(row), distanceKm: row.distance_km }));
  }

  /**
   * The places of the listings: published groups' in-person and hybrid meetings (not suspended) at an exact place
   * (not approximate, with coordinates, with a city), grouped by city, state/region and country (any case). The
   * centre is the mean latitude and the circular mean longitude (a place across the antimeridian stays there).
   * `prefix` (lower case, already trimmed) matches the start of the city, the region or the country.
   */
  async places(prefix: string | undefined, limit: number): Promise<PlaceRow[]> {
    const values: unknown[] = [limit];
    let match = '';
    if (prefix !== undefined) {
      values.push(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      match = 'AND (lower(p.city) LIKE $2 OR lower(p.region) LIKE $2 OR lower(p.country) LIKE $2)';
    }
    return this.dataSource.query<PlaceRow[]>(
      `WITH p AS (
         SELECT btrim(l.city) AS city, nullif(btrim(l.state), '') AS region, nullif(btrim(l.country), '') AS country,
                l.lat, l.lng
           FROM meetings m
           JOIN groups g ON g.id = m.group_id
           JOIN locations l ON l.id = m.location_id
          WHERE g.published AND m.attendance IN ('in_person', 'hybrid') AND m.status <> 'suspended'
            AND NOT l.approximate AND l.lat IS NOT NULL AND l.lng IS NOT NULL AND btrim(coalesce(l.city, '')) <> ''
       )
       SELECT min(p.city) AS city, min(p.region) AS region, min(p.country) AS country,
              avg(p.lat)::float8 AS lat,
              degrees(atan2(avg(sin(radians(p.lng))), avg(cos(radians(p.lng)))))::float8 AS lng,
              count(*)::int AS meetings
         FROM p
        WHERE true ${match}
        GROUP BY lower(p.city), lower(coalesce(p.region, '')), lower(coalesce(p.country, ''))
        ORDER BY count(*) DESC, lower(concat_ws(', ', min(p.city), min(p.region), min(p.country))), min(p.city)
        LIMIT $1::int`,
      values,
    );
  }
}
