/**
 * The craving-fanout load generator, run as a child process of bench/craving-fanout/main.ts so the server's
 * heap and CPU are its own: N socket.io-client sockets (websocket transport, path /socket.io, like the apps),
 * each acking `craving.alert` at once and recording when it arrived; and an open-loop HTTP sender that POSTs
 * one alert every 1/rate s on a fixed schedule, never waiting for the previous one. Latency = receipt time
 * − the moment just before the request was written, both from this process's monotonic clock.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import { io, type Socket } from 'socket.io-client';
import { percentile } from '../support/argon2';
import type { AlertSpec, ChildMessage, DriveResult, ParentMessage, SocketSpec, TokenSettings } from './protocol';

type AlertPayload = { cravingId: string; from: { id: string } };

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

const slowMs = Number(process.env.BENCH_SLOW ?? 0);

let sockets: Socket[] = [];
/** Set while a drive runs: records one receipt. */
let onAlert: ((recipientId: string, payload: AlertPayload) => void) | undefined;

/** An access token for `userId` with TokensService.issue's claims and options, signed now. */
function signer(jwt: TokenSettings): (userId: string) => string {
  const service = new JwtService({ secret: jwt.secret });
  return (userId) =>
    service.sign(
      { sub: userId, typ: 'access' },
      { expiresIn: jwt.ttlSeconds, issuer: jwt.issuer, audience: jwt.audience, algorithm: 'HS256' },
    );
}

function connectOne(origin: string, spec: SocketSpec, sign?: (userId: string) => string): Promise<Socket> {
  const socket = io(origin, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: sign ? { token: sign(spec.userId) } : spec.auth,
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
  });
  socket.on('craving.alert', (payload: AlertPayload, ack?: (reply: { received: true }) => void) => {
    onAlert?.(spec.userId, payload);
    if (typeof ack === 'function') ack({ received: true });
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

async function connectAll(
  origin: string,
  specs: SocketSpec[],
  batch: number,
  jwt: TokenSettings | undefined,
): Promise<void> {
  const sign = jwt ? signer(jwt) : undefined;
  const started = performance.now();
  let failed = 0;
  let firstError: string | undefined;
  for (let i = 0; i < specs.length; i += batch) {
    const results = await Promise.allSettled(specs.slice(i, i + batch).map((s) => connectOne(origin, s, sign)));
    for (const r of results) {
      if (r.status === 'fulfilled') sockets.push(r.value);
      else {
        failed += 1;
        firstError ??= r.reason instanceof Error ? r.reason.message : String(r.reason);
      }
    }
  }
  send({
    kind: 'connected',
    connected: sockets.length,
    failed,
    firstError,
    seconds: (performance.now() - started) / 1000,
  });
}

function post(
  agent: http.Agent,
  url: URL,
  alert: AlertSpec,
): Promise<{ status: number; body: string } | { error: string }> {
  const payload = alert.token ? JSON.stringify({ intensity: 7 }) : JSON.stringify({ ownerId: alert.ownerId });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  };
  if (alert.token) headers.authorization = `Bearer ${alert.token}`;
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('error', (e) => resolve({ error: e.message }));
    req.end(payload);
  });
}

