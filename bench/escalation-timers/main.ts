/**
 * Escalation-timer benchmark (issue 4, research B7): 1,000 craving alerts raised through the real
 * `POST /api/v1/cravings` (so the pg-boss jobs are the real ones, written in the creating transaction), each
 * owner's policy putting escalation step 1 at +30 s. Every second alert is acknowledged at once by its step-0
 * responder, so its step must NOT fire; the others must fire exactly once. The jobs run in the built worker
 * (`node dist/apps/worker/src/main.js`), a separate process, which is killed with SIGKILL once after the first
 * steps are due and restarted at once (as a process supervisor does). With BENCH_WORKERS=2 two workers run
 * and one of them is killed (the production shape: no single worker holds the timers).
 *
 * Measured from the database: a step fired when `cravings.step` moved to 1; its fire time is the `notified_at`
 * (or `skipped_at`) the handler wrote on the step-1 recipient; lateness = that − (created_at + the policy's
 * step delay). Each step-1 recipient also has a push subscription pointing at a local fake push service, so
 * every fire that reached the recipient is counted there too (a duplicate fire would push twice).
 *
 *   npm run bench:escalation-timers     (embedded PostgreSQL in .data/bench-postgres unless DATABASE_URL)
 *
 * BENCH_ALERTS (1000), BENCH_STEP_SECONDS (30), BENCH_CREATE_SECONDS (10: creation spread, so steps fall due
 * before, during and after the kill),
 * BENCH_KILL_AFTER_SECONDS (5: after the first step is due), BENCH_RESTART_AFTER_SECONDS (0),
 * BENCH_WORKERS (1: worker processes; the first is the one killed),
 * BENCH_DEADLINE_SECONDS (90: after the last step is due), BENCH_WAIT_IN_FLIGHT=1 (also wait for jobs
 * that were active at the kill: pg-boss retries them only after expire_in (60 s for escalation steps) +
 * maintenance (≤ 30 s)),
 * BENCH_KEEP=1 (leave the alerts and their jobs in the database). The last line is one JSON object.
 */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { QUEUES } from '@homegroup/contracts';
import { ESCALATION_WORK } from '@homegroup/cravings';
import { runMigrations } from '@homegroup/database';
import { TokensService } from '@homegroup/identity';
import { MAINTENANCE_INTERVAL_SECONDS } from '@homegroup/jobs';
import { callApi, envNumber, say, sleep, startBenchApp } from '../support/bench-app';
import { percentile } from '../support/argon2';
import { openBenchDatabase, type BenchDatabase } from '../support/bench-database';
import { startPushSink, type PushSink } from '../support/push-sink';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';

/** How the escalation queue is worked (libs/cravings/src/craving-jobs.ts) and pg-boss maintenance (libs/jobs). */
const POLL_INTERVAL_MS = ESCALATION_WORK.pollingIntervalSeconds * 1000;
const PGBOSS_EXPIRE_SECONDS = ESCALATION_WORK.expireInSeconds;
const PGBOSS_MAINTENANCE_SECONDS = MAINTENANCE_INTERVAL_SECONDS;
const DOMAIN = 'escalation-bench.homegroup.local';
const CRAVING_QUEUES = [QUEUES.cravingEscalation, QUEUES.cravingCheckin, QUEUES.cravingAutoResolve];

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

type Alert = {
  index: number;
  ownerId: string;
  nextId: string;
  token: string;
  cravingId?: string;
  createStatus?: number;
  createBody?: unknown;
  acknowledge: boolean;
  ackStatus?: number;
};

type AlertRow = {
  id: string;
  owner_id: string;
  created_at: Date;
  state: string;
  step: number;
  acknowledged_at: Date | null;
  delay_s: number;
  notified_at: Date | null;
  skipped_at: Date | null;
  pushed_at: Date | null;
};

type JobRow = {
  id: string;
  craving_id: string;
  state: string;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
  retry_count: number;
  expire_s: number;
  source: 'job' | 'archive';
};

/**
 * A database of its own on the benchmark's server (`homegroup_bench_escalation`, migrated): other benchmarks
 * use `homegroup_bench` and their own craving jobs, which would share this run's pg-boss queues otherwise.
 * Falls back to the given database when it may not be created.
 */
