/**
 * Alert chaos: craving alerts keep reaching people while the parts under them fail.
 *
 *   npm run bench:alert-chaos                     (full size: 2,000 sockets, 20 alerts/s, 60 s)
 *   BENCH_CHAOS_SIZE=ci npm run bench:alert-chaos (CI: 200 sockets, 5 alerts/s, 40 s; .ci/run)
 *
 * Topology: two built api processes (`dist/apps/api/src/main.js`, RUN_WORKER=false) behind a round-robin TCP proxy
 * (bench/support/round-robin-proxy.ts) and two built workers (`dist/apps/worker/src/main.js`), on a PRIVATE
 * redis-server and a PRIVATE PostgreSQL (the embedded binaries, .data/alert-chaos-postgres) that this run may
 * restart without disturbing anyone else on the machine. BENCH_USE_MACHINE_SERVERS=1 uses (and restarts) the
 * machine's PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and Redis instead.
 *
 * Load: one socket per recipient (socket.io-client, websocket transport, a fresh token on every connect, acks
 * `craving.alert` and shows each alert id once, as apps/web/src/live.ts); owners raise alerts (POST /api/v1/cravings)
 * at a steady rate, retrying a failed POST (no answer, 5xx, 409) until it is answered 200/201 — the route returns
 * the owner's open alert to a second tap (reused), so a retry never raises a second alert. Every owner's policy
 * names their five recipients first responders and has short steps (10 / 15 / 20 s); the alerts of every other
 * owner are acknowledged by their first recipient to see them, the rest stay unacknowledged and must escalate.
 *
 * Chaos, during the run: every 5 s 10 % of the sockets drop and come back 0.2–2 s later; one api process is
 * SIGKILLed (its sockets reconnect through the proxy to the other) and restarted later on its port; Redis is
 * restarted once (no persistence: the socket stream is gone); PostgreSQL is stopped (fast shutdown) and started
 * again 3 s later.
 *
 * Figures: expected = (alert, recipient) pairs the database says were notified; deliveredOrReplayed = those a
 * client showed (live or by the replay on connect); lost = expected − shown, plus 5 for each alert never
 * created; duplicatesShown = (tap, recipient) pairs shown under two alert ids (the client de-duplicates by id;
 * repeated receipts of one id are rawDuplicates); maxReplayDelayMs = for pairs missed live, reconnect → replay;
 * escalationsLost = steps due on unacknowledged alerts (20 s + 5 s grace) that never fired (cravings.step).
 * BENCH_SOCKETS, BENCH_RATE, BENCH_DURATION (s), BENCH_DRAIN (s, most to wait after the load) override the size.
 * Exits 1 when lost, escalationsLost or duplicatesShown is not 0 or a process died unasked.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { JWT_AUDIENCE, JWT_ISSUER } from '@homegroup/identity';
import { percentile } from '../support/argon2';
import { envNumber, say, sleep } from '../support/bench-app';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/round-robin-proxy';
import { spawnWorker, startApiProcess, type ApiProcess, type WorkerProcess } from '../support/worker-process';
import { FANOUT, seedAlertCircles } from '../craving-fanout/seed';
import { Member, request, Sightings, signer } from './members';
import { startPostgres, startRedis, type RestartableServer } from './servers';

const EMAIL_DOMAIN = 'chaos.bench.homegroup.local';
/** The owners' escalation steps (s after the alert): next contacts, everyone, "nobody has answered". */
const STEPS_SECONDS = [10, 15, 20];
/** A step counts as due this long after its time (job polling, a loaded machine). */
const STEP_GRACE_SECONDS = 5;

const SIZES = {
  full: { sockets: 2000, rate: 20, seconds: 60, drain: 120 },
  ci: { sockets: 200, rate: 5, seconds: 40, drain: 90 },
} as const;

type Event = { at: number; what: string };

