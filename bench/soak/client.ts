/**
 * The soak benchmark's members, run as a child process of bench/soak/main.ts so the app's heap, CPU and event loop
 * in the parent are its own:
 *
 * - one socket.io-client socket per recipient (websocket transport, path /socket.io, like the web app), each acking
 *   `craving.alert` at once; a fresh access token on every (re)connect, and a new connect when the server closed
 *   the socket because its token expired (what apps/web/src/live.ts does);
 * - owners raising alerts (POST /cravings) on a fixed schedule (open loop), one owner after the other;
 * - for a share of the alerts, the first recipient who saw it acknowledges it (POST /cravings/:id/acknowledge) a
 *   moment later; every owner resolves their alert (POST /cravings/:id/resolve) some seconds after raising it,
 *   after that acknowledgement when there is one (so no acknowledgement meets a resolved alert: 409);
 * - authenticated REST reads (GET /me, /me/alert-circle, /cravings, /cravings/:id, /me/escalation-policy) and
 *   anonymous meeting searches (GET /meetings near a point with filters), each on its own fixed schedule.
 *
 * Every answer is checked against the one status expected; every receipt is counted once per (alert, recipient).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import { io, type Socket } from 'socket.io-client';
import { percentile } from '../support/argon2';
import type {
  ChildMessage,
  DriveRequest,
  DriveResult,
  LatencySummary,
  ParentMessage,
  SoakSetup,
} from './protocol';

type AlertPayload = { cravingId: string; from: { id: string } };

/** What one drive counts. */
type DriveStats = {
  sent: Record<string, number>;
  statuses: Record<string, Record<string, number>>;
  unexpectedStatuses: number;
  httpErrors: number;
  problems: string[];
  http: Record<string, number[]>;
  alerts: AlertState[];
  duplicates: number;
  delivery: number[];
  connectErrors: number;
  unexpectedDisconnects: number;
  tokenExpiryReconnects: number;
  lags: number[];
};

type AlertState = {
  id: string | undefined;
  ownerId: string;
  index: number;
  sentAt: number;
  stats: DriveStats;
  /** Recipients paged at step 0 (from the create's answer). */
  expected: string[] | undefined;
  received: Set<string>;
  ack: 'none' | 'planned' | 'scheduled' | 'cancelled' | 'done';
  ackDone: Promise<void> | undefined;
};

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

let setup: SoakSetup;
let jwt: JwtService;
let agent: http.Agent;
const sockets = new Map<string, Socket>();
/** When each socket's current token was signed (performance.now()). */
const socketTokenAt = new Map<string, number>();
const tokens = new Map<string, { token: string; at: number }>();
/** Alerts by id once known; by owner while the create is in flight (receipts may come before the answer). */
const alertsById = new Map<string, AlertState>();
const creatingByOwner = new Map<string, AlertState>();
let alertCounter = 0;
let restCounter = 0;
let searchCounter = 0;
let stats: DriveStats | undefined;
let inFlight = 0;
/** Acknowledgements and resolves scheduled and not finished. */
let pendingFollowUps = 0;
let closing = false;

const newStats = (): DriveStats => ({
  sent: {},
  statuses: {},
  unexpectedStatuses: 0,
  httpErrors: 0,
  problems: [],
  http: {},
  alerts: [],
  duplicates: 0,
  delivery: [],
  connectErrors: 0,
  unexpectedDisconnects: 0,
  tokenExpiryReconnects: 0,
  lags: [],
});

/** ± half of `ms`, so follow-ups do not march in step. */
const jitter = (ms: number): number => ms * (0.5 + Math.random());

function sign(userId: string): string {
  return jwt.sign(
    { sub: userId, typ: 'access' },
    {
      expiresIn: setup.jwt.ttlSeconds,
      issuer: setup.jwt.issuer,
      audience: setup.jwt.audience,
      algorithm: 'HS256',
    },
  );
}

/** A cached access token, signed again once half its lifetime is gone. */
function tokenFor(userId: string): string {
  const now = performance.now();
  const cached = tokens.get(userId);
  if (cached && now - cached.at < (setup.jwt.ttlSeconds * 1000) / 2) return cached.token;
  const token = sign(userId);
  tokens.set(userId, { token, at: now });
  return token;
}

function problem(text: string, s: DriveStats | undefined = stats): void {
  if (s && s.problems.length < 10) s.problems.push(text.slice(0, 300));
}

