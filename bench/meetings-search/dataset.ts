/**
 * The benchmark's meetings, written straight into PostgreSQL in a few statements: the same rows the app
 * writes (groups, locations, meetings, and the search slots `MeetingWriter.reindex` would make, one per
 * weekday and UTC offset of the zone), without going through 100,000 HTTP calls.
 *
 * 75% of meetings cluster around 300 "cities" (Gaussian, σ ≈ 0.25°) spread from 48 real anchors with their
 * IANA zones (so DST and non-DST zones, both hemispheres, the antimeridian and the far north are in); 25%
 * are anywhere on land-ish latitudes with the zone of the nearest anchor. Every fellowship, 1–3 weekdays,
 * local times from 06:00 to 23:30.
 */
import type { Client } from 'pg';
import { placeCellSql } from '@homegroup/geo';
import { offsetsAround } from '@homegroup/meetings';

export const BENCH_SOURCE = 'bench-meetings';

/** Anchor cities: [lat, lng, IANA zone]. */
export const ANCHORS: [number, number, string][] = [
  [40.71, -74.01, 'America/New_York'], [41.88, -87.63, 'America/Chicago'], [34.05, -118.24, 'America/Los_Angeles'],
  [39.74, -104.99, 'America/Denver'], [33.45, -112.07, 'America/Phoenix'], [61.22, -149.9, 'America/Anchorage'],
  [21.31, -157.86, 'Pacific/Honolulu'], [43.65, -79.38, 'America/Toronto'], [49.28, -123.12, 'America/Vancouver'],
  [19.43, -99.13, 'America/Mexico_City'], [4.71, -74.07, 'America/Bogota'], [-12.05, -77.04, 'America/Lima'],
  [-23.55, -46.63, 'America/Sao_Paulo'], [-34.6, -58.38, 'America/Argentina/Buenos_Aires'], [-33.45, -70.67, 'America/Santiago'],
  [51.51, -0.13, 'Europe/London'], [53.35, -6.26, 'Europe/Dublin'], [48.86, 2.35, 'Europe/Paris'], [52.52, 13.4, 'Europe/Berlin'],
  [40.42, -3.7, 'Europe/Madrid'], [41.9, 12.5, 'Europe/Rome'], [59.33, 18.07, 'Europe/Stockholm'], [69.65, 18.96, 'Europe/Oslo'],
  [60.17, 24.94, 'Europe/Helsinki'], [52.23, 21.01, 'Europe/Warsaw'], [50.45, 30.52, 'Europe/Kyiv'], [41.01, 28.98, 'Europe/Istanbul'],
  [55.76, 37.62, 'Europe/Moscow'], [64.15, -21.94, 'Atlantic/Reykjavik'], [30.04, 31.24, 'Africa/Cairo'], [6.52, 3.38, 'Africa/Lagos'],
  [-1.29, 36.82, 'Africa/Nairobi'], [-26.2, 28.05, 'Africa/Johannesburg'], [25.2, 55.27, 'Asia/Dubai'], [19.08, 72.88, 'Asia/Kolkata'],
  [27.72, 85.32, 'Asia/Kathmandu'], [13.76, 100.5, 'Asia/Bangkok'], [1.35, 103.82, 'Asia/Singapore'], [14.6, 120.98, 'Asia/Manila'],
  [35.68, 139.69, 'Asia/Tokyo'], [37.57, 126.98, 'Asia/Seoul'], [-33.87, 151.21, 'Australia/Sydney'], [-31.95, 115.86, 'Australia/Perth'],
  [-34.93, 138.6, 'Australia/Adelaide'], [-36.85, 174.76, 'Pacific/Auckland'], [-43.53, 172.64, 'Pacific/Auckland'],
  [-18.14, 178.44, 'Pacific/Fiji'], [-16.8, -179.9, 'Pacific/Fiji'],
];

const FELLOWSHIPS = ['NA', 'AA', 'CA', 'CMA', 'HA', 'SMART'];

/** Deletes what an earlier run left (everything hangs off the bench groups of `source`). */
export async function clearBenchMeetings(client: Client, source = BENCH_SOURCE): Promise<void> {
  await client.query(`DELETE FROM groups WHERE source = $1`, [source]);
}

