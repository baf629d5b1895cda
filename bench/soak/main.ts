/**
 * Soak benchmark (bounded): the real app for BENCH_MINUTES under a steady, realistic mix, watched from inside for
 * what only shows over time — heap growth, event-loop stalls, database connections — and from outside for errors.
 *
 *   npm run bench:soak                         (10 minutes; embedded PostgreSQL in .data/bench-postgres unless DATABASE_URL)
 *   BENCH_MINUTES=1 npm run bench:soak         (a short run while developing)
 *
 * The load (members in a child process, client.ts): BENCH_SOCKETS (1000) recipients with one socket each, acking
 * every `craving.alert`; BENCH_ALERT_RATE (20) alerts/s raised by owners in turn (each owner raises at most one
 * alert every BENCH_OWNER_CYCLE s (400), under the create limit of 10 an hour, so owners = rate × cycle), each
 * paging 5 recipients at step 0; BENCH_ACK_SHARE (0.6) of them acknowledged by the first recipient who saw them,
 * about BENCH_ACK_AFTER s (2) after; every alert resolved by its owner about BENCH_RESOLVE_AFTER s (10) after it
 * was raised (never before its acknowledgement); BENCH_REST_RATE (5) authenticated reads/s (GET /me,
 * /me/alert-circle, /cravings, /cravings/:id, /me/escalation-policy) and BENCH_SEARCH_RATE (5) meeting searches/s
 * (GET /meetings near a point with filters) over BENCH_MEETINGS (20000) seeded meetings. All on fixed schedules
 * (open loop). BENCH_WARMUP (s, 30) of the same load first, then BENCH_DRAIN (s, 60) at most for the last answers.
 *
 * The app runs in this process as `npm start` runs it (one process: RUN_WORKER=true, so pg-boss's handlers and
 * maintenance run here too; BENCH_RUN_WORKER=false for the api alone), with the production flag
 * --max-semi-space-size=64 (package.json). Measured here:
 *
 *   heapStartMB / heapEndMB  heap in use after full collections, with the sockets connected and the load paused:
 *                            after the warm-up, and after the run; driftPct = (end − start) / start
 *   eventLoopP99Ms           p99 of perf_hooks.monitorEventLoopDelay (10 ms resolution) over the run, as delay
 *                            beyond the 10 ms timer (eventLoopRawP99Ms is the histogram's own value)
 *   pgConnectionsMax         most connections to the benchmark database in pg_stat_activity (polled each second;
 *                            the poller's own left out)
 *   errors                   answers other than the one expected status (201 create, 200 otherwise), requests with
 *                            no answer, requests or follow-ups (acknowledge, resolve) not done when the drain ended,
 *                            socket connect errors, disconnects nobody asked for, and lost deliveries (a recipient
 *                            paged at step 0 whose socket never got the alert), warm-up included
 *
 * Goals (issue 11): errors 0, drift ≤ 10 %, event-loop p99 < 20 ms. The last line is one JSON object.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { JWT_AUDIENCE, JWT_ISSUER } from '@homegroup/identity';
import { envNumber, heapAfterGc, say, sleep, startBenchApp, type BenchApp } from '../support/bench-app';
import { openBenchDatabase, type BenchDatabase } from '../support/bench-database';
import { LoadChild } from '../support/load-child';
import { postgresCpuMs } from '../support/worker-process';
import { recipientsOfOwner, seedAlertCircles } from '../craving-fanout/seed';
import { clearBenchMeetings, queryPoints, seedBenchMeetings } from '../meetings-search/dataset';
import type { ChildMessage, DriveRequest, DriveResult, ParentMessage, SetupResult } from './protocol';

const EMAIL_DOMAIN = 'soak.bench.homegroup.local';
const MEETINGS_SOURCE = 'bench-soak';
const ELD_RESOLUTION_MS = 10;

const mb = (bytes: number): number => Number((bytes / 1024 / 1024).toFixed(1));
const ms = (ns: number): number => Number((ns / 1e6).toFixed(2));

/** Searches as people make them: near a point, in the next hours or on a weekday evening, with a filter or two. */
function searchPaths(points: { lat: number; lng: number }[], nowMs: number): string[] {
  const weekday = new Date(nowMs).getUTCDay();
  const variants = [
    (p: string) => `${p}&radiusKm=25&startsWithinMinutes=120`,
    (p: string) => `${p}&radiusKm=25&startsWithinMinutes=180&fellowship=NA`,
    (p: string) => `${p}&radiusKm=40&weekday=${weekday}&startTimeFrom=18:00&startTimeTo=21:00&fellowship=AA`,
    (p: string) => `${p}&nearest=10&types=O&attendance=in_person`,
    (p: string) => `${p}&radiusKm=25&inProgress=true&startsWithinMinutes=60&languages=en`,
    (p: string) => `${p}&radiusKm=50&types=O,D&weekday=${(weekday + 1) % 7}`,
  ];
  return points.map((pt, i) => variants[i % variants.length](`/meetings?lat=${pt.lat}&lng=${pt.lng}`));
}

