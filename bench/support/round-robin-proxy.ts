/**
 * A round-robin TCP proxy in front of several api processes, on one port (the role nginx plays in production).
 * Balancing is per connection, which is enough for the app's sockets (websocket transport only: one TCP connection
 * for a socket's whole life, ADR 0005) and spreads keep-alive HTTP connections over the processes too.
 *
 * A process may hold at most 20,000 open files on this machine (`ulimit -Hn`) and each proxied connection takes
 * two, so the proxy runs as `workers` Node cluster workers sharing one listening port (the cluster primary, the
 * caller's process, accepts and hands each connection to the next worker; it keeps none of them). Each worker
 * sends the next connection it gets to the next backend.
 *
 * This file is both the primary's API (`startRoundRobinProxy`) and the worker's program (cluster runs it with
 * PROXY_BACKENDS set).
 */
import cluster, { type Worker } from 'node:cluster';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

type WorkerMessage =
  | { kind: 'listening'; port: number }
  | { kind: 'stats'; live: Record<string, number>; accepted: number; upstreamErrors: number };

export type RoundRobinProxy = {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The workers' process ids (for their CPU time). */
  pids: number[];
  /** Live proxied connections per backend origin, as the workers last reported them (every 500 ms). */
  connectionsByBackend: () => Record<string, number>;
  /** Connections accepted and upstream connection errors, all workers. */
  totals: () => { accepted: number; upstreamErrors: number };
  close: () => Promise<void>;
};

/** Starts `workers` proxy processes on one port in front of `backends` (origins such as http://127.0.0.1:41234). */
export async function startRoundRobinProxy(backends: string[], workers: number): Promise<RoundRobinProxy> {
  if (!cluster.isPrimary) throw new Error('startRoundRobinProxy runs in the cluster primary');
  cluster.schedulingPolicy = cluster.SCHED_RR;
  cluster.setupPrimary({ exec: __filename, args: [], silent: false });
  const stats = new Map<Worker, Extract<WorkerMessage, { kind: 'stats' }>>();
  const started: Worker[] = [];
  const ports = await Promise.all(
    Array.from({ length: workers }, (_, i) => {
      const worker = cluster.fork({ PROXY_BACKENDS: backends.join(','), PROXY_OFFSET: String(i) });
      started.push(worker);
      return new Promise<number>((done, fail) => {
        worker.once('exit', (code) => fail(new Error(`proxy worker exited (${code}) before listening`)));
        worker.on('message', (m: WorkerMessage) => {
          if (m.kind === 'listening') done(m.port);
          else stats.set(worker, m);
        });
      });
    }),
  );
  if (new Set(ports).size !== 1) throw new Error(`proxy workers listen on different ports: ${ports.join(', ')}`);
  return {
    origin: `http://127.0.0.1:${ports[0]}`,
    pids: started.map((w) => w.process.pid ?? 0),
    connectionsByBackend: () => {
      const out: Record<string, number> = Object.fromEntries(backends.map((b) => [b, 0]));
      for (const s of stats.values()) for (const [b, n] of Object.entries(s.live)) out[b] = (out[b] ?? 0) + n;
      return out;
    },
    totals: () => {
      let accepted = 0;
      let upstreamErrors = 0;
      for (const s of stats.values()) {
        accepted += s.accepted;
        upstreamErrors += s.upstreamErrors;
      }
      return { accepted, upstreamErrors };
    },
    close: async () => {
      await Promise.all(
        started.map(
          (w) =>
            new Promise<void>((done) => {
              if (w.isDead()) return done();
              w.once('exit', () => done());
              w.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

function runWorker(): void {
  const backends = (process.env.PROXY_BACKENDS ?? '').split(',').map((origin) => {
    const url = new URL(origin);
    return { origin, host: url.hostname, port: Number(url.port) };
  });
  let next = Number(process.env.PROXY_OFFSET ?? 0);
  const live = new Map<string, number>(backends.map((b) => [b.origin, 0]));
  let accepted = 0;
  let upstreamErrors = 0;
  const server = net.createServer({ noDelay: true }, (client) => {
    accepted += 1;
    const backend = backends[next % backends.length];
    next += 1;
    const upstream = net.connect({ host: backend.host, port: backend.port, noDelay: true });
    live.set(backend.origin, (live.get(backend.origin) ?? 0) + 1);
    client.on('error', () => undefined);
    upstream.on('error', () => {
      upstreamErrors += 1;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    let open = true;
    const closeBoth = (): void => {
      if (!open) return;
      open = false;
      live.set(backend.origin, (live.get(backend.origin) ?? 1) - 1);
      client.destroy();
      upstream.destroy();
    };
    client.once('close', closeBoth);
    upstream.once('close', closeBoth);
  });
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ kind: 'listening', port: (server.address() as AddressInfo).port } satisfies WorkerMessage);
  });
  setInterval(() => {
    process.send?.({
      kind: 'stats',
      live: Object.fromEntries(live),
      accepted,
      upstreamErrors,
    } satisfies WorkerMessage);
  }, 500).unref();
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

if (cluster.isWorker && process.env.PROXY_BACKENDS) runWorker();