async function ownDatabase(serverUrl: string): Promise<{ url: string; separate: boolean }> {
  const url = new URL(serverUrl);
  url.pathname = '/homegroup_bench_escalation';
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const found = await client.query(
      `SELECT 1 FROM pg_database WHERE datname = 'homegroup_bench_escalation'`,
    );
    if (found.rowCount === 0) await client.query('CREATE DATABASE homegroup_bench_escalation');
  } catch {
    return { url: serverUrl, separate: false };
  } finally {
    await client.end().catch(() => undefined);
  }
  await runMigrations(url.toString());
  return { url: url.toString(), separate: true };
}

/** Removes earlier runs' members (their alerts, policies, contacts and subscriptions cascade) and the jobs left for them. */
async function cleanUp(client: Client): Promise<{ users: number; jobs: number }> {
  const users = await client.query(`DELETE FROM users WHERE email LIKE $1`, [`%@${DOMAIN}`]);
  // Jobs of alerts that no longer exist are no-ops, but each would still take a turn in the worker's loop.
  const jobs = await client.query(
    `DELETE FROM pgboss.job j WHERE j.name = ANY($1) AND j.state IN ('created', 'retry', 'active')
        AND NOT EXISTS (SELECT 1 FROM cravings c WHERE c.id::text = j.data->>'cravingId')`,
    [CRAVING_QUEUES],
  );
  return { users: users.rowCount ?? 0, jobs: jobs.rowCount ?? 0 };
}

/**
 * Owners 1..n, one shared step-0 responder (every owner's chosen first responder) and one step-1 recipient per
 * owner (with a push subscription to the sink), all consenting contacts with no quiet hours; each owner's
 * policy: step 1 after `stepSeconds`, steps 2 and 3 an hour later (out of the run).
 */
async function seed(
  client: Client,
  n: number,
  stepSeconds: number,
  sink: PushSink,
): Promise<{ responderId: string; owners: string[]; nexts: string[] }> {
  const insertUsers = async (prefix: string, count: number): Promise<string[]> => {
    const rows = await client.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, display_name, timezone)
       SELECT $2 || '-' || g || '@${DOMAIN}', 'not-a-hash', initcap($2) || ' ' || g, 'UTC'
         FROM generate_series(1, $1::int) g ORDER BY g
       RETURNING id`,
      [count, prefix],
    );
    return rows.rows.map((r) => r.id);
  };
  const owners = await insertUsers('owner', n);
  const nexts = await insertUsers('next', n);
  const [responderId] = await insertUsers('responder', 1);
  const others = [...owners.map(() => responderId), ...nexts];
  await client.query(
    `WITH pairs AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS p(owner_id, other_id)),
     links AS (
       INSERT INTO contact_links (member_a_id, member_b_id, source)
       SELECT LEAST(owner_id, other_id), GREATEST(owner_id, other_id), 'invite' FROM pairs
       RETURNING id, member_a_id, member_b_id),
     joined AS (
       SELECT l.id AS link_id, p.owner_id, p.other_id FROM links l
         JOIN pairs p ON l.member_a_id = LEAST(p.owner_id, p.other_id) AND l.member_b_id = GREATEST(p.owner_id, p.other_id))
     INSERT INTO contacts (link_id, owner_id, other_id, accepts_alerts, share_phone, availability)
     SELECT link_id, owner_id, other_id, false, false, '[]'::jsonb FROM joined
     UNION ALL
     SELECT link_id, other_id, owner_id, true, false, '[]'::jsonb FROM joined`,
    [[...owners, ...owners], others],
  );
  await client.query(
    `INSERT INTO escalation_policies (user_id, first_responder_ids, next_contacts_after_seconds, everyone_after_seconds,
                                      nobody_answered_after_seconds)
     SELECT u, ARRAY[$2::uuid], $3, 3600, 3600 FROM unnest($1::uuid[]) u`,
    [owners, responderId, stepSeconds],
  );
  await client.query(
    `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)
     SELECT u, e, $3, $4 FROM unnest($1::uuid[], $2::text[]) AS t(u, e)`,
    [nexts, nexts.map((_, i) => `${sink.endpointBase}${i}`), sink.keys.p256dh, sink.keys.auth],
  );
  await client.query('ANALYZE');
  return { responderId, owners, nexts };
}

async function readAlerts(client: Client, ids: string[]): Promise<Map<string, AlertRow>> {
  const rows = await client.query<AlertRow>(
    `SELECT c.id, c.owner_id, c.created_at, c.state, c.step, c.acknowledged_at,
            (c.policy->>'nextContactsAfterSeconds')::int AS delay_s, r.notified_at, r.skipped_at, r.pushed_at
       FROM cravings c LEFT JOIN craving_recipients r ON r.craving_id = c.id AND r.step = 1
      WHERE c.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.rows.map((r) => [r.id, r]));
}