function onReceipt(recipientId: string, payload: AlertPayload): void {
  const at = performance.now();
  const alert = alertsById.get(payload.cravingId) ?? creatingByOwner.get(payload.from.id);
  if (!alert) return; // an alert of an earlier run, replayed on connect
  if (!alert.id) {
    alert.id = payload.cravingId;
    alertsById.set(payload.cravingId, alert);
  }
  if (alert.received.has(recipientId)) {
    alert.stats.duplicates += 1;
    return;
  }
  alert.received.add(recipientId);
  alert.stats.delivery.push(at - alert.sentAt);
  if (alert.ack === 'planned') {
    alert.ack = 'scheduled';
    pendingFollowUps += 1;
    alert.ackDone = new Promise<void>((done) => {
      setTimeout(() => {
        void call(
          'acknowledge',
          'POST',
          `/cravings/${alert.id}/acknowledge`,
          recipientId,
          200,
          { message: 'Calling you now' },
          alert.stats,
        ).finally(() => {
          alert.ack = 'done';
          pendingFollowUps -= 1;
          done();
        });
      }, jitter(setup.ackAfterMs));
    });
  }
}

function connectOne(userId: string): Promise<void> {
  const socket = io(setup.origin, {
    path: '/socket.io',
    transports: ['websocket'],
    // A fresh token on every (re)connect, as the web app does.
    auth: (cb) => {
      socketTokenAt.set(userId, performance.now());
      cb({ token: sign(userId) });
    },
    reconnection: true,
    reconnectionDelay: 1000,
    forceNew: true,
    timeout: 20_000,
  });
  socket.on('craving.alert', (payload: AlertPayload, ack?: (reply: { received: true }) => void) => {
    onReceipt(userId, payload);
    if (typeof ack === 'function') ack({ received: true });
  });
  socket.on('disconnect', (reason) => {
    if (closing || reason === 'io client disconnect') return;
    if (reason === 'io server disconnect') {
      // The server closes a socket when its access token expires (ADR 0005): reconnect with a fresh one.
      const age = performance.now() - (socketTokenAt.get(userId) ?? 0);
      if (age >= setup.jwt.ttlSeconds * 1000 - 5000) {
        if (stats) stats.tokenExpiryReconnects += 1;
      } else if (stats) {
        stats.unexpectedDisconnects += 1;
        problem(`socket closed by the server after ${Math.round(age / 1000)} s`);
      }
      socket.connect();
      return;
    }
    if (stats) {
      stats.unexpectedDisconnects += 1;
      problem(`socket disconnected: ${reason}`);
    }
  });
  sockets.set(userId, socket);
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      socket.off('connect', onConnect);
      reject(error);
    };
    const onConnect = (): void => {
      socket.off('connect_error', onError);
      // From now on a connect error is one of the run's (socket.io-client retries by itself).
      socket.on('connect_error', (error: Error) => {
        if (closing || !stats) return;
        stats.connectErrors += 1;
        problem(`connect_error: ${error.message}`);
      });
      resolve();
    };
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
}

type Answer = { status: number; body: string } | { error: string };

