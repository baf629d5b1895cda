/**
 * The servers the alert-chaos benchmark restarts: a private redis-server and a private PostgreSQL (the embedded
 * binaries, a data directory of its own), so that restarting them disturbs nobody else on the machine. With
 * BENCH_USE_MACHINE_SERVERS=1 the machine's PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
 * postgres; database homegroup_alert_chaos) and Redis (redis://127.0.0.1:6379/7) are used and restarted instead,
 * with the commands a Debian host uses (pg_ctlcluster, redis-cli shutdown + redis-server --daemonize).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { runMigrations, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@homegroup/database';
import { sleep } from '../support/bench-app';

export type RestartableServer = {
  url: string;
  description: string;
  /** Stops the server, waits `downMs`, starts it again on the same port; resolves once it accepts connections. */
  restart: (downMs: number) => Promise<void>;
  close: () => Promise<void>;
};

const DATABASE = 'homegroup_alert_chaos';
const PG_DIR = '.data/alert-chaos-postgres';
const PG_PORT = 54341;

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port` (`timeoutMs` at most). */
export async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((done) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function waitForPostgres(url: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await sleep(200);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** A postmaster left behind by an earlier run that was killed: stopped (fast shutdown) before this run starts. */
async function stopLeftover(dir: string): Promise<void> {
  const pidFile = `${dir}/postmaster.pid`;
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(pid > 0)) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
}

/** The private PostgreSQL (migrated), or the machine's with BENCH_USE_MACHINE_SERVERS=1. */
export async function startPostgres(machine: boolean): Promise<RestartableServer> {
  if (machine) {
    const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const adminClient = new Client({ connectionString: admin });
    await adminClient.connect();
    const found = await adminClient.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await adminClient.query(`CREATE DATABASE ${DATABASE}`);
    await adminClient.end();
    const parsed = new URL(admin);
    parsed.pathname = `/${DATABASE}`;
    const url = parsed.toString();
    await runMigrations(url);
    const version = readdirSync('/etc/postgresql')[0];
    return {
      url,
      description: `the machine's PostgreSQL ${version} (database ${DATABASE}; restarted with pg_ctlcluster)`,
      restart: async (downMs) => {
        spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'stop', '-m', 'fast'], {
          stdio: 'ignore',
        });
        await sleep(downMs);
        spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
          stdio: 'ignore',
        });
        await waitForPostgres(url);
      },
      close: () => Promise.resolve(),
    };
  }
  const dir = resolve(PG_DIR);
  await stopLeftover(dir);
  const start = (port: number): Promise<EmbeddedPostgresHandle> =>
    startEmbeddedPostgres({ dir, port, database: DATABASE, fastUnsafe: true });
  let handle = await start(PG_PORT);
  const port = handle.port;
  await runMigrations(handle.url);
  return {
    url: handle.url,
    description: `private embedded PostgreSQL on 127.0.0.1:${port} (${PG_DIR})`,
    restart: async (downMs) => {
      await handle.stop(); // SIGINT: fast shutdown, every connection is cut
      await sleep(downMs);
      handle = await start(port);
      if (handle.port !== port) throw new Error(`PostgreSQL came back on ${handle.port}, not ${port}`);
      await waitForPostgres(handle.url);
    },
    close: () => handle.stop(),
  };
}

/** A private redis-server (no persistence) on a free port, or the machine's with BENCH_USE_MACHINE_SERVERS=1. */
export async function startRedis(machine: boolean): Promise<RestartableServer> {
  if (machine) {
    return {
      url: 'redis://127.0.0.1:6379/7',
      description:
        "the machine's Redis on 6379 (database 7; restarted with redis-cli shutdown + redis-server)",
      restart: async (downMs) => {
        spawnSync('redis-cli', ['-p', '6379', 'shutdown', 'nosave'], { stdio: 'ignore' });
        await sleep(downMs);
        spawnSync(
          'redis-server',
          ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'],
          { stdio: 'ignore' },
        );
        await waitForPort(6379);
      },
      close: () => Promise.resolve(),
    };
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(port);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((done) => running.once('exit', () => done()));
    spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
    await Promise.race([exited, sleep(5000)]);
    if (running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    description: `private redis-server on 127.0.0.1:${port} (no persistence)`,
    restart: async (downMs) => {
      await stop();
      await sleep(downMs);
      await launch();
    },
    close: stop,
  };
}
