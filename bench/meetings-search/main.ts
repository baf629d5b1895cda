/**
 * Meetings-search benchmark: "within 25 km, starting in the next 120 minutes" from 10,000 query points over
 * 100,000 meetings (clustered around cities, every fellowship, 40 time zones), three ways in one run:
 *
 *   1. through the real HTTP API (`GET /api/v1/meetings`, anonymous) with autocannon, 8 connections;
 *   2. the same SQL statement the endpoint sends (checked against one recorded request), run directly with
 *      `pg` from 8 concurrent loops on a pool of 8, each loop walking the same query points, prepared under
 *      the same name as the app prepares it;
 *   3. that statement again with the slot indexes dropped (then rebuilt);
 *   4. BMLT's GetSearchResults (`GET /client_interface/json/`, libs/bmlt) from the same points: within 25 km, on
 *      today's weekday (UTC), starting in a two-hour window of local time (BMLT has no "next N minutes").
 *
 *   npm run bench:meetings-search     (embedded PostgreSQL in .data/bench-postgres unless DATABASE_URL)
 *
 * BENCH_MEETINGS (100000), BENCH_GROWTH_MEETINGS (1000000; the growth run in a second database, 0 to skip), BENCH_GROWTH_ROUNDS (3), BENCH_POINTS (10000), BENCH_DURATION (s, 10), BENCH_WARMUP (s, 2),
 * BENCH_CONNECTIONS (8), BENCH_SEQSCAN_DURATION (s, 5), BENCH_SHOW_PLANS=1 (print EXPLAIN ANALYZE).
 * The last line is one JSON object.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { boundingBox } from '@homegroup/geo';
import {
  buildCandidateQuery,
  CHUNK_CAP,
  DAY_MS,
  localParts,
  minuteOfWeekRanges,
  type SqlStatement,
} from '@homegroup/meetings';
import { percentile } from '../support/argon2';
import { callApi, envNumber, say, sleep, startBenchApp } from '../support/bench-app';
import { BENCH_DATABASE, openBenchDatabase, openSiblingDatabase, type BenchDatabase } from '../support/bench-database';
import { measure } from '../support/load';
import { measureSql, type SqlLoadResult } from '../support/sql-load';
import { recordStatements, type RecordedStatement } from '../support/sql-recorder';
import { BENCH_SOURCE, clearBenchMeetings, queryPoints, seedBenchMeetings } from './dataset';

const RADIUS_KM = 25;
const WITHIN_MINUTES = 120;
const SLOT_INDEXES = ['ix_meeting_slots_cell_time', 'ix_meeting_slots_time'];

type Point = { lat: number; lng: number };

const GROWTH_SOURCE = `${BENCH_SOURCE}-growth`;
/** PostgreSQL random seeds of the data: the first meetings are the same in both databases of the growth run. */
const BASE_SEED = 0.42;
const GROWTH_SEED = -0.17;
/** Points whose BMLT statements are recorded for the SQL baseline (each recorded through a real request). */
const BMLT_RECORDED_POINTS = 300;

type HttpLoad = Awaited<ReturnType<typeof measure>>;
/** One alternating round: A is the 100,000-meeting database, B the grown one, measured back to back. */
type GrowthRound = {
  httpA: HttpLoad;
  httpB: HttpLoad;
  bmltA: HttpLoad;
  bmltB: HttpLoad;
  sqlA: SqlLoadResult;
  sqlB: SqlLoadResult;
  bmltSqlA: SqlLoadResult;
  bmltSqlB: SqlLoadResult;
};
type GrowthResult = {
  meetings: number;
  slots: number;
  seedSeconds: number;
  rounds: GrowthRound[];
  resultsPerQuery: number;
  bmltResultsPerQuery: number;
  /** Per search inside PostgreSQL, one at a time: the grown database, and the first one measured just before. */
  cost: SearchCost;
  bmltCost: SearchCost;
  baseCost: SearchCost;
  baseBmltCost: SearchCost;
};