function request(method: string, path: string, token: string | undefined, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = {};
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve) => {
    const req = http.request(
      new URL(`/api/v1${path}`, setup.origin),
      { method, agent, headers, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => resolve({ error: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', (e) => resolve({ error: e.message }));
    req.end(payload);
  });
}

/** One request of `kind` as `userId` (anonymous when undefined), counted against the `expected` status. */
async function call(
  kind: string,
  method: string,
  path: string,
  userId: string | undefined,
  expected: number,
  body?: unknown,
  s: DriveStats = stats ?? newStats(),
): Promise<Answer> {
  s.sent[kind] = (s.sent[kind] ?? 0) + 1;
  inFlight += 1;
  const started = performance.now();
  const answer = await request(method, path, userId ? tokenFor(userId) : undefined, body);
  inFlight -= 1;
  (s.http[kind] ??= []).push(performance.now() - started);
  if ('error' in answer) {
    s.httpErrors += 1;
    if (s.problems.length < 10) s.problems.push(`${kind} ${method} ${path.split('?')[0]}: ${answer.error}`);
    return answer;
  }
  const byStatus = (s.statuses[kind] ??= {});
  byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
  if (answer.status !== expected) {
    s.unexpectedStatuses += 1;
    if (s.problems.length < 10)
      s.problems.push(`${kind} ${method} ${path.split('?')[0]}: ${answer.status} ${answer.body.slice(0, 200)}`);
  }
  return answer;
}

function raiseAlert(s: DriveStats): void {
  const index = alertCounter;
  alertCounter += 1;
  const ownerId = setup.owners[index % setup.owners.length];
  const alert: AlertState = {
    id: undefined,
    ownerId,
    index,
    sentAt: performance.now(),
    stats: s,
    expected: undefined,
    received: new Set(),
    ack: (index % 100) / 100 < setup.ackShare ? 'planned' : 'none',
    ackDone: undefined,
  };
  s.alerts.push(alert);
  creatingByOwner.set(ownerId, alert);
  pendingFollowUps += 1; // the resolve
  const body = {
    intensity: 1 + (index % 10),
    trigger: (['environmental', 'emotional', 'physical', 'other'] as const)[index % 4],
  };
  void call('create', 'POST', '/cravings', ownerId, 201, body, s).then((answer) => {
    if (creatingByOwner.get(ownerId) === alert) creatingByOwner.delete(ownerId);
    let created: { id?: string; recipients?: { user: { id: string }; step: number; status: string }[] } = {};
    if (!('error' in answer) && answer.status < 300) {
      try {
        created = JSON.parse(answer.body) as typeof created;
      } catch {
        problem('create: the answer is not JSON');
      }
    }
    if (!created.id) {
      alert.ack = 'cancelled';
      pendingFollowUps -= 1;
      return;
    }
    alert.id = created.id;
    alertsById.set(created.id, alert);
    // Everyone the owner's policy names at step 0 must be paged: one the answer leaves out counts as lost.
    const paged = (created.recipients ?? [])
      .filter((r) => r.step === 0 && r.status !== 'skipped' && r.status !== 'pending')
      .map((r) => r.user.id);
    const circle = setup.circles[ownerId] ?? paged;
    if (paged.length !== circle.length)
      problem(`create: ${paged.length} step-0 recipients paged, the policy names ${circle.length}`, s);
    alert.expected = circle;
    setTimeout(() => {
      void (async () => {
        // Nobody saw it yet: no acknowledgement will come (it would meet a resolved alert).
        if (alert.ack === 'planned') alert.ack = 'cancelled';
        await alert.ackDone;
        await call(
          'resolve',
          'POST',
          `/cravings/${alert.id}/resolve`,
          ownerId,
          200,
          { outcome: (['passed', 'struggling', 'used'] as const)[index % 3], shareOutcome: index % 2 === 0 },
          s,
        );
        pendingFollowUps -= 1;
      })();
    }, jitter(setup.resolveAfterMs));
  });
}

/** The authenticated reads a member's app makes, in turn. */
function restRead(): void {
  const n = restCounter;
  restCounter += 1;
  const recent = stats?.alerts[stats.alerts.length - 1 - (n % 20)];
  const owner = recent?.ownerId ?? setup.owners[n % setup.owners.length];
  const recipient = setup.recipients[n % setup.recipients.length];
  switch (n % 5) {
    case 0:
      void call('rest', 'GET', '/me', recipient, 200);
      return;
    case 1:
      void call('rest', 'GET', '/me/alert-circle', owner, 200);
      return;
    case 2:
      void call('rest', 'GET', '/cravings?limit=20', owner, 200);
      return;
    case 3:
      // An alert as one of the people it paged sees it.
      if (recent?.id && recent.expected?.length)
        void call('rest', 'GET', `/cravings/${recent.id}`, recent.expected[n % recent.expected.length], 200);
      else void call('rest', 'GET', '/me', recipient, 200);
      return;
    default:
      void call('rest', 'GET', '/me/escalation-policy', owner, 200);
  }
}

function search(): void {
  const path = setup.searches[searchCounter % setup.searches.length];
  searchCounter += 1;
  void call('search', 'GET', path, undefined, 200);
}

function summary(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number): number => Number(n.toFixed(2));
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
  };
}

const connectedCount = (): number => [...sockets.values()].filter((s) => s.connected).length;

function deliveriesOf(s: DriveStats): { created: number; expected: number; delivered: number } {
  let created = 0;
  let expected = 0;
  let delivered = 0;
  for (const alert of s.alerts) {
    if (!alert.expected) continue;
    created += 1;
    expected += alert.expected.length;
    for (const id of alert.expected) if (alert.received.has(id)) delivered += 1;
  }
  return { created, expected, delivered };
}

