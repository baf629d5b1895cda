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
 * Scale-out: BENCH_API_PROCESSES=3 adds a third run in the same invocation: that many built api processes
 * (`dist/apps/api/src/main.js`, RUN_WORKER=false) on Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/6: a
 * database index of its own on the machine's Redis) behind one port (a round-robin TCP proxy, bench/support/
 * round-robin-proxy.ts, BENCH_PROXY_WORKERS processes), with the same sockets, a second set of owners and the same
 * rate; sockets and POSTs are spread over the processes per connection, so most recipients of an alert sit on
 * another process than the one that took the POST. BENCH_SCALEOUT_WARMUP (s, default 10: the processes start cold)
 * replaces BENCH_WARMUP for that run. BENCH_SINGLE=0 skips the single-process run.
 *
 * SMS share (issue 13): BENCH_SMS_SHARE (default 0.2) of each alert's recipients are outside contacts (no account)
 * with alert consent `given`, seeded straight into outside_contacts (phones encrypted with the app's FieldCipher)
 * for the one-process run's owners: round(5 × share / (1 − share)) per owner, at least one (0.2 → 1 of 6). The app
 * runs with SMS_PROVIDER=twilio against a local sink (bench/support/twilio-sink.ts) that records when each
 * Messages.json POST arrives; the run prints the socket path's tap → `craving.alert` latency beside the SMS
 * path's tap → "text accepted by the provider", with counts and the ratio. BENCH_SMS_SHARE=0 turns it off. The
 * texts exist once the ladder texts outside contacts (sent from the api process: this bench runs no worker).
 *
 * The servers (app and baseline) run in this process; the sockets and the HTTP sender run in a child
 * process (client.ts), so the heap per socket is the server's alone and latency is measured on one clock.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { FieldCipher } from '@homegroup/crypto';
import { JWT_AUDIENCE, JWT_ISSUER } from '@homegroup/identity';
import { RealtimeService } from '@homegroup/realtime';
import { envNumber, heapAfterGc, say, sleep, startBenchApp } from '../support/bench-app';
import { openBenchDatabase, type BenchDatabase } from '../support/bench-database';
import { LoadChild } from '../support/load-child';
import { readRedisCounters, type RedisCounters } from '../support/redis-counters';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/round-robin-proxy';
import { postgresCpuMs, processCpuMs, startApiProcess, type ApiProcess } from '../support/worker-process';
import { startSocketIoBaseline, type SocketIoBaseline } from '../support/socketio-baseline';
import { percentile } from '../support/argon2';
import { startTwilioSink, type TwilioSink } from '../support/twilio-sink';
import type {
  AlertSpec,
  ChildMessage,
  ConnectResult,
  DisconnectResult,
  DriveResult,
  ParentMessage,
  SocketSpec,
  TokenSettings,
} from './protocol';
import { FANOUT, recipientsOfOwner, seedAlertCircles, seedSmsRecipients } from './seed';

const EMAIL_DOMAIN = 'fanout.bench.homegroup.local';

const kb = (bytes: number): number => Number((bytes / 1024).toFixed(1));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** The load generator: a child process (client.ts) answering one message per request. */
type LoadClient = LoadChild<ParentMessage, ChildMessage>;

type Phase = {
  connect: ConnectResult;
  drive: DriveResult;
  /** Heap figures of this process: null when the servers are other processes (the scale-out run). */
  heapPerSocketKB: number | null;
  heapBefore: number | null;
  heapAfter: number | null;
  /** After the drive and a full gc, sockets still connected. */
  heapAfterDrive: number | null;
  /** The server's CPU while driving, % of one core: this process, or the sum of the api processes. */
  serverCpuPercent: number;
  /** The embedded PostgreSQL's CPU while driving, % of one core (null with DATABASE_URL). */
  postgresCpuPercent: number | null;
  /** The proxy workers' CPU while driving, % of one core (scale-out run only). */
  proxyCpuPercent?: number;
  /** Sockets per api process once connected (scale-out run only). */
  spread?: number[];
  /** Redis while driving (scale-out run only), server-wide: PUBLISH and XADD calls, commands, CPU. */
  redis?: { publishes: number; streamAdds: number; commands: number; cpuPercent: number };
};

/** Where the servers of a phase run: in this process (heap and CPU measured here), or in other processes. */
type Servers =
  | { inProcess: true; connected: () => number }
  | {
      inProcess: false;
      connected: () => number;
      /** Connections per api process. */
      spread: () => number[];
      serverPids: number[];
      proxyPids: number[];
      redisUrl: string;
    };

const cpuMsOf = (pids: number[]): number => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
const percentOf = (cpuMs: number, wallMs: number): number => Number(((cpuMs / wallMs) * 100).toFixed(1));

async function runPhase(
  load: LoadClient,
  origin: string,
  path: string,
  sockets: SocketSpec[],
  /** Signed just before the alerts are sent (after the sockets connected, which can take minutes). */
  alertSpecs: () => Promise<AlertSpec[]>,
  settings: {
    warmup: number;
    rate: number;
    batch: number;
    drainSeconds: number;
    postgresDir?: string;
    jwt?: TokenSettings;
  },
  servers: Servers,
): Promise<Phase> {
  const heapBefore = servers.inProcess ? await heapAfterGc() : null;
  const connect = await load.request<ConnectResult>(
    { kind: 'connect', origin, sockets, batch: settings.batch, jwt: settings.jwt },
    'connected',
  );
  // Let the server finish what each connect started (the app's replay of open alerts) before weighing it.
  for (let i = 0; i < 50 && servers.connected() < connect.connected; i++) await sleep(100);
  await sleep(servers.inProcess ? 1000 : 3000);
  const heapAfter = servers.inProcess ? await heapAfterGc() : null;
  const alerts = await alertSpecs();
  const spread = servers.inProcess ? undefined : servers.spread();
  const cpuBefore = process.cpuUsage();
  const serverCpuBefore = servers.inProcess ? 0 : cpuMsOf(servers.serverPids);
  const proxyCpuBefore = servers.inProcess ? 0 : cpuMsOf(servers.proxyPids);
  const redisOf = (): Promise<RedisCounters> | undefined =>
    servers.inProcess ? undefined : readRedisCounters(servers.redisUrl);
  const redisBefore = await redisOf();
  const postgresBefore = postgresCpuMs(settings.postgresDir);
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
  const wall = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  const postgresAfter = postgresCpuMs(settings.postgresDir);
  const redisAfter = await redisOf();
  // What the alerts left behind once they are over (a leak shows here, not in the per-socket figure).
  const heapAfterDrive = servers.inProcess ? await heapAfterGc() : null;
  return {
    connect,
    drive,
    heapAfterDrive,
    heapPerSocketKB:
      heapAfter !== null && heapBefore !== null && connect.connected > 0
        ? kb((heapAfter - heapBefore) / connect.connected)
        : null,
    heapBefore,
    heapAfter,
    serverCpuPercent: servers.inProcess
      ? percentOf((cpu.user + cpu.system) / 1000, wall)
      : percentOf(cpuMsOf(servers.serverPids) - serverCpuBefore, wall),
    postgresCpuPercent:
      postgresBefore === undefined || postgresAfter === undefined
        ? null
        : percentOf(postgresAfter - postgresBefore, wall),
    proxyCpuPercent: servers.inProcess
      ? undefined
      : percentOf(cpuMsOf(servers.proxyPids) - proxyCpuBefore, wall),
    spread,
    redis:
      redisBefore && redisAfter
        ? {
            publishes: redisAfter.publishes - redisBefore.publishes,
            streamAdds: redisAfter.streamAdds - redisBefore.streamAdds,
            commands: redisAfter.commands - redisBefore.commands,
            cpuPercent: percentOf((redisAfter.cpuSeconds - redisBefore.cpuSeconds) * 1000, wall),
          }
        : undefined,
  };
}

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
  if (phase.heapBefore !== null && phase.heapAfter !== null && phase.heapAfterDrive !== null)
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
    `    cpu        server process${phase.proxyCpuPercent === undefined ? '' : 'es'} ${phase.serverCpuPercent} %, ` +
      (phase.proxyCpuPercent === undefined ? '' : `proxy ${phase.proxyCpuPercent} %, `) +
      (phase.postgresCpuPercent === null ? '' : `PostgreSQL ${phase.postgresCpuPercent} %, `) +
      `load generator ${d.clientCpuPercent} % of one core`,
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

/** Delivery as the database records it for `owners`' alerts: the client's ack sets delivered_at. */
async function countRows(
  databaseUrl: string,
  owners: string[],
): Promise<{ alerts: number; notified: number; delivered: number }> {
  // A fresh connection each time: a long-lived one may have idled out (or its server restarted) during a run.
  const check = new Client({ connectionString: databaseUrl });
  check.on('error', () => undefined);
  await check.connect();
  try {
    const once = async (): Promise<{ alerts: number; notified: number; delivered: number }> => {
      const r = await check.query<{ alerts: string; notified: string; delivered: string }>(
        `SELECT count(DISTINCT c.id) AS alerts,
                count(cr.id) FILTER (WHERE cr.step = 0 AND cr.notified_at IS NOT NULL) AS notified,
                count(cr.id) FILTER (WHERE cr.delivered_at IS NOT NULL) AS delivered
           FROM cravings c JOIN craving_recipients cr ON cr.craving_id = c.id
          WHERE c.owner_id = ANY($1::uuid[])`,
        [owners],
      );
      const row = r.rows[0];
      return { alerts: Number(row.alerts), notified: Number(row.notified), delivered: Number(row.delivered) };
    };
    let rows = await once();
    for (let i = 0; i < 50 && rows.delivered < rows.notified; i++) {
      await sleep(200);
      rows = await once();
    }
    return rows;
  } finally {
    await check.end().catch(() => undefined);
  }
}

/** The SMS path of the one-process run: texts the provider accepted for the measured alerts' outside contacts. */
type SmsPath = { expected: number; delivered: number; p50Ms: number; p99Ms: number; maxMs: number };

/**
 * Waits (up to `waitMs`) for the texts of the measured alerts (owner index ≥ warmup) to reach the sink, then
 * measures each from its alert's POST (the child's clock, epoch ms) to its arrival (this process's, epoch ms).
 */
async function smsPath(
  sink: TwilioSink,
  ownerOfNumber: Map<string, number>,
  sentAtEpochMs: number[],
  warmup: number,
  perOwner: number,
  waitMs: number,
): Promise<SmsPath> {
  const expected = (sentAtEpochMs.length - warmup) * perOwner;
  const measured = (): number[] => {
    const seen = new Set<string>();
    const latencies: number[] = [];
    for (const text of sink.texts) {
      const n = ownerOfNumber.get(text.to);
      if (n === undefined || n < warmup || seen.has(text.to)) continue;
      seen.add(text.to);
      latencies.push(text.atEpochMs - sentAtEpochMs[n]);
    }
    return latencies;
  };
  const until = Date.now() + waitMs;
  let latencies = measured();
  while (latencies.length < expected && Date.now() < until) {
    await sleep(200);
    latencies = measured();
  }
  latencies.sort((a, b) => a - b);
  const round = (n: number): number => Number(n.toFixed(2));
  return {
    expected,
    delivered: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
  };
}

const non2xx = (phase: Phase): number =>
  Object.entries(phase.drive.statuses)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);