/** The median over the rounds of B's p99 over A's. */
function medianRatio(rounds: GrowthRound[], pick: (r: GrowthRound) => [a: number, b: number]): number {
  const ratios = rounds.map((r) => {
    const [a, b] = pick(r);
    return b / Math.max(a, 0.001);
  });
  return Number(percentile([...ratios].sort((x, y) => x - y), 50).toFixed(2));
}

/** The SQL each point's GetSearchResults sends, recorded from a real request per point. */
async function recordBmltStatements(base: string, points: Point[], now: Date): Promise<RecordedStatement[][]> {
  const perPoint: RecordedStatement[][] = [];
  for (const p of points) {
    const statements = await recordStatements(async () => {
      const res = await fetch(`${base}${bmltPath(p, now)}`);
      if (res.status !== 200) throw new Error(`GET ${bmltPath(p, now)}: ${res.status}`);
      await res.arrayBuffer();
    });
    perPoint.push(statements);
  }
  if (perPoint.some((s) => s.length === 0)) throw new Error('a GetSearchResults request sent no SQL (answered from a cache?)');
  return perPoint;
}

const path = (p: Point): string =>
  `/meetings?lat=${p.lat}&lng=${p.lng}&radiusKm=${RADIUS_KM}&startsWithinMinutes=${WITHIN_MINUTES}`;

/**
 * The BMLT query for a point: within RADIUS_KM, today's weekday (1 = Sunday), starting between 18:00 and 20:00
 * local time (BMLT compares local times, ADR 0041; a window after the UTC clock found nothing at night).
 */
const bmltPath = (p: Point, now: Date): string =>
  `/client_interface/json/?switcher=GetSearchResults&lat_val=${p.lat}&long_val=${p.lng}&geo_width_km=${RADIUS_KM}` +
  `&weekdays=${now.getUTCDay() + 1}&StartsAfterH=18&StartsBeforeH=20`;

type SearchCost = { buffersMean: number; buffersP99: number; executionP50Ms: number; executionP99Ms: number };

/**
 * What each search costs inside PostgreSQL, one at a time (EXPLAIN (ANALYZE, BUFFERS) of every statement of every
 * point): shared buffers touched (hit or read: the work, whatever else the machine does) and execution time.
 */
async function searchCost(client: Client, perPoint: RecordedStatement[][]): Promise<SearchCost> {
  const buffers: number[] = [];
  const times: number[] = [];
  for (const statements of perPoint) {
    let blocks = 0;
    let ms = 0;
    for (const statement of statements) {
      const result = await client.query<{ 'QUERY PLAN': [{ Plan: Record<string, number>; 'Execution Time': number }] }>(
        `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY ON, FORMAT JSON) ${statement.text}`,
        statement.values,
      );
      const [top] = result.rows[0]['QUERY PLAN'];
      blocks += (top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0);
      ms += top['Execution Time'];
    }
    buffers.push(blocks);
    times.push(ms);
  }
  buffers.sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  return {
    buffersMean: Number((buffers.reduce((sum, b) => sum + b, 0) / Math.max(1, buffers.length)).toFixed(1)),
    buffersP99: percentile(buffers, 99),
    executionP50Ms: Number(percentile(times, 50).toFixed(3)),
    executionP99Ms: Number(percentile(times, 99).toFixed(3)),
  };
}

const ratio = (a: number, b: number): number => Number((a / Math.max(b, 0.001)).toFixed(2));

/** The statement MeetingSearchService sends for one point at `nowMs` (one chunk: the whole 120 minutes). */
export function statementFor(p: Point, nowMs: number): SqlStatement {
  const from = nowMs;
  const to = nowMs + WITHIN_MINUTES * 60_000 + 1;
  return buildCandidateQuery({
    near: { lat: p.lat, lng: p.lng, radiusKm: RADIUS_KM, box: boundingBox(p.lat, p.lng, RADIUS_KM) },
    startRanges: minuteOfWeekRanges(from, to),
    windowFrom: new Date(from),
    windowTo: new Date(to),
    irregularOnly: false,
    weekday: undefined,
    localStart: undefined,
    fellowship: undefined,
    typeGroups: [],
    languages: [],
    attendance: undefined,
    textPattern: undefined,
    exceptionsSince: localParts('UTC', nowMs - 2 * DAY_MS).date,
    limit: CHUNK_CAP + 1,
  });
}