/** Writes `count` meetings and their slots under groups of `source` (slugs `<source>-<n>`, so benchmarks sharing a
 * database never collide); returns how many slot rows were made. */
export async function seedBenchMeetings(
  client: Client,
  count: number,
  nowMs: number,
  source = BENCH_SOURCE,
  slugPrefix = `${source}-`,
  /** PostgreSQL's `setseed` for this seeding: the same seed writes the same places, days and times (ids differ). */
  randomSeed?: number,
): Promise<{ slots: number; cities: number }> {
  const zones = [...new Set(ANCHORS.map((a) => a[2]))];
  const offsets = zones.flatMap((zone) => offsetsAround(zone, nowMs).map((offset) => [zone, offset] as const));
  await client.query('BEGIN');
  if (randomSeed !== undefined) await client.query('SELECT setseed($1)', [randomSeed]);
  try {
    await client.query(`CREATE TEMP TABLE bench_anchors (i int, lat float8, lng float8, zone text) ON COMMIT DROP`);
    await client.query(
      `INSERT INTO bench_anchors SELECT i - 1, lat, lng, zone FROM unnest($1::float8[], $2::float8[], $3::text[]) WITH ORDINALITY AS t(lat, lng, zone, i)`,
      [ANCHORS.map((a) => a[0]), ANCHORS.map((a) => a[1]), ANCHORS.map((a) => a[2])],
    );
    await client.query(`CREATE TEMP TABLE bench_offsets (zone text, offset_minutes int) ON COMMIT DROP`);
    await client.query(`INSERT INTO bench_offsets SELECT * FROM unnest($1::text[], $2::int[])`, [offsets.map((o) => o[0]), offsets.map((o) => o[1])]);
    // 300 cities around the anchors, each with a weight (a few big ones, many small).
    await client.query(`
      CREATE TEMP TABLE bench_cities ON COMMIT DROP AS
      SELECT c, a.zone, a.lat + (random() - 0.5) * 6 AS lat,
             (((a.lng + (random() - 0.5) * 6) + 540)::numeric % 360 - 180)::float8 AS lng,
             power(random(), 3) + 0.05 AS weight
        FROM generate_series(0, 299) c JOIN bench_anchors a ON a.i = c % (SELECT count(*) FROM bench_anchors)`);
    await client.query(`
      CREATE TEMP TABLE bench_city_pick ON COMMIT DROP AS
      SELECT c, zone, lat, lng, sum(weight) OVER (ORDER BY c) / sum(weight) OVER () AS upto FROM bench_cities`);
    // One group per city and fellowship.
    await client.query(
      `INSERT INTO groups (name, fellowship, published, source, source_key, created_at, updated_at)
       SELECT 'Bench ' || f || ' ' || c, f, true, $1, c || ':' || f, now(), now()
         FROM bench_cities, unnest($2::text[]) f`,
      [source, FELLOWSHIPS],
    );
    // The meetings' places: clustered (Box–Muller, σ 0.25°) or anywhere.
    await client.query(
      `CREATE TEMP TABLE bench_points ON COMMIT DROP AS
       SELECT n, p.c, CASE WHEN n % 4 = 0 THEN NULL ELSE p.zone END AS zone,
              CASE WHEN n % 4 = 0 THEN random() * 120 - 50
                   ELSE greatest(-89.9, least(89.9, p.lat + 0.25 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))) END AS lat,
              CASE WHEN n % 4 = 0 THEN random() * 360 - 180
                   ELSE ((p.lng + 0.25 * sqrt(-2 * ln(1 - random())) * sin(2 * pi() * random()) + 540)::numeric % 360 - 180)::float8 END AS lng,
              (ARRAY['in_person', 'in_person', 'in_person', 'hybrid', 'online'])[1 + n % 5] AS attendance
         FROM (SELECT n, random() AS r FROM generate_series(1, $1::int) n) x
         JOIN LATERAL (SELECT * FROM bench_city_pick WHERE upto >= x.r ORDER BY upto LIMIT 1) p ON true`,
      [count],
    );
    // Uniform points take the zone of the nearest anchor (by a rough planar distance).
    await client.query(`
      UPDATE bench_points b SET zone = (SELECT a.zone FROM bench_anchors a ORDER BY (a.lat - b.lat) ^ 2 + ((a.lng - b.lng) * cos(radians(b.lat))) ^ 2 LIMIT 1)
       WHERE b.zone IS NULL`);
    await client.query(
      `CREATE TEMP TABLE bench_meetings ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, gen_random_uuid() AS location_id, b.n, b.zone, b.lat, b.lng, b.attendance,
              g.id AS group_id, g.name AS group_name,
              (SELECT array_agg(DISTINCT d ORDER BY d) FROM unnest(ARRAY[b.n % 7, (b.n * 3 + 2) % 7, (b.n * 5 + 4) % 7]) WITH ORDINALITY u(d, k)
                WHERE k <= 1 + (b.n % 10 = 0)::int + (b.n % 25 = 0)::int)::int2[] AS weekdays,
              (360 + 30 * ((b.n::int8 * 7919) % 36))::int AS local_start
         FROM bench_points b
         JOIN groups g ON g.source = $1 AND g.source_key = b.c || ':' || (ARRAY['NA', 'AA', 'CA', 'CMA', 'HA', 'SMART'])[1 + (b.n * 31) % 6]`,
      [source],
    );
    await client.query(`
      INSERT INTO locations (id, group_id, formatted_address, lat, lng, approximate, timezone, regions, fingerprint)
      SELECT location_id, group_id, n || ' Bench St, City ' || n % 300, lat, lng, attendance = 'online', zone, '{}', md5(location_id::text)
        FROM bench_meetings`);
    await client.query(`
      INSERT INTO meetings (id, group_id, slug, name, location_id, timezone, weekdays, start_time, duration_minutes, starts_on,
                            attendance, types, languages, conference_url, search_text, created_at, updated_at)
      SELECT id, group_id, $1::text || n, 'Bench meeting ' || n, location_id, zone, weekdays,
             lpad((local_start / 60)::text, 2, '0') || ':' || lpad((local_start % 60)::text, 2, '0'), 60 + 30 * (n % 2), '2020-01-01',
             attendance, ARRAY[(ARRAY['O', 'C'])[1 + n % 2], (ARRAY['D', 'SP', 'ST', 'B'])[1 + n % 4]], ARRAY['en'],
             CASE WHEN attendance <> 'in_person' THEN 'https://meet.example.org/bench-' || n END,
             lower('Bench meeting ' || n || ' ' || group_name), now(), now()
        FROM bench_meetings`,
      [slugPrefix],
    );
    // What MeetingWriter.reindex writes: one slot per weekday and offset the zone uses in the coming year.
    const slots = await client.query(`
      INSERT INTO meeting_slots (meeting_id, weekday, start_mow, local_start, lat, lng, cell, regular)
      SELECT DISTINCT ON (m.id, d, mow) m.id, d, mow, m.local_start, m.lat, m.lng, ${placeCellSql('m.lat', 'm.lng')}, true
        FROM bench_meetings m
        CROSS JOIN LATERAL unnest(m.weekdays) d
        JOIN bench_offsets o ON o.zone = m.zone
        CROSS JOIN LATERAL (SELECT (((d * 1440 + m.local_start - o.offset_minutes) % 10080) + 10080) % 10080 AS mow) w`);
    await client.query('COMMIT');
    return { slots: slots.rowCount ?? 0, cities: 300 };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Query points jittered near random meetings of `source` (where people are), reproducible for one run. */
export async function queryPoints(
  client: Client,
  count: number,
  source = BENCH_SOURCE,
): Promise<{ lat: number; lng: number }[]> {
  const rows = await client.query<{ lat: number; lng: number }>(
    `SELECT round((l.lat + (random() - 0.5) * 0.2)::numeric, 4)::float8 AS lat,
            round((((l.lng + (random() - 0.5) * 0.2) + 540)::numeric % 360 - 180), 4)::float8 AS lng
       FROM meetings m JOIN locations l ON l.id = m.location_id JOIN groups g ON g.id = m.group_id
      WHERE g.source = $1 AND l.lat BETWEEN -85 AND 85
      ORDER BY random() LIMIT $2`,
    [source, count],
  );
  return rows.rows;
}
