/**
 * Craving-fanout benchmark: N authenticated sockets, alerts at a fixed rate through the real app
 * (HTTP POST /api/v1/cravings → guard, DTO, one transaction with alert + 5 recipient rows + pg-boss jobs →
 * emit-with-ack to each step-0 recipient → the client's ack marks the row delivered), against a bare
 * Socket.IO server in the same run doing the same room fan-out with acks, triggered by a bare HTTP POST.
 *
 *   npm run bench:craving-fanout     (embedded PostgreSQL in .data/bench-postgres unless DATABASE_URL)
 *
 * BENCH_SOCKETS (default 5000), BENCH_RATE (alerts/s, default 200), BENCH_DURATION (s measured, default 15),
 * BENCH_WARMUP (s at the same rate, left out of the figures, default 2), BENCH_CONNECT_BATCH (sockets
 * connecting at once, default 200), BENCH_DRAIN (s to wait for the last deliveries after the last alert, default 60).
 * DB_POOL_SIZE etc. pass through to the app's config. BENCH_BASELINE=0 skips the bare baseline (profiling the
 * app alone; ratio null), BENCH_SLOW=<ms> prints slow deliveries and event-loop stalls (see below). The last
 * line is one JSON object.
 *
 * The servers (app and baseline) run in this process; the sockets and the HTTP sender run in a child
 * process (client.ts), so the heap per socket is the server's alone and latency is measured on one clock.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { QUEUES } from '@homegroup/contracts';
import { JWT_AUDIENCE, JWT_ISSUER } from '@homegroup/identity';
import { RealtimeService } from '@homegroup/realtime';
import { envNumber, heapAfterGc, say, sleep, startBenchApp } from '../support/bench-app';
import { openBenchDatabase, type BenchDatabase } from '../support/bench-database';
import { startSocketIoBaseline, type SocketIoBaseline } from '../support/socketio-baseline';
import type {
  AlertSpec,
  ChildMessage,
  ConnectResult,
  DisconnectResult,
  DriveResult,
  ParentMessage,
  SocketSpec,
} from './protocol';

/** Recipients per alert: every one at step 0 (the owner's escalation policy names all five first responders). */
const FANOUT = 5;
const EMAIL_DOMAIN = 'fanout.bench.homegroup.local';

const kb = (bytes: number): number => Number((bytes / 1024).toFixed(1));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** The load generator: a child process answering one message per request. */
class LoadClient {
  private waiting: ((m: ChildMessage) => void) | undefined;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (m: ChildMessage) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.(m);
    });
  }

  static start(): LoadClient {
    const child = fork(join(__dirname, 'client.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new LoadClient(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request<T extends ChildMessage>(message: ParentMessage, kind: T['kind']): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`load generator exited (${code})`));
      this.child.once('exit', onExit);
      this.waiting = (m) => {
        this.child.off('exit', onExit);
        if (m.kind === 'error') reject(new Error(`load generator: ${m.message}`));
        else if (m.kind !== kind) reject(new Error(`load generator answered ${m.kind}, expected ${kind}`));
        else resolve(m as T);
      };
      this.child.send(message);
    });
  }

  stop(): void {
    if (this.child.connected) this.child.send({ kind: 'exit' } satisfies ParentMessage);
    setTimeout(() => this.child.kill(), 2000).unref();
  }
}

type Phase = {
  connect: ConnectResult;
  drive: DriveResult;
  heapPerSocketKB: number;
  heapBefore: number;
  heapAfter: number;
  /** After the drive and a full gc, sockets still connected. */
  heapAfterDrive: number;
  /** This (server) process's CPU while driving, % of one core. */
  serverCpuPercent: number;
};