async function drive(message: Extract<ParentMessage, { kind: 'drive' }>): Promise<void> {
  const { alerts, warmup, ratePerSecond, fanout, drainMs } = message;
  const url = new URL(message.path, message.origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const indexOf = new Map(alerts.map((a, i) => [a.ownerId, i]));
  const sentAt = new Float64Array(alerts.length);
  const receivedBy = new Map<number, Set<string>>();
  const latencies: number[] = [];
  const httpTimes: number[] = [];
  const lags: number[] = [];
  const statuses: Record<string, number> = {};
  const recipientsInAnswer: number[] = [];
  const cravingIds: string[] = [];
  let delivered = 0;
  let duplicates = 0;
  let httpErrors = 0;
  let firstHttpProblem: string | undefined;
  let inFlight = 0;

  onAlert = (recipientId, payload) => {
    const at = performance.now();
    const i = indexOf.get(payload.from.id);
    if (i === undefined) return;
    let seen = receivedBy.get(i);
    if (!seen) receivedBy.set(i, (seen = new Set()));
    if (seen.has(recipientId)) {
      if (i >= warmup) duplicates += 1;
      return;
    }
    seen.add(recipientId);
    if (i < warmup) return;
    delivered += 1;
    latencies.push(at - sentAt[i]);
    // BENCH_SLOW=<ms>: each delivery slower than that, with its wall-clock time (to line up with the server's).
    if (slowMs > 0 && at - sentAt[i] > slowMs)
      process.stderr.write(`slow ${Date.now()} ${(at - sentAt[i]).toFixed(1)} ms\n`);
  };

  const fire = (i: number, lag: number): void => {
    inFlight += 1;
    const started = performance.now();
    sentAt[i] = started;
    if (i >= warmup) lags.push(lag);
    void post(agent, url, alerts[i]).then((res) => {
      inFlight -= 1;
      if ('error' in res) {
        httpErrors += 1;
        firstHttpProblem ??= res.error;
        return;
      }
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 300) firstHttpProblem ??= `${res.status} ${res.body.slice(0, 300)}`;
      if (i < warmup) return;
      httpTimes.push(performance.now() - started);
      if (alerts[i].token && res.status < 300) {
        try {
          const body = JSON.parse(res.body) as { id?: string; recipients?: { step: number }[] };
          if (body.id) cravingIds.push(body.id);
          recipientsInAnswer.push(body.recipients ? body.recipients.filter((r) => r.step === 0).length : -1);
        } catch {
          recipientsInAnswer.push(-1);
        }
      }
    });
  };

  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const start = performance.now() + 20;
  const interval = 1000 / ratePerSecond;
  let next = 0;
  let measuredStart = 0;
  let measuredEnd = 0;
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      while (next < alerts.length && start + next * interval <= now) {
        if (next === warmup) measuredStart = now;
        fire(next, now - (start + next * interval));
        next += 1;
      }
      if (next < alerts.length) setTimeout(tick, 1);
      else {
        measuredEnd = performance.now();
        done();
      }
    };
    setTimeout(tick, 20);
  });
  const measuredCount = alerts.length - warmup;
  const expected = measuredCount * fanout;
  const drainUntil = performance.now() + drainMs;
  while (performance.now() < drainUntil && (delivered < expected || inFlight > 0)) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // A little more for duplicates or late stragglers to show up.
  await new Promise((r) => setTimeout(r, 250));
  const cpu = process.cpuUsage(cpuBefore);
  const wall = performance.now() - wallBefore;
  onAlert = undefined;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  httpTimes.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const round = (n: number): number => Number(n.toFixed(2));
  // The rate actually achieved by the measured alerts (the interval between the first and the last, plus one).
  const measuredSeconds = (measuredEnd - measuredStart) / 1000 + interval / 1000;
  const result: DriveResult = {
    kind: 'driven',
    sent: measuredCount,
    delivered,
    duplicates,
    expected,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
    httpP50Ms: round(percentile(httpTimes, 50)),
    httpP99Ms: round(percentile(httpTimes, 99)),
    statuses,
    httpErrors,
    firstHttpProblem,
    scheduleLagP99Ms: round(percentile(lags, 99)),
    scheduleLagMaxMs: round(lags[lags.length - 1] ?? 0),
    alertsPerSecond: round(measuredCount / measuredSeconds),
    recipientsInAnswer,
    cravingIds,
    sentAtEpochMs: Array.from(sentAt, (t) => performance.timeOrigin + t),
    clientCpuPercent: round(((cpu.user + cpu.system) / 1000 / wall) * 100),
  };
  send(result);
}

async function disconnectAll(): Promise<void> {
  const closed = sockets.length;
  for (const s of sockets) s.close();
  sockets = [];
  // Let the close frames go out before the servers measure anything.
  await new Promise((r) => setTimeout(r, 500));
  send({ kind: 'disconnected', closed });
}

process.on('message', (message: ParentMessage) => {
  const run = async (): Promise<void> => {
    switch (message.kind) {
      case 'connect':
        return connectAll(message.origin, message.sockets, message.batch, message.jwt);
      case 'drive':
        return drive(message);
      case 'disconnect':
        return disconnectAll();
      case 'exit':
        for (const s of sockets) s.close();
        process.exit(0);
    }
  };
  run().catch((error: unknown) =>
    send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// Never outlive the benchmark.
process.on('disconnect', () => process.exit(0));