/** Most connections to the database seen since the last reset (one poll a second, its own left out). */
class ConnectionWatch {
  private timer: NodeJS.Timeout | undefined;
  max = 0;
  last = 0;

  private constructor(private readonly client: Client) {}

  static async start(databaseUrl: string): Promise<ConnectionWatch> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'homegroup-bench-soak-watch' });
    client.on('error', () => undefined);
    await client.connect();
    const watch = new ConnectionWatch(client);
    await watch.poll();
    watch.timer = setInterval(() => void watch.poll(), 1000);
    return watch;
  }

  reset(): void {
    this.max = this.last;
  }

  private async poll(): Promise<void> {
    try {
      const r = await this.client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      this.last = r.rows[0].n;
      this.max = Math.max(this.max, this.last);
    } catch {
      // a poll lost to a busy server is not a finding
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.client.end().catch(() => undefined);
  }
}

function errorsOf(d: DriveResult): number {
  return d.unexpectedStatuses + d.httpErrors + d.unfinished + d.connectErrors + d.unexpectedDisconnects + d.lost;
}

function describe(d: DriveResult): void {
  const statuses = Object.entries(d.statuses)
    .map(([kind, byStatus]) => `${kind} ${Object.entries(byStatus).map(([c, n]) => `${c}×${n}`).join(' ')}`)
    .join('; ');
  say(`  ${d.label}: ${d.seconds} s of load`);
  say(`    answers    ${statuses}`);
  say(
    `    http       ${Object.entries(d.http)
      .map(([kind, l]) => `${kind} p50 ${l.p50Ms} / p99 ${l.p99Ms} ms`)
      .join(', ')}`,
  );
  say(
    `    alerts     ${d.alertsCreated} created; delivered ${d.delivered}/${d.expectedDeliveries} (lost ${d.lost}, ` +
      `repeated receipts ${d.duplicates}); request → receipt p50 ${d.delivery.p50Ms} ms, p99 ${d.delivery.p99Ms} ms, max ${d.delivery.maxMs} ms`,
  );
  say(
    `    sockets    ${d.connectedAtEnd} connected at the end; connect errors ${d.connectErrors}, unexpected disconnects ${d.unexpectedDisconnects}, ` +
      `token-expiry reconnects ${d.tokenExpiryReconnects}`,
  );
  say(
    `    errors     ${errorsOf(d)} (unexpected statuses ${d.unexpectedStatuses}, no answer ${d.httpErrors}, unfinished at the end of the drain ${d.unfinished}); schedule lag p99 ${d.scheduleLagP99Ms} ms; load generator ${d.clientCpuPercent} % of one core`,
  );
  for (const p of d.problems) say(`    problem    ${p}`);
}