async function runPhase(
  load: LoadClient,
  origin: string,
  path: string,
  sockets: SocketSpec[],
  alerts: AlertSpec[],
  settings: { warmup: number; rate: number; batch: number; drainSeconds: number },
  connectedOnServer: () => number,
): Promise<Phase> {
  const heapBefore = await heapAfterGc();
  const connect = await load.request<ConnectResult>(
    { kind: 'connect', origin, sockets, batch: settings.batch },
    'connected',
  );
  // Let the server finish what each connect started (the app's replay of open alerts) before weighing it.
  for (let i = 0; i < 50 && connectedOnServer() < connect.connected; i++) await sleep(100);
  await sleep(1000);
  const heapAfter = await heapAfterGc();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const drive = await load.request<DriveResult>(
    {
      kind: 'drive',
      origin,
      path,
      alerts,
      warmup: settings.warmup,
      ratePerSecond: settings.rate,
      fanout: FANOUT,
      drainMs: settings.drainSeconds * 1000,
    },
    'driven',
  );
  const cpu = process.cpuUsage(cpuBefore);
  const serverCpuPercent = Number(
    (((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100).toFixed(1),
  );
  // What the alerts left behind once they are over (a leak shows here, not in the per-socket figure).
  const heapAfterDrive = await heapAfterGc();
  return {
    connect,
    drive,
    heapAfterDrive,
    heapPerSocketKB: connect.connected > 0 ? kb((heapAfter - heapBefore) / connect.connected) : 0,
    heapBefore,
    heapAfter,
    serverCpuPercent,
  };
}

/** N recipients and M owners as plain rows (no argon2: nobody logs in), each owner with 5 consenting contacts. */
async function seed(
  client: Client,
  socketCount: number,
  ownerCount: number,
): Promise<{ recipients: string[]; owners: string[] }> {
  await client.query(`DELETE FROM users WHERE email LIKE $1`, [`%@${EMAIL_DOMAIN}`]);
  // Jobs of alerts from earlier runs (the worker is off here, so nothing consumed them).
  await client
    .query(`DELETE FROM pgboss.job WHERE name = ANY($1::text[])`, [
      [QUEUES.cravingEscalation, QUEUES.cravingCheckin, QUEUES.cravingAutoResolve],
    ])
    .catch(() => undefined);
  const insertUsers = async (prefix: string, count: number): Promise<string[]> => {
    const rows = await client.query<{ id: string; n: number }>(
      `INSERT INTO users (email, password_hash, display_name, timezone)
       SELECT $2 || '-' || g || '@' || $3, 'not-a-hash', initcap($2) || ' ' || g, 'UTC'
         FROM generate_series(1, $1::int) g
       RETURNING id, split_part(split_part(email, '@', 1), '-', 2)::int AS n`,
      [count, prefix, EMAIL_DOMAIN],
    );
    return rows.rows.sort((a, b) => a.n - b.n).map((r) => r.id);
  };
  const recipients = await insertUsers('recipient', socketCount);
  const owners = await insertUsers('owner', ownerCount);
  // Owner n's recipients: recipients[(n*5 + k) mod N], k = 0..4 (the same map the baseline uses).
  await client.query(
    `WITH pairs AS (
       SELECT o.id AS owner_id, ($2::uuid[])[((o.n - 1) * ${FANOUT} + k) % $3 + 1] AS recipient_id
         FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n), generate_series(0, ${FANOUT - 1}) AS k),
     links AS (
       INSERT INTO contact_links (member_a_id, member_b_id, source)
       SELECT LEAST(owner_id, recipient_id), GREATEST(owner_id, recipient_id), 'invite' FROM pairs
       RETURNING id, member_a_id, member_b_id),
     linked AS (
       SELECT l.id AS link_id, p.owner_id, p.recipient_id
         FROM links l JOIN pairs p
           ON l.member_a_id = LEAST(p.owner_id, p.recipient_id) AND l.member_b_id = GREATEST(p.owner_id, p.recipient_id)),
     mine AS (
       INSERT INTO contacts (link_id, owner_id, other_id, accepts_alerts, share_phone, availability)
       SELECT link_id, owner_id, recipient_id, false, false, '[]' FROM linked
       RETURNING id)
     INSERT INTO contacts (link_id, owner_id, other_id, accepts_alerts, share_phone, availability)
     SELECT link_id, recipient_id, owner_id, true, false, '[]' FROM linked`,
    [owners, recipients, socketCount],
  );
  // What PUT /me/escalation-policy { firstResponderIds: [all five] } stores: everyone answers at step 0.
  await client.query(
    `INSERT INTO escalation_policies (user_id, first_responder_ids)
     SELECT o.id, ARRAY(SELECT ($2::uuid[])[((o.n - 1) * ${FANOUT} + k) % $3 + 1]
                          FROM generate_series(0, ${FANOUT - 1}) AS k ORDER BY k)
       FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n)`,
    [owners, recipients, socketCount],
  );
  await client.query('ANALYZE');
  return { recipients, owners };
}

const recipientsOfOwner = (n: number, recipients: string[]): string[] =>
  Array.from({ length: FANOUT }, (_, k) => recipients[(n * FANOUT + k) % recipients.length]);

function describe(label: string, phase: Phase): void {
  const d = phase.drive;
  const statuses = Object.entries(d.statuses)
    .map(([code, count]) => `${code}×${count}`)
    .join(' ');
  say(`  ${label}`);
  say(
    `    sockets    ${phase.connect.connected} connected in ${phase.connect.seconds.toFixed(1)} s` +
      (phase.connect.failed ? `, ${phase.connect.failed} FAILED (${phase.connect.firstError})` : ''),
  );
  say(
    `    heap       ${mb(phase.heapBefore)} → ${mb(phase.heapAfter)} MiB after gc: ${phase.heapPerSocketKB} KB per socket; ` +
      `${mb(phase.heapAfterDrive)} MiB after the alerts and gc`,
  );
  say(
    `    alerts     ${d.sent} measured at ${d.alertsPerSecond}/s (schedule lag p99 ${d.scheduleLagP99Ms} ms, max ${d.scheduleLagMaxMs} ms); HTTP ${statuses}` +
      (d.httpErrors ? `, ${d.httpErrors} errors` : '') +
      `; HTTP p50 ${d.httpP50Ms} ms, p99 ${d.httpP99Ms} ms`,
  );
  say(`    delivered  ${d.delivered}/${d.expected}` + (d.duplicates ? ` (+${d.duplicates} duplicates)` : ''));
  say(
    `    latency    p50 ${d.p50Ms} ms   p95 ${d.p95Ms} ms   p99 ${d.p99Ms} ms   max ${d.maxMs} ms  (request → recipient receipt)`,
  );
  say(
    `    cpu        server process ${phase.serverCpuPercent} %, load generator ${d.clientCpuPercent} % of one core`,
  );
  if (d.firstHttpProblem) say(`    first HTTP problem: ${d.firstHttpProblem}`);
}

// BENCH_SLOW=<ms> (diagnosis): the load generator prints each delivery slower than that, and this process each
// event-loop stall over it, both with wall-clock times; --trace-gc lines are ms since performance.timeOrigin.
if (process.env.BENCH_SLOW) {
  const limit = Number(process.env.BENCH_SLOW);
  process.stderr.write(`timeOrigin ${performance.timeOrigin}\n`);
  let last = Date.now();
  setInterval(() => {
    const now = Date.now();
    if (now - last > limit) process.stderr.write(`loop ${now} stalled ${now - last} ms\n`);
    last = now;
  }, 5).unref();
}

async function main(): Promise<number> {
  const socketCount = Math.round(envNumber('BENCH_SOCKETS', 5000));
  const rate = envNumber('BENCH_RATE', 200);
  const seconds = envNumber('BENCH_DURATION', 15);
  const warmupSeconds = envNumber('BENCH_WARMUP', 2);
  const batch = Math.round(envNumber('BENCH_CONNECT_BATCH', 200));
  const drainSeconds = envNumber('BENCH_DRAIN', 60);
  if (socketCount < FANOUT) throw new Error(`BENCH_SOCKETS must be at least ${FANOUT}`);
  const warmupAlerts = Math.round(rate * warmupSeconds);
  const measuredAlerts = Math.round(rate * seconds);
  // One alert per owner: the create limit is 10 per member per hour (not configurable) and a second tap
  // within 10 minutes reuses the open alert, so each alert gets an owner of its own.
  const ownerCount = warmupAlerts + measuredAlerts;

  let db: BenchDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let client: Client | undefined;
  let load: LoadClient | undefined;
  let baseline: SocketIoBaseline | undefined;
  try {
    db = await openBenchDatabase(process.env.DATABASE_URL);
    // No escalation, check-in or auto-resolve jobs run during the benchmark (RUN_WORKER=false; they are still
    // enqueued in the create transaction); step 1 would only fire after 120 s anyway.
    const started = await startBenchApp(db.url);
    app = started.app;
    const config = started.config;
    const appOrigin = started.origin;

    client = new Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();
    const seedStarted = performance.now();
    const { recipients, owners } = await seed(client, socketCount, ownerCount);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    // Access tokens as TokensService.issue signs them (same claims and options), without refresh-token rows.
    const jwt = app.get(JwtService, { strict: false });
    const sign = (userId: string): Promise<string> =>
      jwt.signAsync(
        { sub: userId, typ: 'access' },
        {
          expiresIn: config.auth.accessTtlSeconds,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          algorithm: 'HS256',
        },
      );

    load = LoadClient.start();
    say();
    say('Homegroup craving-fanout benchmark');
    say(`  database   ${db.description}`);
    say(
      `  data       ${socketCount} recipients (one socket each), ${ownerCount} owners with ${FANOUT} consenting contacts each, all ${FANOUT} at step 0; seeded in ${seedSeconds.toFixed(1)} s`,
    );
    say(
      `  load       ${rate} alerts/s open loop, ${warmupSeconds} s warm-up (${warmupAlerts}) + ${seconds} s measured (${measuredAlerts}); sockets and sender in child process ${load.pid}`,
    );
    say(
      `  node       ${process.version} ${process.execArgv.join(' ')} (the servers share this process; production runs the api with --max-semi-space-size=64 too)`,
    );

    // Baseline first: bare Socket.IO with the same sockets, rooms and fan-out.
    const recipientsOf = new Map(owners.map((id, n) => [id, recipientsOfOwner(n, recipients)]));
    // BENCH_BASELINE=0 skips it (profiling the app alone); the ratio is then meaningless and reported as null.
    let bare: Phase | undefined;
    if (process.env.BENCH_BASELINE !== '0') {
      baseline = await startSocketIoBaseline(recipientsOf);
      const bareServer = baseline;
      bare = await runPhase(
        load,
        baseline.origin,
        '/alert',
        recipients.map((userId) => ({ userId, auth: { userId } })),
        owners.map((ownerId) => ({ ownerId })),
        { warmup: warmupAlerts, rate, batch, drainSeconds },
        () => bareServer.connectedSockets(),
      );
      await load.request<DisconnectResult>({ kind: 'disconnect' }, 'disconnected');
      await baseline.close();
      baseline = undefined;
    }

    // The app: tokens minted now (15 min lifetime at most), then the same sockets, owners and rate.
    const socketSpecs: SocketSpec[] = await Promise.all(
      recipients.map(async (userId) => ({ userId, auth: { token: await sign(userId) } })),
    );
    const alertSpecs: AlertSpec[] = await Promise.all(
      owners.map(async (ownerId) => ({ ownerId, token: await sign(ownerId) })),
    );
    // Counts sockets the gateway has authenticated and joined to their room (RealtimeService.onConnect).
    let appConnected = 0;
    app.get(RealtimeService, { strict: false }).onConnect(() => {
      appConnected += 1;
      return Promise.resolve();
    });
    const appPhase = await runPhase(
      load,
      appOrigin,
      '/api/v1/cravings',
      socketSpecs,
      alertSpecs,
      { warmup: warmupAlerts, rate, batch, drainSeconds },
      () => appConnected,
    );

    // Delivery as the database records it: the client's ack sets delivered_at (after the socket got it).
    const measuredOwners = owners.slice(warmupAlerts);
    // A fresh connection: the seeding one may have idled out (or its server restarted) during the run.
    await client.end().catch(() => undefined);
    client = new Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();
    const check = client;
    const countRows = async (): Promise<{ alerts: number; notified: number; delivered: number }> => {
      const r = await check.query<{ alerts: string; notified: string; delivered: string }>(
        `SELECT count(DISTINCT c.id) AS alerts,
                count(cr.id) FILTER (WHERE cr.step = 0 AND cr.notified_at IS NOT NULL) AS notified,
                count(cr.id) FILTER (WHERE cr.delivered_at IS NOT NULL) AS delivered
           FROM cravings c JOIN craving_recipients cr ON cr.craving_id = c.id
          WHERE c.owner_id = ANY($1::uuid[])`,
        [measuredOwners],
      );
      const row = r.rows[0];
      return { alerts: Number(row.alerts), notified: Number(row.notified), delivered: Number(row.delivered) };
    };
    let rows = await countRows();
    for (let i = 0; i < 50 && rows.delivered < rows.notified; i++) {
      await sleep(200);
      rows = await countRows();
    }
    await load.request<DisconnectResult>({ kind: 'disconnect' }, 'disconnected');
    load.stop();
    load = undefined;

    const answers = appPhase.drive.recipientsInAnswer;
    const notAllStepZero = answers.filter((n) => n !== FANOUT).length;
    const ratio = bare ? Number((appPhase.drive.p99Ms / Math.max(bare.drive.p99Ms, 0.01)).toFixed(2)) : null;

    say();
    if (bare)
      describe(
        'bare Socket.IO (baseline: node:http POST /alert → 5 room emits with ack, no auth, no database)',
        bare,
      );
    describe(
      'Homegroup POST /api/v1/cravings (guard, DTO, transaction, emit with ack, delivered_at)',
      appPhase,
    );
    say(
      `    database   ${rows.alerts} measured alerts stored, ${rows.notified} step-0 recipients notified, ${rows.delivered} marked delivered (delivered_at)`,
    );
    if (notAllStepZero > 0)
      say(`    WARNING: ${notAllStepZero} answers did not list exactly ${FANOUT} step-0 recipients`);
    say(`  ratio      app p99 / bare p99 = ${ratio}×`);
    say();
    say(
      JSON.stringify({
        bench: 'craving-fanout',
        sockets: socketCount,
        alertsPerSec: appPhase.drive.alertsPerSecond,
        delivered: appPhase.drive.delivered,
        expected: appPhase.drive.expected,
        p50Ms: appPhase.drive.p50Ms,
        p99Ms: appPhase.drive.p99Ms,
        baselineP99Ms: bare?.drive.p99Ms ?? null,
        ratio,
        heapPerSocketKB: appPhase.heapPerSocketKB,
        baselineP50Ms: bare?.drive.p50Ms ?? null,
        baselineDelivered: bare?.drive.delivered ?? null,
        baselineExpected: bare?.drive.expected ?? null,
        baselineHeapPerSocketKB: bare?.heapPerSocketKB ?? null,
        p95Ms: appPhase.drive.p95Ms,
        maxMs: appPhase.drive.maxMs,
        httpP99Ms: appPhase.drive.httpP99Ms,
        dbNotified: rows.notified,
        dbDelivered: rows.delivered,
        duplicates: appPhase.drive.duplicates,
        non2xx: Object.entries(appPhase.drive.statuses)
          .filter(([code]) => !code.startsWith('2'))
          .reduce((n, [, c]) => n + c, 0),
        targetRate: rate,
        durationS: seconds,
        warmupS: warmupSeconds,
        serverCpuPercent: appPhase.serverCpuPercent,
        clientCpuPercent: appPhase.drive.clientCpuPercent,
      }),
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `bench:craving-fanout failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  } finally {
    load?.stop();
    await baseline?.close().catch(() => undefined);
    await client?.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db?.stop().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5000).unref();
});
