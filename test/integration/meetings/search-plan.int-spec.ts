import { Client } from 'pg';
import { boundingBox, placeCell, placeCellSql } from '@homegroup/geo';
import { buildCandidateQuery, minuteOfWeekRanges, type CandidateFilter } from '@homegroup/meetings';
import { createTestDatabase, dropTestDatabase } from '../../setup/test-database';

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Index Cond'?: string; Plans?: PlanNode[] };

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The search's one statement, planned by PostgreSQL on enough rows for the planner to care: place and time
 * must both be index conditions of the slot index (docs/adr/0014), the antimeridian must stay indexed.
 */
describe('the meeting search plan (real PostgreSQL)', () => {
  let url: string;
  let client: Client;

  beforeAll(async () => {
    url = await createTestDatabase();
    client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO users (id, email, password_hash, display_name) VALUES ('00000000-0000-4000-8000-000000000001', 'plan@test.local', 'x', 'Plan P.')`);
    await client.query(`INSERT INTO groups (id, name, fellowship, published, created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000002', 'G', 'NA', true, now(), now())`);
    // 20,000 meetings on 40 "cities" (some across the antimeridian), each on one or two weekdays.
    await client.query(`
      INSERT INTO meetings (id, group_id, slug, name, timezone, weekdays, start_time, duration_minutes, starts_on, attendance, created_at, updated_at)
      SELECT md5('m' || g)::uuid, '00000000-0000-4000-8000-000000000002', 'm-' || g, 'Meeting ' || g, 'UTC',
             ARRAY[g % 7]::int2[], lpad(((g * 37) % 24)::text, 2, '0') || ':' || CASE WHEN g % 2 = 0 THEN '00' ELSE '30' END,
             60, '2020-01-01', 'in_person', now(), now()
        FROM generate_series(1, 20000) g`);
    await client.query(`
      INSERT INTO meeting_slots (meeting_id, weekday, start_mow, local_start, lat, lng, cell, regular)
      SELECT id, weekday, start_mow, local_start, lat, lng, ${placeCellSql('lat', 'lng')}, true FROM (
      SELECT m.id, m.weekdays[1] AS weekday,
             m.weekdays[1] * 1440 + split_part(m.start_time, ':', 1)::int * 60 + split_part(m.start_time, ':', 2)::int AS start_mow,
             split_part(m.start_time, ':', 1)::int * 60 + split_part(m.start_time, ':', 2)::int AS local_start,
             (c.lat + ((g * 7919) % 1000) / 2000.0 - 0.25)::float8 AS lat,
             ((c.lng + ((g * 104729) % 1000) / 2000.0 - 0.25 + 540)::numeric % 360 - 180)::float8 AS lng
        FROM (SELECT id, weekdays, start_time, row_number() OVER (ORDER BY id) AS g FROM meetings) m
        JOIN LATERAL (SELECT -60 + (m.g % 40) * 3 AS lat, CASE WHEN m.g % 40 < 4 THEN 179.9 ELSE -170 + (m.g % 40) * 8.5 END AS lng) c ON true) x`);
    await client.query('ANALYZE');
  });

  afterAll(async () => {
    await client.end();
    await dropTestDatabase(url);
  });

  const filter = (overrides: Partial<CandidateFilter>): CandidateFilter => {
    const from = Date.parse('2026-11-02T10:00:00Z');
    const to = from + 120 * 60_000;
    return {
      startRanges: minuteOfWeekRanges(from, to),
      windowFrom: new Date(from),
      windowTo: new Date(to),
      irregularOnly: false,
      typeGroups: [],
      languages: [],
      exceptionsSince: '2026-10-31',
      limit: 501,
      ...overrides,
    };
  };

  const plan = async (f: CandidateFilter): Promise<PlanNode[]> => {
    const { text, values } = buildCandidateQuery(f);
    const result = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
    return nodes(result.rows[0]['QUERY PLAN'][0].Plan);
  };

  it('should answer "within 25 km, starting in the next 120 minutes" with place and time as index conditions', async () => {
    const found = (await plan(filter({ near: { lat: -3, lng: 1.5, radiusKm: 25, box: boundingBox(-3, 1.5, 25) } }))).filter(
      (n) => n['Index Name'] === 'ix_meeting_slots_cell_time',
    );
    expect(found.length).toBeGreaterThan(0);
    for (const node of found) {
      expect(node['Index Cond']).toMatch(/cell = ANY/);
      expect(node['Index Cond']).toMatch(/start_mow >=/);
    }
  });

  it('should compute the same grid cell in SQL as in JavaScript (ADR 0047)', async () => {
    const { rows } = await client.query<{ lat: number; lng: number; cell: number }>(
      `SELECT lat, lng, cell FROM meeting_slots ORDER BY meeting_id LIMIT 2000`,
    );
    expect(rows.length).toBe(2000);
    for (const row of rows) expect(row.cell).toBe(placeCell(row.lat, row.lng));
    const edges = [[-90, -180], [90, 180], [0.25, -0.0000001], [-17.75, 179.999999], [45, 0]];
    for (const [lat, lng] of edges) {
      const { rows: [edge] } = await client.query<{ cell: number }>(`SELECT ${placeCellSql('$1::float8', '$2::float8')} AS cell`, [lat, lng]);
      expect(edge.cell).toBe(placeCell(lat, lng));
    }
  });

  it('should keep both ranges of a box across the antimeridian (and a week-end wrap) in the index', async () => {
    const from = Date.parse('2026-11-07T23:00:00Z'); // Saturday 23:00 UTC: the window wraps to Sunday
    const near = { lat: -60, lng: 179.95, radiusKm: 25, box: boundingBox(-60, 179.95, 25) };
    expect(near.box.lngRanges).toHaveLength(2);
    const all = await plan(filter({ near, startRanges: minuteOfWeekRanges(from, from + 120 * 60_000), windowFrom: new Date(from), windowTo: new Date(from + 7_200_000) }));
    const scans = all.filter((n) => n['Index Name'] === 'ix_meeting_slots_cell_time');
    expect(scans).toHaveLength(4);
    expect(all.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).not.toContain('meeting_slots');
  });

  it('should use the time index without a place, and never a sequential scan of the slots', async () => {
    const all = await plan(filter({}));
    expect(all.some((n) => n['Index Name'] === 'ix_meeting_slots_time' && /start_mow >=/.test(n['Index Cond'] ?? ''))).toBe(true);
    // The meetings themselves are read by primary key, one per candidate.
    expect(all.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).not.toContain('meetings');
    expect(all.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).not.toContain('meeting_slots');
  });
});