async function main(): Promise<number> {
  const minutes = envNumber('BENCH_MINUTES', 10);
  const socketCount = Math.round(envNumber('BENCH_SOCKETS', 1000));
  const alertRate = envNumber('BENCH_ALERT_RATE', 20);
  const restRate = envNumber('BENCH_REST_RATE', 5, { allowZero: true });
  const searchRate = envNumber('BENCH_SEARCH_RATE', 5, { allowZero: true });
  const warmupSeconds = envNumber('BENCH_WARMUP', 30);
  const drainSeconds = envNumber('BENCH_DRAIN', 60);
  const meetingCount = Math.round(envNumber('BENCH_MEETINGS', 20000));
  const ownerCycleSeconds = envNumber('BENCH_OWNER_CYCLE', 400);
  const ackShare = Math.min(1, envNumber('BENCH_ACK_SHARE', 0.6, { allowZero: true }));
  const ackAfterSeconds = envNumber('BENCH_ACK_AFTER', 2);
  const resolveAfterSeconds = envNumber('BENCH_RESOLVE_AFTER', 10);
  const progressSeconds = envNumber('BENCH_PROGRESS', 60);
  const batch = Math.round(envNumber('BENCH_CONNECT_BATCH', 100));
  const runWorker = process.env.BENCH_RUN_WORKER !== 'false';
  // At most 10 alerts an hour per owner (a fixed rule) and a second tap within 10 minutes of an open alert reuses
  // it: each owner raises one alert every cycle, resolved long before the next.
  if (ownerCycleSeconds < 360 || ownerCycleSeconds < resolveAfterSeconds * 3)
    throw new Error('BENCH_OWNER_CYCLE must be at least 360 s (10 alerts an hour) and 3 × BENCH_RESOLVE_AFTER');
  const ownerCount = Math.ceil(alertRate * ownerCycleSeconds);
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function')
    throw new Error('run with node --expose-gc (npm run bench:soak does): the heap is weighed after full collections');

  let db: BenchDatabase | undefined;
  let started: BenchApp | undefined;
  let load: LoadChild<ParentMessage, ChildMessage> | undefined;
  let watch: ConnectionWatch | undefined;
  try {
    db = await openBenchDatabase(process.env.DATABASE_URL);
    const jwtSecret = randomBytes(36).toString('base64url');
    started = await startBenchApp(db.url, { JWT_SECRET: jwtSecret, RUN_WORKER: String(runWorker) });

    const seeding = new Client({ connectionString: db.url });
    seeding.on('error', () => undefined);
    await seeding.connect();
    const seedStarted = performance.now();
    let paths: string[];
    let recipients: string[];
    let owners: string[];
    try {
      ({ recipients, owners } = await seedAlertCircles(seeding, socketCount, ownerCount, EMAIL_DOMAIN));
      await clearBenchMeetings(seeding, MEETINGS_SOURCE);
      await seedBenchMeetings(seeding, meetingCount, Date.now(), MEETINGS_SOURCE);
      await seeding.query('ANALYZE');
      paths = searchPaths(await queryPoints(seeding, 3000, MEETINGS_SOURCE), Date.now());
    } finally {
      await seeding.end().catch(() => undefined);
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const circles = Object.fromEntries(owners.map((id, n) => [id, recipientsOfOwner(n, recipients)]));

    watch = await ConnectionWatch.start(db.url);
    load = LoadChild.start<ParentMessage, ChildMessage>(join(__dirname, 'client.js'));
    say();
    say('Homegroup soak benchmark');
    say(`  database   ${db.description}`);
    say(
      `  data       ${socketCount} recipients (one socket each), ${ownerCount} owners with 5 consenting contacts each (all at step 0), ` +
        `${meetingCount} meetings; seeded in ${seedSeconds.toFixed(1)} s`,
    );
    say(
      `  load       ${alertRate} alerts/s (${Math.round(ackShare * 100)} % acknowledged after ~${ackAfterSeconds} s, all resolved after ~${resolveAfterSeconds} s), ` +
        `${restRate} REST reads/s, ${searchRate} searches/s; ${warmupSeconds} s warm-up, then ${minutes} min; members in child process ${load.pid}`,
    );
    say(
      `  app        in this process, ${runWorker ? 'RUN_WORKER=true (api + pg-boss handlers, as npm start)' : 'RUN_WORKER=false (api only)'}; node ${process.version} ${process.execArgv.join(' ')}`,
    );
    say(`  machine    load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);

    const ready = await load.request<SetupResult>(
      {
        kind: 'setup',
        origin: started.origin,
        jwt: {
          secret: jwtSecret,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          ttlSeconds: started.config.auth.accessTtlSeconds,
        },
        recipients,
        owners,
        circles,
        searches: paths,
        ackShare,
        ackAfterMs: ackAfterSeconds * 1000,
        resolveAfterMs: resolveAfterSeconds * 1000,
        batch,
      },
      'ready',
    );
    say(
      `  sockets    ${ready.connected} connected in ${ready.seconds.toFixed(1)} s` +
        (ready.failed ? `, ${ready.failed} FAILED (${ready.firstError})` : ''),
    );
    const drive = (label: string, seconds: number): Promise<DriveResult> =>
      load!.request<DriveResult>(
        {
          kind: 'drive',
          label,
          seconds,
          alertsPerSecond: alertRate,
          restPerSecond: restRate,
          searchesPerSecond: searchRate,
          drainMs: drainSeconds * 1000,
          progressEveryMs: progressSeconds * 1000,
        } satisfies DriveRequest,
        'driven',
      );

    const warm = await drive('warm-up', warmupSeconds);
    // Start: the load paused, every answer in, the sockets connected.
    await sleep(1000);
    const heapStart = await heapAfterGc();
    const rssStart = process.memoryUsage().rss;
    const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
    eld.enable();
    watch.reset();
    const loadStart = loadavg()[0];
    const cpuBefore = process.cpuUsage();
    const postgresBefore = postgresCpuMs(db.dataDir);
    const wallBefore = performance.now();
    const measuredFrom = new Date();
    const progress = setInterval(() => {
      const mem = process.memoryUsage();
      say(
        `  [app ${Math.round((performance.now() - wallBefore) / 1000)} s] heap ${mb(mem.heapUsed)} MB (no gc), rss ${mb(mem.rss)} MB; ` +
          `event loop p99 ${ms(Math.max(0, eld.percentile(99) - ELD_RESOLUTION_MS * 1e6))} ms beyond the timer, max ${ms(eld.max)} ms; ` +
          `database connections ${watch?.last} (max ${watch?.max}); load average ${loadavg()[0].toFixed(2)}`,
      );
    }, progressSeconds * 1000);
    const run = await drive('measured', minutes * 60).finally(() => clearInterval(progress));
    eld.disable();
    const wall = performance.now() - wallBefore;
    const cpu = process.cpuUsage(cpuBefore);
    const postgresAfter = postgresCpuMs(db.dataDir);
    const postgresCpuPercent =
      postgresBefore === undefined || postgresAfter === undefined
        ? null
        : Number((((postgresAfter - postgresBefore) / wall) * 100).toFixed(1));
    const loadEnd = loadavg()[0];
    const pgConnectionsMax = watch.max;
    await sleep(1000);
    const heapEnd = await heapAfterGc();
    const rssEnd = process.memoryUsage().rss;

    // The database's view of the measured alerts: stored, resolved, and acked by every paged socket.
    const check = new Client({ connectionString: db.url });
    check.on('error', () => undefined);
    await check.connect();
    type Rows = { alerts: number; open: number; notified: number; delivered: number };
    const rowsOf = async (): Promise<Rows> => {
      const r = await check.query<Rows>(
        `SELECT count(DISTINCT c.id)::int AS alerts,
                count(DISTINCT c.id) FILTER (WHERE c.resolved_at IS NULL)::int AS open,
                count(cr.id) FILTER (WHERE cr.step = 0 AND cr.notified_at IS NOT NULL)::int AS notified,
                count(cr.id) FILTER (WHERE cr.delivered_at IS NOT NULL)::int AS delivered
           FROM cravings c JOIN craving_recipients cr ON cr.craving_id = c.id
          WHERE c.owner_id = ANY($1::uuid[]) AND c.created_at >= $2`,
        [owners, measuredFrom],
      );
      return r.rows[0];
    };
    let rows = await rowsOf();
    // Acks are written in batches: give the last ones time to land.
    for (let i = 0; i < 150 && rows.delivered < rows.notified; i++) {
      await sleep(200);
      rows = await rowsOf();
    }
    await check.end().catch(() => undefined);

    await load.request({ kind: 'disconnect' }, 'disconnected');
    load.stop();
    load = undefined;

    const errors = errorsOf(warm) + errorsOf(run);
    const driftPct = Number((((heapEnd - heapStart) / heapStart) * 100).toFixed(2));
    const eventLoopP99Ms = ms(Math.max(0, eld.percentile(99) - ELD_RESOLUTION_MS * 1e6));
    const serverCpuPercent = Number((((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1));

    say();
    describe(warm);
    describe(run);
    say(
      `    database   ${rows.alerts} alerts stored in the measured run, ${rows.open} left open; ${rows.notified} step-0 recipients notified, ${rows.delivered} marked delivered`,
    );
    say(
      `  app        heap after gc ${mb(heapStart)} → ${mb(heapEnd)} MB (${driftPct} %), rss ${mb(rssStart)} → ${mb(rssEnd)} MB; ` +
        `event loop p99 ${eventLoopP99Ms} ms beyond the ${ELD_RESOLUTION_MS} ms timer (histogram p99 ${ms(eld.percentile(99))}, max ${ms(eld.max)} ms); ` +
        `database connections max ${pgConnectionsMax}; CPU ${serverCpuPercent} % of one core (PostgreSQL ${postgresCpuPercent ?? '?'} %)`,
    );
    say(`  machine    load average ${loadStart.toFixed(2)} at the start of the run, ${loadEnd.toFixed(2)} at the end`);
    say(
      `  goals      errors ${errors} (goal 0), heap drift ${driftPct} % (goal ≤ 10), event-loop p99 ${eventLoopP99Ms} ms (goal < 20)`,
    );
    say();
    say(
      JSON.stringify({
        bench: 'soak',
        minutes,
        errors,
        heapStartMB: mb(heapStart),
        heapEndMB: mb(heapEnd),
        driftPct,
        eventLoopP99Ms,
        pgConnectionsMax,
        sockets: socketCount,
        alertsPerSec: alertRate,
        restPerSec: restRate,
        searchesPerSec: searchRate,
        alerts: run.alertsCreated,
        delivered: run.delivered,
        expected: run.expectedDeliveries,
        lost: run.lost + warm.lost,
        unexpectedStatuses: run.unexpectedStatuses + warm.unexpectedStatuses,
        httpErrors: run.httpErrors + warm.httpErrors,
        unfinished: run.unfinished + warm.unfinished,
        socketErrors: run.connectErrors + run.unexpectedDisconnects + warm.connectErrors + warm.unexpectedDisconnects,
        tokenExpiryReconnects: run.tokenExpiryReconnects + warm.tokenExpiryReconnects,
        repeatedReceipts: run.duplicates,
        deliveryP50Ms: run.delivery.p50Ms,
        deliveryP99Ms: run.delivery.p99Ms,
        createP99Ms: run.http.create?.p99Ms ?? null,
        acknowledgeP99Ms: run.http.acknowledge?.p99Ms ?? null,
        resolveP99Ms: run.http.resolve?.p99Ms ?? null,
        restP99Ms: run.http.rest?.p99Ms ?? null,
        searchP99Ms: run.http.search?.p99Ms ?? null,
        requests: Object.values(run.sent).reduce((a, b) => a + b, 0),
        dbAlerts: rows.alerts,
        dbOpen: rows.open,
        dbNotified: rows.notified,
        dbDelivered: rows.delivered,
        eventLoopRawP99Ms: ms(eld.percentile(99)),
        eventLoopMaxMs: ms(eld.max),
        rssStartMB: mb(rssStart),
        rssEndMB: mb(rssEnd),
        serverCpuPercent,
        postgresCpuPercent,
        clientCpuPercent: run.clientCpuPercent,
        runWorker,
        meetings: meetingCount,
        warmupS: warmupSeconds,
        loadAverage: [Number(loadStart.toFixed(2)), Number(loadEnd.toFixed(2))],
      }),
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `bench:soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  } finally {
    load?.stop();
    await watch?.stop();
    await started?.app.close().catch(() => undefined);
    await db?.stop().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5000).unref();
});