async function main(): Promise<number> {
  const socketCount = Math.round(envNumber('BENCH_SOCKETS', 5000));
  const rate = envNumber('BENCH_RATE', 200);
  const seconds = envNumber('BENCH_DURATION', 15);
  const warmupSeconds = envNumber('BENCH_WARMUP', 2);
  const batch = Math.round(envNumber('BENCH_CONNECT_BATCH', 200));
  const drainSeconds = envNumber('BENCH_DRAIN', 60);
  const apiProcesses = Math.round(envNumber('BENCH_API_PROCESSES', 1));
  const runSingle = process.env.BENCH_SINGLE !== '0';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/6';
  // Two open files per proxied connection and at most 20,000 per process here: 8,000 connections per worker.
  const proxyWorkers = Math.round(envNumber('BENCH_PROXY_WORKERS', Math.max(1, Math.ceil(socketCount / 8000))));
  if (socketCount < FANOUT) throw new Error(`BENCH_SOCKETS must be at least ${FANOUT}`);
  if (!runSingle && apiProcesses < 2) throw new Error('BENCH_SINGLE=0 needs BENCH_API_PROCESSES ≥ 2');
  const warmupAlerts = Math.round(rate * warmupSeconds);
  const measuredAlerts = Math.round(rate * seconds);
  // One alert per owner: the create limit is 10 per member per hour (not configurable) and a second tap
  // within 10 minutes reuses the open alert, so each alert gets an owner of its own (a set per app run).
  const ownerCount = warmupAlerts + measuredAlerts;
  // Freshly started api processes run cold code: their warm-up is longer (BENCH_SCALEOUT_WARMUP s, default 10).
  const multiWarmupSeconds = envNumber('BENCH_SCALEOUT_WARMUP', Math.max(warmupSeconds, 10));
  const multiWarmupAlerts = Math.round(rate * multiWarmupSeconds);
  const multiOwnerCount = apiProcesses > 1 ? multiWarmupAlerts + measuredAlerts : 0;
  const smsShare = envNumber('BENCH_SMS_SHARE', 0.2, { allowZero: true });
  if (!(smsShare >= 0 && smsShare < 1)) throw new Error('BENCH_SMS_SHARE must be at least 0 and below 1');
  const smsPerOwner = smsShare > 0 ? Math.max(1, Math.round((FANOUT * smsShare) / (1 - smsShare))) : 0;

  let db: BenchDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let load: LoadClient | undefined;
  let baseline: SocketIoBaseline | undefined;
  let proxy: RoundRobinProxy | undefined;
  let sink: TwilioSink | undefined;
  const apis: ApiProcess[] = [];
  try {
    db = await openBenchDatabase(process.env.DATABASE_URL);
    const databaseUrl = db.url;
    // One secret for the in-process app and the api processes of the scale-out run.
    const jwtSecret = randomBytes(36).toString('base64url');
    // No escalation, check-in or auto-resolve jobs run during the benchmark (RUN_WORKER=false; they are still
    // enqueued in the create transaction); step 1 would only fire after 120 s anyway.
    // Texts go to a local sink standing in for Twilio (nothing calls back: PUBLIC_URL points nowhere).
    if (smsPerOwner > 0) sink = await startTwilioSink();
    const started = await startBenchApp(databaseUrl, {
      JWT_SECRET: jwtSecret,
      ...(sink ? sink.env('http://127.0.0.1:9') : {}),
    });
    app = started.app;
    const config = started.config;
    const appOrigin = started.origin;

    const seeding = new Client({ connectionString: databaseUrl });
    seeding.on('error', () => undefined);
    await seeding.connect();
    const seedStarted = performance.now();
    const seeded = await seedAlertCircles(
      seeding,
      socketCount,
      (runSingle ? ownerCount : 0) + multiOwnerCount,
      EMAIL_DOMAIN,
    ).catch(async (error: unknown) => {
      await seeding.end().catch(() => undefined);
      throw error;
    });
    const { recipients, owners } = seeded;
    const singleOwners = runSingle ? owners.slice(0, ownerCount) : [];
    // The one-process run's owners get their outside contacts (the scale-out run's owners none).
    const ownerOfNumber = await seedSmsRecipients(
      seeding,
      app.get(FieldCipher, { strict: false }),
      singleOwners,
      sink ? smsPerOwner : 0,
    ).finally(() => seeding.end().catch(() => undefined));
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const multiOwners = owners.slice(runSingle ? ownerCount : 0);

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
    // The sockets' tokens are signed by the load generator as each connects, with the same secret and claims;
    // the owners' just before the alerts are sent (15 min lifetime at most).
    const tokenSettings: TokenSettings = {
      secret: jwtSecret,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ttlSeconds: config.auth.accessTtlSeconds,
    };
    const socketSpecs: SocketSpec[] = recipients.map((userId) => ({ userId, auth: {} }));
    const alertSpecs = (ids: string[]) => (): Promise<AlertSpec[]> =>
      Promise.all(ids.map(async (ownerId) => ({ ownerId, token: await sign(ownerId) })));

    load = LoadChild.start<ParentMessage, ChildMessage>(join(__dirname, 'client.js'));
    say();
    say('Homegroup craving-fanout benchmark');
    say(`  database   ${db.description}`);
    say(
      `  data       ${socketCount} recipients (one socket each), ${owners.length} owners with ${FANOUT} consenting contacts each, all ${FANOUT} at step 0; seeded in ${seedSeconds.toFixed(1)} s`,
    );
    if (sink)
      say(
        `  sms        ${smsPerOwner} outside contact${smsPerOwner > 1 ? 's' : ''} with consent per owner (BENCH_SMS_SHARE ${smsShare}: ${smsPerOwner} of ${FANOUT + smsPerOwner} recipients), SMS_PROVIDER=twilio against a local sink (${sink.origin})`,
      );
    say(
      `  load       ${rate} alerts/s open loop, ${warmupSeconds} s warm-up (${warmupAlerts}) + ${seconds} s measured (${measuredAlerts}); sockets and sender in child process ${load.pid}`,
    );
    say(
      `  node       ${process.version} ${process.execArgv.join(' ')} (the servers share this process; production runs the api with --max-semi-space-size=64 too)`,
    );
    if (apiProcesses > 1)
      say(
        `  scale-out  ${apiProcesses} api processes (dist/apps/api/src/main.js, --max-semi-space-size=64) on ${redisUrl}, behind one port (${proxyWorkers} proxy worker${proxyWorkers > 1 ? 's' : ''}); ${multiWarmupSeconds} s warm-up (${multiWarmupAlerts})`,
      );
    const settings = { warmup: warmupAlerts, rate, batch, drainSeconds, postgresDir: db.dataDir };

    // Baseline first: bare Socket.IO with the same sockets, rooms and fan-out.
    const baselineOwners = owners.slice(0, ownerCount);
    const baselineOffset = 0;
    const recipientsOf = new Map(
      baselineOwners.map((id, n) => [id, recipientsOfOwner(baselineOffset + n, recipients)]),
    );
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
        () => Promise.resolve(baselineOwners.map((ownerId) => ({ ownerId }))),
        settings,
        { inProcess: true, connected: () => bareServer.connectedSockets() },
      );
      await load.request<DisconnectResult>({ kind: 'disconnect' }, 'disconnected');
      await baseline.close();
      baseline = undefined;
    }

    // The app in this process: the same sockets, owners and rate.
    let single: Phase | undefined;
    let singleRows: { alerts: number; notified: number; delivered: number } | undefined;
    let sms: SmsPath | undefined;
    if (runSingle) {
      // Counts sockets the gateway has authenticated and joined to their room (RealtimeService.onConnect).
      let appConnected = 0;
      app.get(RealtimeService, { strict: false }).onConnect(() => {
        appConnected += 1;
        return Promise.resolve();
      });
      single = await runPhase(
        load,
        appOrigin,
        '/api/v1/cravings',
        socketSpecs,
        alertSpecs(singleOwners),
        { ...settings, jwt: tokenSettings },
        { inProcess: true, connected: () => appConnected },
      );
      // Delivery as the database records it: the client's ack sets delivered_at (after the socket got it).
      singleRows = await countRows(databaseUrl, singleOwners.slice(warmupAlerts));
      if (sink)
        sms = await smsPath(sink, ownerOfNumber, single.drive.sentAtEpochMs, warmupAlerts, smsPerOwner, Math.min(drainSeconds, 15) * 1000);
      await load.request<DisconnectResult>({ kind: 'disconnect' }, 'disconnected');
    }
    // The api processes need the CPU more than the idle in-process app needs to stay up.
    await app.close();
    app = undefined;

    // The scale-out: N api processes on Redis behind one port, a second set of owners, the same sockets and rate.
    let multi: Phase | undefined;
    let multiRows: { alerts: number; notified: number; delivered: number } | undefined;
    let perProcess: number[] = [];
    if (apiProcesses > 1) {
      const env = {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        JWT_SECRET: jwtSecret,
        RUN_WORKER: 'false',
        LOG_LEVEL: 'warn',
        RUN_MIGRATIONS: 'false',
        SEED_DEMO: 'false',
      };
      const unexpectedExit = (code: number | null, signal: NodeJS.Signals | null): void =>
        void process.stderr.write(`an api process exited during the run (${code ?? signal})\n`);
      for (let i = 0; i < apiProcesses; i++) apis.push(await startApiProcess(env, unexpectedExit));
      proxy = await startRoundRobinProxy(
        apis.map((a) => a.origin),
        proxyWorkers,
      );
      const through = proxy;
      multi = await runPhase(
        load,
        through.origin,
        '/api/v1/cravings',
        socketSpecs,
        alertSpecs(multiOwners),
        { ...settings, warmup: multiWarmupAlerts, jwt: tokenSettings },
        {
          inProcess: false,
          // Sockets the proxy holds open to the api processes (they are connected once the client says so).
          connected: () => Object.values(through.connectionsByBackend()).reduce((a, b) => a + b, 0),
          spread: () => Object.values(through.connectionsByBackend()),
          serverPids: apis.map((a) => a.child.pid ?? 0),
          proxyPids: through.pids,
          redisUrl,
        },
      );
      multiRows = await countRows(databaseUrl, multiOwners.slice(multiWarmupAlerts));
      await load.request<DisconnectResult>({ kind: 'disconnect' }, 'disconnected');
      perProcess = multi.spread ?? [];
    }
    load.stop();
    load = undefined;

    const ratioOf = (phase: Phase | undefined, to: Phase | undefined): number | null =>
      phase && to ? Number((phase.drive.p99Ms / Math.max(to.drive.p99Ms, 0.01)).toFixed(2)) : null;
    const ratio = ratioOf(single, bare);
    const smsRatio =
      single && sms && sms.delivered > 0 ? Number((sms.p99Ms / Math.max(single.drive.p99Ms, 0.01)).toFixed(2)) : null;
    const perAlert = (n: number): number => Number((n / (multiWarmupAlerts + measuredAlerts)).toFixed(1));

    say();
    if (bare)
      describe(
        'bare Socket.IO (baseline: node:http POST /alert → 5 room emits with ack, no auth, no database)',
        bare,
      );
    const stepZeroWarning = (phase: Phase): void => {
      const notAllStepZero = phase.drive.recipientsInAnswer.filter((n) => n !== FANOUT).length;
      if (notAllStepZero > 0)
        say(`    WARNING: ${notAllStepZero} answers did not list exactly ${FANOUT} step-0 recipients`);
    };
    if (single && singleRows) {
      describe(
        'Homegroup POST /api/v1/cravings, one process (guard, DTO, transaction, emit with ack, delivered_at)',
        single,
      );
      say(
        `    database   ${singleRows.alerts} measured alerts stored, ${singleRows.notified} step-0 recipients notified, ${singleRows.delivered} marked delivered (delivered_at)`,
      );
      stepZeroWarning(single);
      say(`  ratio      app p99 / bare p99 = ${ratio}×`);
    }
    if (single && sms) {
      say();
      say('  SMS path, same run (outside contacts with consent: tap → text accepted by the provider)');
      say(
        `    socket     ${single.drive.delivered}/${single.drive.expected} craving.alert receipts; p50 ${single.drive.p50Ms} ms, p99 ${single.drive.p99Ms} ms (tap → craving.alert)`,
      );
      say(
        `    sms        ${sms.delivered}/${sms.expected} texts accepted` +
          (sms.delivered > 0 ? `; p50 ${sms.p50Ms} ms, p99 ${sms.p99Ms} ms, max ${sms.maxMs} ms` : '') +
          ' (tap → Messages.json at the provider)',
      );
      if (sms.delivered === 0)
        say(
          '    WARNING: no texts reached the provider: outside contacts are not in the alert ladder on this build (issue 13\'s ' +
            'SMS recipients), or their texts are sent by the worker, which this bench does not run. SMS figures are meaningless.',
        );
      else if (sms.delivered < sms.expected)
        say(`    WARNING: ${sms.expected - sms.delivered} texts did not reach the provider within the wait`);
      say(`  ratio      sms p99 / socket p99 = ${smsRatio}×`);
    }
    if (multi && multiRows) {
      describe(
        `Homegroup POST /api/v1/cravings, ${apiProcesses} api processes on Redis behind one port (recipients mostly on another process)`,
        multi,
      );
      say(
        `    database   ${multiRows.alerts} measured alerts stored, ${multiRows.notified} step-0 recipients notified, ${multiRows.delivered} marked delivered (delivered_at)`,
      );
      say(`    spread     sockets per api process ${perProcess.join(' / ')}`);
      if (multi.redis)
        say(
          `    redis      per alert (warm-up included): ${perAlert(multi.redis.publishes)} PUBLISH, ${perAlert(multi.redis.streamAdds)} XADD, ` +
            `${perAlert(multi.redis.commands)} commands; ${multi.redis.cpuPercent} % of one core (server-wide counters: a shared Redis adds its other clients)`,
        );
      stepZeroWarning(multi);
      say(
        `  ratio      ${apiProcesses}-process p99 / one-process p99 = ${ratioOf(multi, single)}×, / bare p99 = ${ratioOf(multi, bare)}×`,
      );
    }
    say();
    const main = single ?? multi;
    say(
      JSON.stringify({
        bench: 'craving-fanout',
        sockets: socketCount,
        alertsPerSec: single?.drive.alertsPerSecond ?? null,
        delivered: single?.drive.delivered ?? null,
        expected: single?.drive.expected ?? null,
        p50Ms: single?.drive.p50Ms ?? null,
        p99Ms: single?.drive.p99Ms ?? null,
        baselineP99Ms: bare?.drive.p99Ms ?? null,
        ratio,
        heapPerSocketKB: single?.heapPerSocketKB ?? null,
        ...(sms
          ? {
              smsShare,
              smsPerAlert: smsPerOwner,
              smsExpected: sms.expected,
              smsDelivered: sms.delivered,
              smsP50Ms: sms.p50Ms,
              smsP99Ms: sms.p99Ms,
              smsMaxMs: sms.maxMs,
              smsVsSocketP99: smsRatio,
            }
          : {}),
        ...(multi
          ? {
              apiProcesses,
              multiP50Ms: multi.drive.p50Ms,
              multiP99Ms: multi.drive.p99Ms,
              multiDelivered: multi.drive.delivered,
              multiExpected: multi.drive.expected,
              multiDbDelivered: multiRows?.delivered ?? null,
              multiNon2xx: non2xx(multi),
              multiVsSingleP99: ratioOf(multi, single),
              multiVsBaselineP99: ratioOf(multi, bare),
              multiP95Ms: multi.drive.p95Ms,
              multiMaxMs: multi.drive.maxMs,
              multiHttpP99Ms: multi.drive.httpP99Ms,
              multiAlertsPerSec: multi.drive.alertsPerSecond,
              multiDuplicates: multi.drive.duplicates,
              multiSocketsPerProcess: perProcess,
              multiServerCpuPercent: multi.serverCpuPercent,
              multiPostgresCpuPercent: multi.postgresCpuPercent,
              proxyCpuPercent: multi.proxyCpuPercent,
              multiClientCpuPercent: multi.drive.clientCpuPercent,
              proxyWorkers,
              redisPublishesPerAlert: multi.redis ? perAlert(multi.redis.publishes) : null,
              redisCommandsPerAlert: multi.redis ? perAlert(multi.redis.commands) : null,
              redisCpuPercent: multi.redis?.cpuPercent ?? null,
            }
          : {}),
        baselineP50Ms: bare?.drive.p50Ms ?? null,
        baselineDelivered: bare?.drive.delivered ?? null,
        baselineExpected: bare?.drive.expected ?? null,
        baselineHeapPerSocketKB: bare?.heapPerSocketKB ?? null,
        p95Ms: single?.drive.p95Ms ?? null,
        maxMs: single?.drive.maxMs ?? null,
        httpP99Ms: single?.drive.httpP99Ms ?? null,
        dbNotified: singleRows?.notified ?? null,
        dbDelivered: singleRows?.delivered ?? null,
        duplicates: single?.drive.duplicates ?? null,
        non2xx: single ? non2xx(single) : null,
        targetRate: rate,
        durationS: seconds,
        warmupS: warmupSeconds,
        serverCpuPercent: single?.serverCpuPercent ?? null,
        postgresCpuPercent: single?.postgresCpuPercent ?? null,
        clientCpuPercent: main?.drive.clientCpuPercent ?? null,
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
    await proxy?.close().catch(() => undefined);
    await Promise.all(apis.map((a) => a.stop().catch(() => undefined)));
    await app?.close().catch(() => undefined);
    await db?.stop().catch(() => undefined);
    await sink?.close().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5000).unref();
});