async function drive(message: DriveRequest): Promise<void> {
  const s = newStats();
  stats = s;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const end = started + message.seconds * 1000;
  const rates = { alert: message.alertsPerSecond, rest: message.restPerSecond, search: message.searchesPerSecond };
  const done = { alert: 0, rest: 0, search: 0 };
  let nextProgress = started + message.progressEveryMs;
  await new Promise<void>((finish) => {
    const tick = (): void => {
      const now = Math.min(performance.now(), end);
      const elapsed = now - started;
      for (const kind of ['alert', 'rest', 'search'] as const) {
        const interval = 1000 / rates[kind];
        while (rates[kind] > 0 && done[kind] * interval <= elapsed) {
          const lag = elapsed - done[kind] * interval;
          done[kind] += 1;
          if (kind === 'alert') {
            s.lags.push(lag);
            raiseAlert(s);
          } else if (kind === 'rest') restRead();
          else search();
        }
      }
      if (message.progressEveryMs > 0 && performance.now() >= nextProgress) {
        nextProgress += message.progressEveryMs;
        const d = deliveriesOf(s);
        process.stdout.write(
          `  [members ${message.label} ${Math.round(elapsed / 1000)} s] ${done.alert} alerts, ${done.rest} reads, ${done.search} searches; ` +
            `delivered ${d.delivered}/${d.expected}; unexpected statuses ${s.unexpectedStatuses}, HTTP errors ${s.httpErrors}, ` +
            `socket errors ${s.connectErrors + s.unexpectedDisconnects}; ${connectedCount()} sockets connected\n`,
        );
      }
      if (performance.now() < end) setTimeout(tick, 1);
      else finish();
    };
    setTimeout(tick, 1);
  });
  const seconds = (performance.now() - started) / 1000;
  // Drain: answers, acknowledgements, resolves and receipts of this drive's alerts.
  const drainUntil = performance.now() + message.drainMs;
  const settled = (): boolean => {
    const d = deliveriesOf(s);
    return inFlight === 0 && pendingFollowUps === 0 && d.delivered >= d.expected;
  };
  while (performance.now() < drainUntil && !settled()) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 250));
  const cpu = process.cpuUsage(cpuBefore);
  const wall = performance.now() - started;
  const d = deliveriesOf(s);
  s.lags.sort((a, b) => a - b);
  const result: DriveResult = {
    kind: 'driven',
    label: message.label,
    seconds: Number(seconds.toFixed(1)),
    sent: s.sent,
    statuses: s.statuses,
    unexpectedStatuses: s.unexpectedStatuses,
    httpErrors: s.httpErrors,
    unfinished: inFlight + pendingFollowUps,
    problems: s.problems,
    http: Object.fromEntries(Object.entries(s.http).map(([k, v]) => [k, summary(v)])),
    alertsCreated: d.created,
    expectedDeliveries: d.expected,
    delivered: d.delivered,
    lost: d.expected - d.delivered,
    duplicates: s.duplicates,
    delivery: summary(s.delivery),
    connectErrors: s.connectErrors,
    unexpectedDisconnects: s.unexpectedDisconnects,
    tokenExpiryReconnects: s.tokenExpiryReconnects,
    connectedAtEnd: connectedCount(),
    scheduleLagP99Ms: Number(percentile(s.lags, 99).toFixed(2)),
    scheduleLagMaxMs: Number((s.lags[s.lags.length - 1] ?? 0).toFixed(2)),
    clientCpuPercent: Number((((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1)),
  };
  // This drive's alerts are over: forget them (receipts of replays after this point are not counted).
  for (const alert of s.alerts) if (alert.id) alertsById.delete(alert.id);
  stats = undefined;
  send(result);
}

async function connectAll(message: SoakSetup): Promise<void> {
  setup = message;
  jwt = new JwtService({ secret: message.jwt.secret });
  agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const started = performance.now();
  let failed = 0;
  let firstError: string | undefined;
  for (let i = 0; i < message.recipients.length; i += message.batch) {
    const results = await Promise.allSettled(message.recipients.slice(i, i + message.batch).map(connectOne));
    for (const r of results) {
      if (r.status === 'rejected') {
        failed += 1;
        firstError ??= r.reason instanceof Error ? r.reason.message : String(r.reason);
      }
    }
  }
  send({
    kind: 'ready',
    connected: connectedCount(),
    failed,
    firstError,
    seconds: (performance.now() - started) / 1000,
  });
}

function closeAll(): number {
  closing = true;
  const closed = sockets.size;
  for (const socket of sockets.values()) socket.close();
  sockets.clear();
  agent?.destroy();
  return closed;
}

process.on('message', (message: ParentMessage) => {
  const run = async (): Promise<void> => {
    switch (message.kind) {
      case 'setup':
        return connectAll(message);
      case 'drive':
        return drive(message);
      case 'disconnect': {
        const closed = closeAll();
        await new Promise((r) => setTimeout(r, 500));
        send({ kind: 'disconnected', closed });
        return;
      }
      case 'exit':
        closeAll();
        process.exit(0);
    }
  };
  run().catch((error: unknown) =>
    send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// Never outlive the benchmark.
process.on('disconnect', () => process.exit(0));