async function main(): Promise<number> {
  const sizeName = process.env.BENCH_CHAOS_SIZE === 'ci' ? 'ci' : 'full';
  const size = SIZES[sizeName];
  const socketCount = Math.round(envNumber('BENCH_SOCKETS', size.sockets));
  const rate = envNumber('BENCH_RATE', size.rate);
  const seconds = envNumber('BENCH_DURATION', size.seconds);
  const drainSeconds = envNumber('BENCH_DRAIN', size.drain);
  const machine = process.env.BENCH_USE_MACHINE_SERVERS === '1';
  const alertCount = Math.round(rate * seconds);
  if (socketCount < FANOUT) throw new Error(`BENCH_SOCKETS must be at least ${FANOUT}`);

  let pg: RestartableServer | undefined;
  let redis: RestartableServer | undefined;
  let proxy: RoundRobinProxy | undefined;
  const apis: ApiProcess[] = [];
  const workers: WorkerProcess[] = [];
  const members: Member[] = [];
  const events: Event[] = [];
  const unexpectedExits: string[] = [];
  /** Times in the log are seconds from the start of the load (before it: from the start of the run). */
  let t0 = performance.now();
  const now = (): number => (performance.now() - t0) / 1000;
  const log = (what: string): void => {
    events.push({ at: now(), what });
    say(`  [${now().toFixed(1)} s] ${what}`);
  };
  try {
    pg = await startPostgres(machine);
    redis = await startRedis(machine);
    const databaseUrl = pg.url;

    const seeding = new Client({ connectionString: databaseUrl });
    seeding.on('error', () => undefined);
    await seeding.connect();
    let recipients: string[];
    let owners: string[];
    try {
      ({ recipients, owners } = await seedAlertCircles(seeding, socketCount, alertCount, EMAIL_DOMAIN));
      await seeding.query(
        `UPDATE escalation_policies
            SET next_contacts_after_seconds = $2, everyone_after_seconds = $3, nobody_answered_after_seconds = $4
          WHERE user_id = ANY($1::uuid[])`,
        [owners, ...STEPS_SECONDS],
      );
    } finally {
      await seeding.end().catch(() => undefined);
    }

    const jwtSecret = randomBytes(36).toString('base64url');
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      JWT_SECRET: jwtSecret,
      RUN_WORKER: 'false',
      LOG_LEVEL: 'warn',
      RUN_MIGRATIONS: 'false',
      SEED_DEMO: 'false',
    };
    const watch =
      (name: string, output: () => string = () => '') =>
      (code: number | null, signal: NodeJS.Signals | null): void => {
        unexpectedExits.push(`${name} (${code ?? signal})`);
        log(`UNEXPECTED: ${name} exited (${code ?? signal})`);
        // Next tick: the process's last words are in its output by then.
        setImmediate(() => process.stderr.write(`--- ${name}: last output ---\n${output().slice(-2500)}\n`));
      };
    // What the processes log at warn and above, counted by message (ids and numbers left out).
    const logged = new Map<string, number>();
    const listen = <P extends WorkerProcess>(p: P): P => {
      let partial = '';
      const onData = (chunk: Buffer): void => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const found = /"level":(\d+).*"msg":"([^"]*)/.exec(line);
          if (!found || Number(found[1]) < 40) continue;
          const key = `${found[1] === '40' ? 'warn ' : 'error'} ${found[2].replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '…').replace(/\d+/g, 'N')}`;
          logged.set(key, (logged.get(key) ?? 0) + 1);
        }
      };
      p.child.stdout?.on('data', onData);
      p.child.stderr?.on('data', onData);
      return p;
    };
    // Each process's output, for the report of an exit nobody asked for.
    const outputs = new Map<string, () => string>();
    const named = (name: string) => watch(name, () => outputs.get(name)?.() ?? '');
    const track = <P extends WorkerProcess>(name: string, p: P): P => {
      outputs.set(name, p.output);
      return listen(p);
    };
    for (let i = 0; i < 2; i++)
      apis.push(track(`api ${i + 1}`, await startApiProcess(env, named(`api ${i + 1}`))));
    for (let i = 0; i < 2; i++)
      workers.push(track(`worker ${i + 1}`, spawnWorker(env, named(`worker ${i + 1}`))));
    proxy = await startRoundRobinProxy(
      apis.map((a) => a.origin),
      1,
    );
    const origin = proxy.origin;

    const tokens = { secret: jwtSecret, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, ttlSeconds: 900 };
    const sign = signer(tokens);
    const sightings = new Sightings();

    say();
    say('Homegroup alert-chaos benchmark');
    say(
      `  size       ${sizeName}: ${socketCount} sockets, ${rate} alerts/s for ${seconds} s (${alertCount} alerts)`,
    );
    say(`  postgres   ${pg.description}`);
    say(`  redis      ${redis.description}`);
    say(`  processes  2 api (${apis.map((a) => a.origin).join(', ')}) behind ${origin}, 2 workers`);

    // The recipients, spread over both api processes by the proxy.
    const connectStarted = performance.now();
    for (const userId of recipients) members.push(new Member(userId, origin, sign, sightings));
    for (let i = 0; i < members.length; i += 100)
      await Promise.all(members.slice(i, i + 100).map((m) => m.connect()));
    say(
      `  sockets    ${members.filter((m) => m.connected).length} connected in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`,
    );
    say();

    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    // Every other owner's alert is acknowledged by the first of its recipients to see it, ~0.5 s later.
    const acknowledgedBy = new Set(owners.filter((_, i) => i % 2 === 0));
    let acknowledgeFailures = 0;
    const acknowledge = async (cravingId: string, userId: string): Promise<void> => {
      await sleep(500);
      const until = performance.now() + 60_000;
      while (performance.now() < until) {
        const answer = await request(
          agent,
          origin,
          'POST',
          `/api/v1/cravings/${cravingId}/acknowledge`,
          sign(userId),
          {},
        );
        if (answer.status === 200) return;
        acknowledgeFailures += 1;
        if (answer.status >= 400 && answer.status < 500 && answer.status !== 409) return;
        await sleep(300 + Math.random() * 700);
      }
    };
    const pendingAcks: Promise<void>[] = [];
    sightings.onFirstSight = (cravingId, userId, ownerId) => {
      if (!acknowledgedBy.delete(ownerId)) return;
      pendingAcks.push(acknowledge(cravingId, userId));
    };

    // Raising: one owner every 1/rate s, each retrying until answered.
    const alertOf = new Map<string, string>(); // owner → alert id
    const createdIds = new Map<string, Set<string>>(); // owner → ids answered 201
    const statuses: Record<string, number> = {};
    let failedPosts = 0;
    let retriedAlerts = 0;
    const raise = async (ownerId: string): Promise<void> => {
      const started = performance.now();
      const token = sign(ownerId);
      for (let attempt = 0; performance.now() - started < 90_000; attempt++) {
        const answer = await request(agent, origin, 'POST', '/api/v1/cravings', token, { intensity: 7 });
        const key = String(answer.status);
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (answer.status === 200 || answer.status === 201) {
          const id = (JSON.parse(answer.body) as { id: string }).id;
          if (!sightings.raisedAt.has(id)) sightings.raisedAt.set(id, started);
          alertOf.set(ownerId, id);
          if (answer.status === 201) {
            const ids = createdIds.get(ownerId) ?? new Set<string>();
            ids.add(id);
            createdIds.set(ownerId, ids);
          }
          if (attempt > 0) retriedAlerts += 1;
          return;
        }
        failedPosts += 1;
        if (answer.status >= 400 && answer.status < 500 && answer.status !== 409) return;
        await sleep(Math.min(2000, 200 * 2 ** attempt) * (0.5 + Math.random()));
      }
    };

    // The chaos schedule, in seconds from the start of the load.
    const killAt = seconds * 0.2;
    const reviveAt = killAt + Math.max(6, seconds * 0.15);
    const redisAt = seconds * 0.5;
    const pgAt = seconds * 0.7;
    const chaos: Promise<void>[] = [];
    let drops = 0;
    const loadStart = performance.now();
    t0 = loadStart;
    const at = (s: number, action: () => Promise<void>): void => {
      chaos.push(
        sleep(loadStart + s * 1000 - performance.now())
          .then(action)
          .catch((error: unknown) => {
            log(`chaos step failed: ${error instanceof Error ? error.message : String(error)}`);
          }),
      );
    };
    for (let s = 5; s < seconds; s += 5)
      at(s, () => {
        const live = members.filter((m) => m.connected);
        const chosen = live.sort(() => Math.random() - 0.5).slice(0, Math.round(members.length * 0.1));
        drops += chosen.length;
        log(`dropping ${chosen.length} sockets (back after 0.2–2 s, fresh tokens)`);
        for (const m of chosen) void m.drop(200 + Math.random() * 1800);
        return Promise.resolve();
      });
    const killed = apis[0];
    const killedPort = new URL(killed.origin).port;
    at(killAt, async () => {
      log(`SIGKILL api 1 (pid ${killed.child.pid})`);
      await killed.kill();
    });
    at(reviveAt, async () => {
      // As an orchestrator would: started again until it listens (it cannot start while PostgreSQL is down).
      for (let attempt = 1; ; attempt++) {
        const name = `api 1 (restart ${attempt})`;
        // An exit before it listens is a failed start, tried again; after that, an exit nobody asked for.
        let up = false;
        const onExit = named(name);
        try {
          const started = await startApiProcess({ ...env, PORT: killedPort }, (code, signal) => {
            if (up) onExit(code, signal);
          });
          up = true;
          apis[0] = track(name, started);
          break;
        } catch (error) {
          log(
            `api 1 did not start (${error instanceof Error ? error.message.split('\n')[1] : 'error'}); again in 1 s`,
          );
          if (attempt >= 30) throw error;
          await sleep(1000);
        }
      }
      log(`api 1 restarted on port ${killedPort}`);
    });
    at(redisAt, async () => {
      log('Redis: shutdown nosave');
      await redis!.restart(1000);
      log('Redis: started again (empty)');
    });
    at(pgAt, async () => {
      log('PostgreSQL: fast shutdown');
      await pg!.restart(3000);
      log('PostgreSQL: accepting connections again');
    });

    const raising: Promise<void>[] = [];
    for (let i = 0; i < alertCount; i++) {
      await sleep(loadStart + (i * 1000) / rate - performance.now());
      raising.push(raise(owners[i]));
    }
    log(`all ${alertCount} alerts sent; waiting for the chaos steps and answers`);
    await Promise.all(chaos);
    await Promise.all(raising);
    log('every POST answered (or given up)');

    // Drain: until every notified pair was shown and every due step fired, or BENCH_DRAIN s.
    const check = new Client({ connectionString: databaseUrl });
    check.on('error', () => undefined);
    await check.connect();
    type Pair = { craving_id: string; user_id: string; owner_id: string };
    const pairsOf = async (): Promise<Pair[]> =>
      (
        await check.query<Pair>(
          `SELECT r.craving_id, r.user_id, c.owner_id FROM craving_recipients r JOIN cravings c ON c.id = r.craving_id
            WHERE c.owner_id = ANY($1::uuid[]) AND r.notified_at IS NOT NULL`,
          [owners],
        )
      ).rows;
    type Steps = {
      unacknowledged: number;
      due: number;
      fired: number;
      lost: number;
      last_due_in: number | null;
    };
    const stepsOf = async (): Promise<Steps> => {
      const dueSql = STEPS_SECONDS.map(
        (s) =>
          `(CASE WHEN c.created_at + interval '${s + STEP_GRACE_SECONDS} seconds' < now() THEN 1 ELSE 0 END)`,
      ).join(' + ');
      const r = await check.query<Steps>(
        `SELECT count(*)::int AS unacknowledged,
                coalesce(sum(${dueSql}), 0)::int AS due,
                coalesce(sum(LEAST(c.step, ${dueSql})), 0)::int AS fired,
                coalesce(sum(GREATEST(0, ${dueSql} - c.step)), 0)::int AS lost,
                extract(epoch FROM max(c.created_at) + interval '${STEPS_SECONDS[2] + STEP_GRACE_SECONDS} seconds' - now())::float AS last_due_in
           FROM cravings c
          WHERE c.owner_id = ANY($1::uuid[]) AND c.acknowledged_at IS NULL AND c.resolved_at IS NULL`,
        [owners],
      );
      return r.rows[0];
    };
    const drainStart = performance.now();
    let pairs = await pairsOf();
    let steps = await stepsOf();
    const unseen = (): number =>
      pairs.filter((p) => !sightings.firstSeen.has(`${p.craving_id}|${p.user_id}`)).length;
    for (;;) {
      const waiting = (steps.last_due_in ?? 0) > 0;
      if (!waiting && unseen() === 0 && steps.lost === 0) break;
      if (performance.now() - drainStart > drainSeconds * 1000) break;
      await sleep(1000);
      pairs = await pairsOf();
      steps = await stepsOf();
    }
    await Promise.all(pendingAcks);
    const drainS = (performance.now() - drainStart) / 1000;
    log(`drained in ${drainS.toFixed(1)} s`);
    const alerts = (
      await check.query<{ n: number; acknowledged: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::int AS acknowledged
           FROM cravings WHERE owner_id = ANY($1::uuid[])`,
        [owners],
      )
    ).rows[0];
    await check.end().catch(() => undefined);

    // The figures.
    const expected = pairs.length;
    const seenPairs = pairs.length - unseen();
    const neverCreated = owners.filter((o) => !alertOf.has(o)).length;
    const lost = expected - seenPairs + neverCreated * FANOUT;
    let duplicatesShown = 0;
    for (const ids of sightings.byTap.values()) duplicatesShown += ids.size - 1;
    const duplicateCreates = [...createdIds.values()].reduce((n, ids) => n + ids.size - 1, 0);
    const delays = [...sightings.replayDelays].sort((a, b) => a - b);
    const maxReplayDelayMs = delays.length ? Math.round(delays[delays.length - 1]) : 0;
    const replayedWithin10s = delays.filter((d) => d <= 10_000).length;
    const reconnects = members.reduce((n, m) => n + m.connects, 0) - members.length;
    const serverDisconnects = members.reduce((n, m) => n + m.serverDisconnects, 0);
    const connectErrors = members.reduce((n, m) => n + m.connectErrors, 0);
    const statusText = Object.entries(statuses)
      .map(([code, n]) => `${code === '0' ? 'no answer' : code}×${n}`)
      .join(' ');

    say();
    say('  figure                 value');
    say(
      `  alerts                 ${alertCount} raised, ${alerts.n} in the database (${alerts.acknowledged} acknowledged), ${neverCreated} never created, ${duplicateCreates} created twice`,
    );
    say(
      `  POST /cravings         ${statusText}; ${failedPosts} failed attempts, ${retriedAlerts} alerts needed a retry`,
    );
    say(`  expected pairs         ${expected} (alert × notified recipient)`);
    say(`  delivered or replayed  ${seenPairs}`);
    say(`  lost                   ${lost}`);
    say(
      `  duplicates shown       ${duplicatesShown} (raw repeated receipts, dropped by the client: ${sightings.rawDuplicates})`,
    );
    say(
      `  replays                ${delays.length} pairs missed live, reconnect → replay p50 ${Math.round(percentile(delays, 50))} ms, p99 ${Math.round(percentile(delays, 99))} ms, max ${maxReplayDelayMs} ms (${delays.length - replayedWithin10s} over 10 s)`,
    );
    say(
      `  resent                 ${sightings.resent} pairs first shown over 10 s after the POST on a socket connected all along`,
    );
    say(
      `  escalations            ${steps.due} steps due on ${steps.unacknowledged} unacknowledged alerts, ${steps.fired} fired, ${steps.lost} lost`,
    );
    say(
      `  sockets                ${drops} dropped on purpose, ${serverDisconnects} cut by the servers, ${reconnects} reconnects, ${connectErrors} connect attempts refused`,
    );
    say(
      `  acknowledgements       ${alerts.acknowledged} recorded, ${acknowledgeFailures} failed attempts (retried)`,
    );
    say(`  unexpected exits       ${unexpectedExits.length ? unexpectedExits.join(', ') : 'none'}`);
    // The pairs never shown, for diagnosis: when their alert was raised and what the recipient's socket did.
    const memberOf = new Map(members.map((m) => [m.userId, m]));
    for (const p of pairs
      .filter((q) => !sightings.firstSeen.has(`${q.craving_id}|${q.user_id}`))
      .slice(0, 10)) {
      const raised = sightings.raisedAt.get(p.craving_id);
      const m = memberOf.get(p.user_id);
      say(
        `  lost pair              alert raised at ${raised === undefined ? '?' : ((raised - loadStart) / 1000).toFixed(1)} s; recipient connected ${m?.connected}, ` +
          `${m?.connects} connects, last at ${m ? ((m.connectedAt - loadStart) / 1000).toFixed(1) : '?'} s`,
      );
    }
    say();
    say('  logged by the api processes and workers (warn and above, by message)');
    for (const [message, n] of [...logged.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15))
      say(`  ${String(n).padStart(6)}  ${message.slice(0, 150)}`);
    say();
    const ok = lost === 0 && steps.lost === 0 && duplicatesShown === 0 && unexpectedExits.length === 0;
    if (!ok) {
      for (const [i, p] of [...apis, ...workers].entries())
        process.stderr.write(`--- process ${i + 1} (last output) ---\n${p.output().slice(-1500)}\n`);
    }
    say(
      JSON.stringify({
        bench: 'alert-chaos',
        expected,
        deliveredOrReplayed: seenPairs,
        lost,
        duplicatesShown,
        maxReplayDelayMs,
        escalationsLost: steps.lost,
        size: sizeName,
        sockets: socketCount,
        alertsPerSec: rate,
        durationS: seconds,
        alerts: alertCount,
        alertsStored: alerts.n,
        alertsNeverCreated: neverCreated,
        alertsCreatedTwice: duplicateCreates,
        failedPosts,
        retriedAlerts,
        postStatuses: statuses,
        rawDuplicates: sightings.rawDuplicates,
        replayedPairs: delays.length,
        replayP99Ms: Math.round(percentile(delays, 99)),
        replaysOver10s: delays.length - replayedWithin10s,
        resentPairs: sightings.resent,
        escalationsDue: steps.due,
        escalationsFired: steps.fired,
        acknowledged: alerts.acknowledged,
        droppedSockets: drops,
        serverDisconnects,
        reconnects,
        unexpectedExits: unexpectedExits.length,
        drainS: Number(drainS.toFixed(1)),
        machineServers: machine,
        events: events.map((e) => `${e.at.toFixed(1)} ${e.what}`),
      }),
    );
    return ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(
      `bench:alert-chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    for (const [i, p] of [...apis, ...workers].entries())
      process.stderr.write(`--- process ${i + 1} (last output) ---\n${p.output().slice(-3000)}\n`);
    return 1;
  } finally {
    for (const m of members) m.close();
    await proxy?.close().catch(() => undefined);
    await Promise.all([...apis, ...workers].map((p) => p.kill().catch(() => undefined)));
    await redis?.close().catch(() => undefined);
    await pg?.close().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exit(code);
});