/** The step-1 jobs of these alerts, live and archived. */
async function readJobs(client: Client, ids: string[]): Promise<JobRow[]> {
  const columns = `id::text, data->>'cravingId' AS craving_id, state::text, start_after, started_on, completed_on,
                   retry_count, EXTRACT(epoch FROM expire_in)::int AS expire_s`;
  const where = `name = $1 AND data->>'step' = '1' AND data->>'cravingId' = ANY($2::text[])`;
  const rows = await client.query<JobRow>(
    `SELECT ${columns}, 'job' AS source FROM pgboss.job WHERE ${where}
     UNION ALL SELECT ${columns}, 'archive' AS source FROM pgboss.archive WHERE ${where}`,
    [QUEUES.cravingEscalation, ids],
  );
  return rows.rows;
}

const firedAt = (row: AlertRow | undefined): Date | null =>
  row && row.step >= 1 ? (row.notified_at ?? row.skipped_at) : null;
const scheduledAt = (row: AlertRow): number => row.created_at.getTime() + row.delay_s * 1000;

async function main(): Promise<number> {
  const alertCount = Math.round(envNumber('BENCH_ALERTS', 1000));
  const stepSeconds = Math.round(envNumber('BENCH_STEP_SECONDS', 30));
  const createSeconds = envNumber('BENCH_CREATE_SECONDS', 10);
  const killAfterSeconds = envNumber('BENCH_KILL_AFTER_SECONDS', 5);
  const restartAfterSeconds = envNumber('BENCH_RESTART_AFTER_SECONDS', 0, { allowZero: true });
  const workerCount = Math.round(envNumber('BENCH_WORKERS', 1));
  const deadlineSeconds = envNumber('BENCH_DEADLINE_SECONDS', 90);
  const waitInFlight = process.env.BENCH_WAIT_IN_FLIGHT === '1';
  const keep = process.env.BENCH_KEEP === '1';

  let db: BenchDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let client: Client | undefined;
  let sink: PushSink | undefined;
  let worker: WorkerProcess | undefined;
  /** Workers besides `worker` (BENCH_WORKERS > 1): never killed. */
  const others: WorkerProcess[] = [];
  const unexpectedExits: string[] = [];
  const onWorkerExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    unexpectedExits.push(
      `worker exited by itself (code ${code}, signal ${signal}):\n${worker?.output() ?? ''}`,
    );
  };
  try {
    db = await openBenchDatabase(process.env.DATABASE_URL);
    const own = await ownDatabase(db.url);
    const databaseUrl = own.url;
    // The api in this process only sends jobs (RUN_WORKER=false): its JobsService creates the queues.
    const started = await startBenchApp(databaseUrl, {
      LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'silent',
    });
    app = started.app;
    const base = started.origin;

    client = new Client({ connectionString: databaseUrl, application_name: 'homegroup-bench-escalation' });
    client.on('error', () => undefined);
    await client.connect();
    const cleaned = await cleanUp(client);
    sink = await startPushSink();
    const seedStarted = Date.now();
    const seeded = await seed(client, alertCount, stepSeconds, sink);
    const tokens = app.get(TokensService);
    const responderToken = (await tokens.issue(seeded.responderId)).accessToken;
    const alerts: Alert[] = [];
    for (let i = 0; i < alertCount; i++) {
      alerts.push({
        index: i,
        ownerId: seeded.owners[i],
        nextId: seeded.nexts[i],
        token: (await tokens.issue(seeded.owners[i])).accessToken,
        acknowledge: i % 2 === 1,
      });
    }
    const seedMs = Date.now() - seedStarted;

    worker = spawnWorker({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, onWorkerExit);
    const firstWorkerPid = worker.child.pid;
    for (let i = 1; i < workerCount; i++)
      others.push(spawnWorker({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, onWorkerExit));

    // Raise the alerts at an even pace over createSeconds (at most 16 requests in flight); acknowledge every
    // second one by its step-0 responder as soon as it exists.
    const createStarted = Date.now();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < alerts.length) {
        const alert = alerts[next++];
        await sleep(createStarted + (alert.index * createSeconds * 1000) / alertCount - Date.now());
        const created = await callApi(base, 'POST', '/cravings', alert.token, {
          intensity: 7,
          trigger: 'emotional',
        });
        alert.createStatus = created.status;
        alert.createBody = created.json;
        alert.cravingId = (created.json as { id?: string } | undefined)?.id;
        if (alert.acknowledge && alert.cravingId) {
          const acked = await callApi(
            base,
            'POST',
            `/cravings/${alert.cravingId}/acknowledge`,
            responderToken,
            {
              message: 'calling you now',
            },
          );
          alert.ackStatus = acked.status;
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, lane));
    const createMs = Date.now() - createStarted;
    const createFailures = alerts.filter((a) => a.createStatus !== 201 || !a.cravingId);
    const ackFailures = alerts.filter((a) => a.acknowledge && a.ackStatus !== 200);
    if (createFailures.length > 0)
      throw new Error(
        `${createFailures.length} creates failed, e.g. status ${createFailures[0].createStatus} ${JSON.stringify(createFailures[0].createBody)}`,
      );
    const ids = alerts.map((a) => a.cravingId as string);

    // The schedule, from the database.
    let rows = await readAlerts(client, ids);
    const due = [...rows.values()].map(scheduledAt).sort((a, b) => a - b);
    const firstDue = due[0];
    const lastDue = due[due.length - 1];
    const jobsAtStart = await readJobs(client, ids);
    const jobsPerAlert = new Map<string, number>();
    for (const job of jobsAtStart)
      jobsPerAlert.set(job.craving_id, (jobsPerAlert.get(job.craving_id) ?? 0) + 1);
    const missingJobs = ids.filter((id) => (jobsPerAlert.get(id) ?? 0) !== 1);

    say();
    say('Homegroup escalation-timers benchmark');
    say(
      `  database   ${db.description}${own.separate ? '; this run in its own database homegroup_bench_escalation' : ''}`,
    );
    say(
      `  seeded     ${alertCount} owners, ${alertCount} step-1 recipients (push → local sink), 1 shared step-0 responder in ${seconds(seedMs)}` +
        (cleaned.users + cleaned.jobs > 0
          ? ` (removed ${cleaned.users} members, ${cleaned.jobs} jobs of earlier runs)`
          : ''),
    );
    say(
      `  created    ${alertCount} alerts via POST /api/v1/cravings in ${seconds(createMs)}; ${alerts.filter((a) => a.acknowledge).length} acknowledged at once` +
        (ackFailures.length ? ` (${ackFailures.length} acknowledgements FAILED)` : ''),
    );
    say(
      `  schedule   step 1 at created_at + ${stepSeconds} s: first due ${new Date(firstDue).toISOString()}, last ${new Date(lastDue).toISOString()}; ` +
        `${jobsAtStart.length} step-1 jobs${missingJobs.length ? ` (${missingJobs.length} alerts without exactly one!)` : ''}`,
    );
    say(
      `  worker     pid ${firstWorkerPid}${others.length ? ` (+ ${others.length} more: ${others.map((o) => o.child.pid).join(', ')}, left running)` : ''}; ` +
        `SIGKILL at first due + ${killAfterSeconds} s, restart ${restartAfterSeconds} s later; escalation poll ${POLL_INTERVAL_MS} ms, ` +
        `${ESCALATION_WORK.workers} fetch loops × ${ESCALATION_WORK.batchSize} jobs per process, expire_in ${PGBOSS_EXPIRE_SECONDS} s`,
    );

    // Kill, restart, and watch until every expected step fired or the deadline.
    const killAt = firstDue + killAfterSeconds * 1000;
    await sleep(killAt - Date.now());
    const killedAt = Date.now();
    await worker.kill();
    const killedPid = firstWorkerPid;
    const inFlight = (await readJobs(client, ids)).filter(
      (j) => j.state === 'active' && j.started_on && j.started_on.getTime() <= killedAt,
    );
    const firedBeforeKill = [...(await readAlerts(client, ids)).values()].filter((r) => r.step >= 1).length;
    say(
      `  kill       ${new Date(killedAt).toISOString()} (pid ${killedPid}): ${firedBeforeKill} steps fired by then; ` +
        `${inFlight.length} step-1 job(s) active in the killed worker`,
    );
    await sleep(restartAfterSeconds * 1000);
    worker = spawnWorker({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, onWorkerExit);
    const restartedAt = worker.startedAt;
    say(`  restart    ${new Date(restartedAt).toISOString()} (pid ${worker.child.pid})`);

    const inFlightIds = new Set(inFlight.map((j) => j.craving_id));
    const expectedIds = alerts.filter((a) => !a.acknowledge).map((a) => a.cravingId as string);
    let deadline = lastDue + deadlineSeconds * 1000;
    if (waitInFlight && inFlight.length > 0) {
      const retryBy = Math.max(
        ...inFlight.map(
          (j) => (j.started_on as Date).getTime() + (j.expire_s + PGBOSS_MAINTENANCE_SECONDS + 30) * 1000,
        ),
      );
      deadline = Math.max(deadline, retryBy);
      say(`  waiting    for the in-flight job(s) too: until ${new Date(deadline).toISOString()}`);
    }
    let lastReport = 0;
    for (;;) {
      rows = await readAlerts(client, ids);
      const firedCount = expectedIds.filter((id) => firedAt(rows.get(id))).length;
      const pendingOutside = expectedIds.filter(
        (id) => !firedAt(rows.get(id)) && !inFlightIds.has(id),
      ).length;
      const pendingInFlight = expectedIds.filter(
        (id) => !firedAt(rows.get(id)) && inFlightIds.has(id),
      ).length;
      const done = pendingOutside === 0 && (pendingInFlight === 0 || !waitInFlight);
      if (done || Date.now() >= deadline || unexpectedExits.length > 0) break;
      if (Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        say(
          `  progress   t=${seconds(Date.now() - firstDue)} after first due: ${firedCount}/${expectedIds.length} fired`,
        );
      }
      await sleep(500);
    }
    const endedAt = Date.now();
    await sleep(1500); // let the pushes of the last fires land
    const exitCode = await worker.stop();
    for (const other of others.splice(0)) await other.stop();
    if (unexpectedExits.length > 0) throw new Error(unexpectedExits.join('\n'));

    // Final measurement from the database.
    rows = await readAlerts(client, ids);
    const jobs = await readJobs(client, ids);
    const jobsByAlert = new Map<string, JobRow[]>();
    for (const job of jobs)
      jobsByAlert.set(job.craving_id, [...(jobsByAlert.get(job.craving_id) ?? []), job]);
    const pushes = (a: Alert): number[] => sink?.received.get(String(a.index)) ?? [];

    const lateness: number[] = []; // fired, not in flight at the kill
    const firedDue: { due: number; lateness: number }[] = [];
    const censored: number[] = []; // expected, not fired by the deadline, job still queued
    const pushLateness: number[] = [];
    const pickupLateness: number[] = []; // pg-boss: started_on − start_after, every step-1 job that ran
    let fired = 0;
    let lost = 0;
    let duplicates = 0;
    let acknowledgedFired = 0;
    let acknowledgedTooLate = 0;
    let firedNotPushed = 0;
    const lostDetails: string[] = [];
    const queuedStates = new Map<string, number>();
    for (const job of jobs)
      if (job.started_on && !inFlightIds.has(job.craving_id))
        pickupLateness.push(job.started_on.getTime() - job.start_after.getTime());
    for (const alert of alerts) {
      const id = alert.cravingId as string;
      const row = rows.get(id) as AlertRow;
      const at = firedAt(row);
      const pushTimes = pushes(alert);
      if (pushTimes.length > 1) duplicates += 1;
      if (alert.acknowledge) {
        if (row.acknowledged_at && row.acknowledged_at.getTime() >= scheduledAt(row))
          acknowledgedTooLate += 1;
        if (row.step >= 1 || row.notified_at || pushTimes.length > 0) acknowledgedFired += 1;
        continue;
      }
      if (at) {
        fired += 1;
        if (pushTimes.length === 0) firedNotPushed += 1;
        if (inFlightIds.has(id)) continue;
        lateness.push(at.getTime() - scheduledAt(row));
        firedDue.push({ due: scheduledAt(row), lateness: at.getTime() - scheduledAt(row) });
        if (pushTimes.length > 0) pushLateness.push(pushTimes[0] - scheduledAt(row));
        continue;
      }
      const pending = (jobsByAlert.get(id) ?? []).filter((j) =>
        ['created', 'retry', 'active'].includes(j.state),
      );
      if (pending.length > 0 && !inFlightIds.has(id)) {
        censored.push(endedAt - scheduledAt(row));
        for (const j of pending) queuedStates.set(j.state, (queuedStates.get(j.state) ?? 0) + 1);
      } else if (pending.length === 0) {
        lost += 1;
        lostDetails.push(
          `${id}: step ${row.step}, state ${row.state}, jobs ${JSON.stringify((jobsByAlert.get(id) ?? []).map((j) => ({ state: j.state, retry: j.retry_count, started: j.started_on })))}`,
        );
      }
    }
    const inFlightReport = inFlight.map((j) => {
      const row = rows.get(j.craving_id) as AlertRow;
      const at = firedAt(row);
      const after = jobsByAlert.get(j.craving_id)?.find((x) => x.id === j.id);
      const acked = alerts.find((a) => a.cravingId === j.craving_id)?.acknowledge ?? false;
      return {
        cravingId: j.craving_id,
        acknowledged: acked,
        fired: at !== null,
        latenessMs: at ? at.getTime() - scheduledAt(row) : null,
        jobState: after?.state ?? 'gone',
        retryCount: after?.retry_count ?? null,
        retryNotBefore: new Date(
          (j.started_on as Date).getTime() + (j.expire_s || PGBOSS_EXPIRE_SECONDS) * 1000,
        ).toISOString(),
      };
    });
    const inFlightExpectedUnfired = inFlightReport.filter((r) => !r.acknowledged && !r.fired).length;
    const inFlightLatenessMaxMs = inFlightReport.reduce<number | null>(
      (max, r) => (r.latenessMs === null ? max : Math.max(max ?? 0, r.latenessMs)),
      null,
    );

    const sorted = [...lateness].sort((a, b) => a - b);
    const withCensored = [...lateness, ...censored].sort((a, b) => a - b);
    const p = (values: number[], q: number): number => Math.round(percentile(values, q));
    const completedTimes = jobs
      .filter((j) => j.completed_on && j.state === 'completed')
      .map((j) => (j.completed_on as Date).getTime())
      .sort((a, b) => a - b);
    const drainSeconds =
      completedTimes.length > 1 ? (completedTimes[completedTimes.length - 1] - firstDue) / 1000 : 0;
    const jobsPerSecond = drainSeconds > 0 ? completedTimes.length / drainSeconds : 0;
    const afterRestart = jobs
      .filter((j) => j.started_on && j.started_on.getTime() >= restartedAt)
      .map((j) => (j.started_on as Date).getTime());
    const firstJobAfterRestartMs = afterRestart.length ? Math.min(...afterRestart) - restartedAt : null;
    // With one worker, steps that fell due between the kill and the restarted worker's first job had no worker
    // at all: their lateness is the downtime, not the timer's precision. Reported apart (with more workers,
    // the others kept running and there is no such window).
    const downUntil = workerCount === 1 ? restartedAt + (firstJobAfterRestartMs ?? 0) : killedAt;
    const whileDown = firedDue.filter((f) => f.due >= killedAt && f.due < downUntil);
    const outsideDown = firedDue
      .filter((f) => !(f.due >= killedAt && f.due < downUntil))
      .map((f) => f.lateness)
      .sort((a, b) => a - b);
    const expected = expectedIds.length;

    say();
    say(
      `  fired      ${fired}/${expected} expected steps by ${seconds(endedAt - lastDue)} after the last was due`,
    );
    say(
      `  lateness   fired in time order: p50 ${p(sorted, 50)} ms, p99 ${p(sorted, 99)} ms, max ${p(sorted, 100)} ms over ${sorted.length} steps ` +
        `(notified_at − (created_at + ${stepSeconds} s); in-flight-at-kill excluded)`,
    );
    if (censored.length > 0)
      say(
        `  NOT FIRED  ${censored.length} expected steps still queued at the end (jobs ${JSON.stringify(Object.fromEntries(queuedStates))}); ` +
          `counted at their lateness so far (≥ ${p(
            censored.sort((a, b) => a - b),
            0,
          )} ms) in the JSON p50/p99`,
      );
    if (workerCount === 1)
      say(
        `  downtime   no worker from the kill until ${seconds(downUntil - killedAt)} later (restart + boot + first poll): ` +
          `${whileDown.length} steps fell due then (lateness max ${p(
            whileDown.map((f) => f.lateness).sort((a, b) => a - b),
            100,
          )} ms); ` +
          `the other ${outsideDown.length}: p50 ${p(outsideDown, 50)} ms, p99 ${p(outsideDown, 99)} ms`,
      );
    say(
      `  pg-boss    step-1 jobs picked up p50 ${p(
        pickupLateness.sort((a, b) => a - b),
        50,
      )} ms / p99 ${p(pickupLateness, 99)} ms after start_after; ` +
        `${completedTimes.length} completed (acknowledged ones included, they change nothing) ≈ ${jobsPerSecond.toFixed(2)} jobs/s from the first due time`,
    );
    say(
      `  pushes     ${pushLateness.length} fired steps pushed to their step-1 recipient: p50 ${p(
        pushLateness.sort((a, b) => a - b),
        50,
      )} ms, p99 ${p(pushLateness, 99)} ms after due; ` +
        `${firedNotPushed} fired without a push; ${duplicates} alerts pushed more than once`,
    );
    say(
      `  kill       ${inFlight.length} job(s) in flight at the kill: ${JSON.stringify(inFlightReport)}; first job ${firstJobAfterRestartMs === null ? 'never' : `${firstJobAfterRestartMs} ms`} after the restart`,
    );
    if (inFlightExpectedUnfired > 0)
      say(
        `             the unfired one(s) stay 'active' until expire_in (${PGBOSS_EXPIRE_SECONDS / 60} min, pg-boss default) + maintenance (≤ ${PGBOSS_MAINTENANCE_SECONDS} s), then are retried; BENCH_WAIT_IN_FLIGHT=1 waits for that`,
      );
    say(
      `  acked      ${acknowledgedFired} acknowledged alerts had their step fire (must be 0)${acknowledgedTooLate ? `; ${acknowledgedTooLate} were acknowledged only after their due time` : ''}`,
    );
    say(`  lost       ${lost} (expected, not fired, and no job left that could fire it)`);
    for (const line of lostDetails.slice(0, 10)) say(`             ${line}`);
    say(`  worker     stopped with SIGTERM, exit code ${exitCode}`);
    say();
    say(
      JSON.stringify({
        bench: 'escalation-timers',
        fired,
        expected,
        lost,
        duplicates,
        latenessP99Ms: p(withCensored, 99),
        pollIntervalMs: POLL_INTERVAL_MS,
        workers: workerCount,
        downtimeMs: downUntil - killedAt,
        dueWhileDown: whileDown.length,
        latenessP99OutsideDowntimeMs: p(outsideDown, 99),
        latenessP50Ms: p(withCensored, 50),
        firedLatenessP99Ms: p(sorted, 99),
        firedLatenessMaxMs: p(sorted, 100),
        notFiredQueued: censored.length,
        inFlightAtKill: inFlight.length,
        inFlightUnfired: inFlightExpectedUnfired,
        inFlightLatenessMaxMs,
        acknowledgedFired,
        firedNotPushed,
        pushLatenessP99Ms: p(pushLateness, 99),
        pickupLatenessP99Ms: p(pickupLateness, 99),
        jobsPerSecond: Number(jobsPerSecond.toFixed(2)),
        alerts: alertCount,
        stepSeconds,
        createSeconds: Number((createMs / 1000).toFixed(1)),
        killAfterSeconds,
        waitedAfterLastDueS: Math.round((endedAt - lastDue) / 1000),
      }),
    );
    if (!keep) await cleanUp(client);
    return 0;
  } catch (error) {
    process.stderr.write(
      `bench:escalation-timers failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  } finally {
    await worker?.stop().catch(() => undefined);
    for (const other of others) await other.stop().catch(() => undefined);
    await sink?.close().catch(() => undefined);
    await client?.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db?.stop().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5000).unref();
});