/** `concurrency` loops on a pool of that size, each taking the next query point, for `seconds`. */
function measureSearchSql(
  databaseUrl: string,
  points: Point[],
  settings: { concurrency: number; seconds: number; warmupSeconds: number },
): Promise<SqlLoadResult> {
  let next = 0;
  // As the app sends it: a named prepared statement (planned once per connection).
  return measureSql(databaseUrl, () => [statementFor(points[next++ % points.length], Date.now())], {
    ...settings,
    named: true,
    applicationName: 'homegroup-bench-sql',
  });
}

/** A bind value as an SQL literal for EXECUTE (dates, text, numbers, arrays of numbers: the grid cells). */
function literal(v: unknown): string {
  if (v instanceof Date) return `'${v.toISOString()}'`;
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (Array.isArray(v)) return `'{${v.map(String).join(',')}}'`;
  return String(v);
}

/** EXPLAIN ANALYZE of the prepared statement once PostgreSQL uses its generic plan (after 5 custom ones). */
async function explain(client: Client, points: Point[]): Promise<string> {
  const name = `bench_explain_${Date.now()}`;
  const first = statementFor(points[0], Date.now());
  const same = points.filter((p) => statementFor(p, Date.now()).text === first.text).slice(0, 200);
  // Explain a query that finds something (half of them find nothing), the same shape as the first.
  for (const [i, p] of same.entries()) {
    const s = statementFor(p, Date.now());
    if ((await client.query(s.text, s.values)).rowCount) {
      same.splice(i, 1);
      same.splice(6, 0, p);
      break;
    }
  }
  same.length = Math.min(same.length, 7);
  await client.query(`PREPARE ${name} AS ${first.text}`);
  try {
    for (const p of same.slice(0, 6)) await client.query(`EXECUTE ${name}(${statementFor(p, Date.now()).values.map(literal).join(', ')})`);
    const values = statementFor(same[same.length - 1], Date.now()).values.map(literal).join(', ');
    const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) EXECUTE ${name}(${values})`);
    return result.rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query(`DEALLOCATE ${name}`);
  }
}

/** Server-side execution time (EXPLAIN ANALYZE, no per-node timing) of the prepared statement over `points`: p50 ms. */
async function executionP50(client: Client, points: Point[]): Promise<number> {
  const name = `bench_exec_${Date.now()}`;
  const first = statementFor(points[0], Date.now());
  await client.query(`PREPARE ${name} AS ${first.text}`);
  const times: number[] = [];
  try {
    for (const p of points) {
      const s = statementFor(p, Date.now());
      if (s.text !== first.text) continue;
      const result = await client.query<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(
        `EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) EXECUTE ${name}(${s.values.map(literal).join(', ')})`,
      );
      times.push(result.rows[0]['QUERY PLAN'][0]['Execution Time']);
    }
  } finally {
    await client.query(`DEALLOCATE ${name}`);
  }
  times.sort((a, b) => a - b);
  return Number(percentile(times, 50).toFixed(3));
}

async function main(): Promise<number> {
  const meetingCount = envNumber('BENCH_MEETINGS', 100_000);
  const pointCount = envNumber('BENCH_POINTS', 10_000);
  const seconds = envNumber('BENCH_DURATION', 10);
  const warmupSeconds = envNumber('BENCH_WARMUP', 2);
  const connections = envNumber('BENCH_CONNECTIONS', 8);
  const seqSeconds = envNumber('BENCH_SEQSCAN_DURATION', 5);
  const growthCount = envNumber('BENCH_GROWTH_MEETINGS', 1_000_000);
  const growthRounds = envNumber('BENCH_GROWTH_ROUNDS', 3);
  const seedNow = Date.now();

  let db: BenchDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let client: Client | undefined;
  let sibling: { url: string; drop: () => Promise<void> } | undefined;
  let growthClient: Client | undefined;
  let growthApp: NestFastifyApplication | undefined;
  let dropped: string[] = [];
  const workdir = mkdtempSync(join(tmpdir(), 'homegroup-bench-meetings-'));
  try {
    db = await openBenchDatabase(process.env.DATABASE_URL);
    client = new Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();

    const seedStarted = performance.now();
    await clearBenchMeetings(client);
    await clearBenchMeetings(client, GROWTH_SOURCE);
    const seeded = await seedBenchMeetings(client, meetingCount, seedNow, BENCH_SOURCE, undefined, BASE_SEED);
    // Compact tables and indexes (an earlier run's rows were just deleted), as a fresh database would be.
    for (const table of ['meeting_slots', 'meetings', 'locations', 'groups']) await client.query(`VACUUM FULL ANALYZE ${table}`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const points = await queryPoints(client, pointCount);
    const sizes = (
      await client.query<{ name: string; size: string }>(
        `SELECT relname AS name, pg_size_pretty(pg_relation_size(oid)) AS size FROM pg_class
          WHERE relname IN ('meeting_slots', 'ix_meeting_slots_cell_time', 'ix_meeting_slots_time') ORDER BY relname`,
      )
    ).rows;

    const started = await startBenchApp(db.url);
    app = started.app;
    const base = started.origin;
    const pathsFile = join(workdir, 'paths.json');
    writeFileSync(pathsFile, JSON.stringify(points.map((p) => `/api/v1${path(p)}`)));
    process.env.BENCH_MEETINGS_PATHS = pathsFile;

    // What a query finds, over a sample of the points (through the API).
    let found = 0;
    const sample = points.slice(0, 200);
    for (const p of sample) {
      const res = await callApi(base, 'GET', path(p));
      if (res.status !== 200) throw new Error(`GET ${path(p)}: ${res.status} ${JSON.stringify(res.json)}`);
      found += (res.json as { items: unknown[] }).items.length;
    }

    // The endpoint's SQL, recorded from one request, must be the statement the SQL baseline runs.
    const recorded = await recordStatements(async () => {
      await callApi(base, 'GET', path(points[0]));
    });
    const expected = statementFor(points[0], Date.now());
    const same = recorded.length === 1 && recorded[0].text === expected.text && recorded[0].values.length === expected.values.length;
    if (!same) {
      throw new Error(`the endpoint sent ${recorded.length} statement(s), not the benchmark's one:\n${recorded.map((r) => r.text).join('\n---\n')}`);
    }

    const sql = await measureSearchSql(db.url, points, { concurrency: connections, seconds, warmupSeconds });
    const sqlSerial = await measureSearchSql(db.url, points, { concurrency: 1, seconds: Math.max(2, seconds / 2), warmupSeconds: 1 });
    await sleep(500);
    const http = await measure(`${base}/api/v1/meetings`, {}, {
      connections,
      durationSeconds: seconds,
      warmupSeconds,
      setupRequestPath: resolve(__dirname, 'setup-request.js'),
    });
    await sleep(500);

    // BMLT's GetSearchResults from the same points.
    const bmltNow = new Date();
    let bmltFound = 0;
    for (const p of sample) {
      const res = await fetch(`${base}${bmltPath(p, bmltNow)}`);
      if (res.status !== 200) throw new Error(`GET ${bmltPath(p, bmltNow)}: ${res.status} ${await res.text()}`);
      bmltFound += ((await res.json()) as unknown[]).length;
    }
    const bmltPathsFile = join(workdir, 'bmlt-paths.json');
    writeFileSync(bmltPathsFile, JSON.stringify(points.map((p) => bmltPath(p, bmltNow))));
    process.env.BENCH_MEETINGS_PATHS = bmltPathsFile;
    const bmlt = await measure(`${base}/client_interface/json/`, {}, {
      connections,
      durationSeconds: seconds,
      warmupSeconds,
      setupRequestPath: resolve(__dirname, 'setup-request.js'),
    });
    process.env.BENCH_MEETINGS_PATHS = pathsFile;
    await sleep(500);
    // BMLT's SQL baseline: the statements each GetSearchResults request sent (recorded per point), replayed from the
    // same number of loops as named prepared statements, as the route sends them.
    const bmltStatements = await recordBmltStatements(base, points.slice(0, BMLT_RECORDED_POINTS), bmltNow);
    const costPoints = points.slice(0, BMLT_RECORDED_POINTS);
    const costNow = Date.now();
    const apiStatements = (): RecordedStatement[][] => costPoints.map((p) => [statementFor(p, costNow)]);
    let nextBmlt = 0;
    const bmltSql = await measureSql(db.url, () => bmltStatements[nextBmlt++ % bmltStatements.length], {
      concurrency: connections,
      seconds,
      warmupSeconds,
      named: true,
      applicationName: 'homegroup-bench-sql',
    });
    await sleep(1000);

    const indexedPlan = await explain(client, points);
    const indexedExecution = await executionP50(client, points.slice(0, 300));
    const definitions = (
      await client.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'meeting_slots' AND indexname = ANY($1::text[])`,
        [SLOT_INDEXES],
      )
    ).rows;
    for (const d of definitions) await client.query(`DROP INDEX "${d.indexname}"`);
    dropped = definitions.map((d) => d.indexdef);
    await client.query('ANALYZE meeting_slots');
    const seqPlan = await explain(client, points);
    const seqExecution = await executionP50(client, points.slice(0, 100));
    const seq = await measureSearchSql(db.url, points, { concurrency: connections, seconds: seqSeconds, warmupSeconds: 1 });
    const seqSerial = await measureSearchSql(db.url, points, { concurrency: 1, seconds: seqSeconds, warmupSeconds: 0 });
    for (const definition of dropped) await client.query(definition);
    dropped = [];
    await client.query('ANALYZE meeting_slots');

    // Growth: a second database beside the first holds BENCH_GROWTH_MEETINGS — the same first meetings (the same
    // PostgreSQL random seed writes the same places, days and times) and more around other cities near the same
    // anchors — served by a second app. The same points and searches then run against both in alternating rounds
    // (A 100k, B 1M, A, B, …), so the machine's drift during the run falls on both alike: the ratio of each round's
    // p99s is the figure, and its median over the rounds. The cost of a search must not grow with the catalogue.
    let growth: GrowthResult | undefined;
    if (growthCount > meetingCount) {
      const growthStarted = performance.now();
      sibling = await openSiblingDatabase(db, `${BENCH_DATABASE}_growth`);
      growthClient = new Client({ connectionString: sibling.url });
      growthClient.on('error', () => undefined);
      await growthClient.connect();
      const copy = await seedBenchMeetings(growthClient, meetingCount, seedNow, BENCH_SOURCE, undefined, BASE_SEED);
      const extra = await seedBenchMeetings(growthClient, growthCount - meetingCount, seedNow, GROWTH_SOURCE, undefined, GROWTH_SEED);
      for (const table of ['meeting_slots', 'meetings', 'locations', 'groups']) await growthClient.query(`VACUUM ANALYZE ${table}`);
      const growthSeedSeconds = (performance.now() - growthStarted) / 1000;
      const grownApp = await startBenchApp(sibling.url);
      growthApp = grownApp.app;
      const grownBase = grownApp.origin;
      let grownFound = 0;
      for (const p of sample) grownFound += ((await callApi(grownBase, 'GET', path(p))).json as { items: unknown[] }).items.length;
      let grownBmltFound = 0;
      for (const p of sample) grownBmltFound += ((await (await fetch(`${grownBase}${bmltPath(p, bmltNow)}`)).json()) as unknown[]).length;
      const load = { connections, durationSeconds: seconds, warmupSeconds, setupRequestPath: resolve(__dirname, 'setup-request.js') };
      const sqlLoad = { concurrency: connections, seconds: Math.max(2, Math.round(seconds / 2)), warmupSeconds: 1 };
      const bmltSqlOn = (url: string): Promise<SqlLoadResult> => {
        let next = 0;
        return measureSql(url, () => bmltStatements[next++ % bmltStatements.length], { ...sqlLoad, named: true, applicationName: 'homegroup-bench-sql' });
      };
      const rounds: GrowthRound[] = [];
      for (let round = 0; round < growthRounds; round += 1) {
        process.env.BENCH_MEETINGS_PATHS = pathsFile;
        const httpA = await measure(`${base}/api/v1/meetings`, {}, load);
        const httpB = await measure(`${grownBase}/api/v1/meetings`, {}, load);
        process.env.BENCH_MEETINGS_PATHS = bmltPathsFile;
        const bmltA = await measure(`${base}/client_interface/json/`, {}, load);
        const bmltB = await measure(`${grownBase}/client_interface/json/`, {}, load);
        process.env.BENCH_MEETINGS_PATHS = pathsFile;
        const sqlA = await measureSearchSql(db.url, points, sqlLoad);
        const sqlB = await measureSearchSql(sibling.url, points, sqlLoad);
        const bmltSqlA = await bmltSqlOn(db.url);
        const bmltSqlB = await bmltSqlOn(sibling.url);
        rounds.push({ httpA, httpB, bmltA, bmltB, sqlA, sqlB, bmltSqlA, bmltSqlB });
        say(
          `  growth round ${round + 1}/${growthRounds}: api p99 ${httpA.p99Ms} → ${httpB.p99Ms} ms, bmlt p99 ${bmltA.p99Ms} → ${bmltB.p99Ms} ms, ` +
            `sql p99 ${sqlA.p99Ms} → ${sqlB.p99Ms} ms, bmlt sql p99 ${bmltSqlA.p99Ms} → ${bmltSqlB.p99Ms} ms`,
        );
      }
      growth = {
        cost: await searchCost(growthClient, apiStatements()),
        bmltCost: await searchCost(growthClient, bmltStatements),
        baseCost: await searchCost(client, apiStatements()),
        baseBmltCost: await searchCost(client, bmltStatements),
        rounds,
        meetings: growthCount,
        slots: copy.slots + extra.slots,
        seedSeconds: growthSeedSeconds,
        resultsPerQuery: grownFound / sample.length,
        bmltResultsPerQuery: grownBmltFound / sample.length,
      };
    }

    const ratioP99 = http.p99Ms / Math.max(sql.p99Ms, 0.001);
    const indexSpeedup = seq.p50Ms / Math.max(sql.p50Ms, 0.001);
    say();
    say('Homegroup meetings-search benchmark');
    say(`  database   ${db.description}`);
    say(`  data       ${meetingCount} meetings (${seeded.slots} search slots, ${seeded.cities} cities), seeded in ${seedSeconds.toFixed(1)} s; ${sizes.map((s) => `${s.name} ${s.size}`).join(', ')}`);
    say(`  query      within ${RADIUS_KM} km, starting in the next ${WITHIN_MINUTES} min, from ${points.length} points; ${(found / sample.length).toFixed(2)} results per query on average`);
    say(`  load       ${connections} connections / loops, ${warmupSeconds} s warm-up + ${seconds} s measured`);
    say(`  http       ${Math.round(http.rps)} req/s   p50 ${http.p50Ms} ms   p99 ${http.p99Ms} ms   max ${http.maxMs} ms   non-2xx ${http.non2xx}   errors ${http.errors}`);
    say(`  bmlt       ${Math.round(bmlt.rps)} req/s   p50 ${bmlt.p50Ms} ms   p99 ${bmlt.p99Ms} ms   max ${bmlt.maxMs} ms   non-2xx ${bmlt.non2xx}   errors ${bmlt.errors}   (GetSearchResults, ${(bmltFound / sample.length).toFixed(2)} results per query)`);
    say(`  sql        ${sql.perSecond} /s   p50 ${sql.p50Ms} ms   p99 ${sql.p99Ms} ms   (1 loop: p50 ${sqlSerial.p50Ms} ms, p99 ${sqlSerial.p99Ms} ms, ${sqlSerial.perSecond} /s)`);
    say(`  seq scan   ${seq.perSecond} /s   p50 ${seq.p50Ms} ms   p99 ${seq.p99Ms} ms   (1 loop: p50 ${seqSerial.p50Ms} ms), indexes dropped: ${SLOT_INDEXES.join(', ')}`);
    say(`  execution  p50 in PostgreSQL (EXPLAIN ANALYZE of the prepared statement): ${indexedExecution} ms with the indexes, ${seqExecution} ms without (${(seqExecution / indexedExecution).toFixed(1)}×)`);
    say(`  ratios     p99 http/sql ${ratioP99.toFixed(2)} (goal ≤ 2, must ≤ 4)   rps http/sql ${(http.rps / sql.perSecond).toFixed(2)} (goal ≥ 0.25)   index speedup p50 ${indexSpeedup.toFixed(1)}× (goal ≥ 50; 1 loop: ${(seqSerial.p50Ms / sqlSerial.p50Ms).toFixed(1)}×)`);
    const bmltRatioP99 = bmlt.p99Ms / Math.max(bmltSql.p99Ms, 0.001);
    say(`  bmlt sql   ${bmltSql.perSecond} /s   p50 ${bmltSql.p50Ms} ms   p99 ${bmltSql.p99Ms} ms   (its recorded statements for ${bmltStatements.length} points, replayed)   p99 bmlt/sql ${bmltRatioP99.toFixed(2)} (goal ≤ 2)`);
    const growthP99 = growth ? medianRatio(growth.rounds, (r) => [r.httpA.p99Ms, r.httpB.p99Ms]) : null;
    const growthBmltP99 = growth ? medianRatio(growth.rounds, (r) => [r.bmltA.p99Ms, r.bmltB.p99Ms]) : null;
    const growthSqlP99 = growth ? medianRatio(growth.rounds, (r) => [r.sqlA.p99Ms, r.sqlB.p99Ms]) : null;
    const growthBmltSqlP99 = growth ? medianRatio(growth.rounds, (r) => [r.bmltSqlA.p99Ms, r.bmltSqlB.p99Ms]) : null;
    if (growth) {
      const last = growth.rounds[growth.rounds.length - 1];
      say(`  growth     a second database of ${growth.meetings} meetings (${growth.slots} slots: the same ${meetingCount} and ${growth.meetings - meetingCount} more, seeded in ${growth.seedSeconds.toFixed(1)} s), a second app; ${growth.rounds.length} alternating rounds (${meetingCount}, ${growth.meetings}) of the same searches from the same points:`);
      say(`    api      p99 grown/first ${growthP99} (median of rounds; goal ≤ 1.5)   results per query ${(found / sample.length).toFixed(2)} → ${growth.resultsPerQuery.toFixed(2)}   last round ${Math.round(last.httpA.rps)} → ${Math.round(last.httpB.rps)} req/s`);
      say(`    bmlt     p99 grown/first ${growthBmltP99} (median of rounds; goal ≤ 1.5)   results per query ${(bmltFound / sample.length).toFixed(2)} → ${growth.bmltResultsPerQuery.toFixed(2)}   last round ${Math.round(last.bmltA.rps)} → ${Math.round(last.bmltB.rps)} req/s`);
      say(`    sql      p99 grown/first ${growthSqlP99}   bmlt sql ${growthBmltSqlP99} (the statements replayed directly, median of rounds)`);
      say(`    cost     per search inside PostgreSQL, one at a time (${costPoints.length} points): api buffers ${growth.baseCost.buffersMean} → ${growth.cost.buffersMean} (${ratio(growth.cost.buffersMean, growth.baseCost.buffersMean)}×), execution p50 ${growth.baseCost.executionP50Ms} → ${growth.cost.executionP50Ms} ms, p99 ${growth.baseCost.executionP99Ms} → ${growth.cost.executionP99Ms} ms; bmlt buffers ${growth.baseBmltCost.buffersMean} → ${growth.bmltCost.buffersMean} (${ratio(growth.bmltCost.buffersMean, growth.baseBmltCost.buffersMean)}×), execution p50 ${growth.baseBmltCost.executionP50Ms} → ${growth.bmltCost.executionP50Ms} ms, p99 ${growth.baseBmltCost.executionP99Ms} → ${growth.bmltCost.executionP99Ms} ms`);
      const grownErrors = growth.rounds.reduce((sum, r) => sum + r.httpB.non2xx + r.httpB.errors + r.bmltB.non2xx + r.bmltB.errors, 0);
      if (grownErrors > 0) say(`  WARNING: growth run ${grownErrors} non-2xx or errors`);
    }
    if (bmlt.non2xx + bmlt.errors > 0) say(`  WARNING: bmlt ${bmlt.non2xx} non-2xx, ${bmlt.errors} errors (${JSON.stringify(bmlt.otherStatuses)})`);
    if (http.non2xx + http.errors > 0) say(`  WARNING: ${http.non2xx} non-2xx, ${http.errors} errors (${JSON.stringify(http.otherStatuses)})`);
    if (process.env.BENCH_SHOW_PLANS) {
      say('\n  plan with the indexes:\n' + indexedPlan.replace(/^/gm, '    '));
      say('\n  plan without them:\n' + seqPlan.replace(/^/gm, '    '));
    }
    say();
    say(
      JSON.stringify({
        bench: 'meetings-search',
        meetings: meetingCount,
        rps: Math.round(http.rps),
        p99Ms: http.p99Ms,
        sqlRps: sql.perSecond,
        sqlP99Ms: sql.p99Ms,
        ratioP99: Number(ratioP99.toFixed(2)),
        seqScanP50Ms: seq.p50Ms,
        indexSpeedup: Number(indexSpeedup.toFixed(1)),
        p50Ms: http.p50Ms,
        sqlP50Ms: sql.p50Ms,
        serialSqlP50Ms: sqlSerial.p50Ms,
        serialSeqScanP50Ms: seqSerial.p50Ms,
        executionP50Ms: indexedExecution,
        seqScanExecutionP50Ms: seqExecution,
        executionIndexSpeedup: Number((seqExecution / indexedExecution).toFixed(1)),
        slots: seeded.slots,
        points: points.length,
        resultsPerQuery: Number((found / sample.length).toFixed(2)),
        connections,
        durationS: seconds,
        non2xx: http.non2xx + http.errors,
        bmltRps: Math.round(bmlt.rps),
        bmltP50Ms: bmlt.p50Ms,
        bmltP99Ms: bmlt.p99Ms,
        bmltResultsPerQuery: Number((bmltFound / sample.length).toFixed(2)),
        bmltNon2xx: bmlt.non2xx + bmlt.errors,
        bmltSqlP99Ms: bmltSql.p99Ms,
        bmltSqlPerSecond: bmltSql.perSecond,
        bmltRatioP99: Number(bmltRatioP99.toFixed(2)),
        growthMeetings: growth?.meetings ?? null,
        growthRounds: growth?.rounds.length ?? null,
        growthP99Ratio: growthP99,
        growthBmltP99Ratio: growthBmltP99,
        growthSqlP99Ratio: growthSqlP99,
        growthBmltSqlP99Ratio: growthBmltSqlP99,
        growthRoundsP99Ms: growth?.rounds.map((r) => ({ api: [r.httpA.p99Ms, r.httpB.p99Ms], bmlt: [r.bmltA.p99Ms, r.bmltB.p99Ms], sql: [r.sqlA.p99Ms, r.sqlB.p99Ms], bmltSql: [r.bmltSqlA.p99Ms, r.bmltSqlB.p99Ms] })) ?? null,
        growthCost: growth ? { base: growth.baseCost, grown: growth.cost, bmltBase: growth.baseBmltCost, bmltGrown: growth.bmltCost } : null,
        growthBuffersRatio: growth ? ratio(growth.cost.buffersMean, growth.baseCost.buffersMean) : null,
        growthBmltBuffersRatio: growth ? ratio(growth.bmltCost.buffersMean, growth.baseBmltCost.buffersMean) : null,
        growthResultsPerQuery: growth ? Number(growth.resultsPerQuery.toFixed(2)) : null,
        growthBmltResultsPerQuery: growth ? Number(growth.bmltResultsPerQuery.toFixed(2)) : null,
        growthNon2xx: growth ? growth.rounds.reduce((sum, r) => sum + r.httpB.non2xx + r.httpB.errors + r.bmltB.non2xx + r.bmltB.errors, 0) : null,
        source: BENCH_SOURCE,
      }),
    );
    return 0;
  } catch (error) {
    process.stderr.write(`bench:meetings-search failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    if (client && dropped.length) for (const definition of dropped) await client.query(definition).catch(() => undefined);
    await growthApp?.close().catch(() => undefined);
    await growthClient?.end().catch(() => undefined);
    await sibling?.drop().catch(() => undefined);
    await client?.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db?.stop().catch(() => undefined);
    rmSync(workdir, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5000).unref();
});
