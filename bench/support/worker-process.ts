import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built worker entry point (this file runs from dist/bench/support). */
export const WORKER_MAIN = resolve(__dirname, '../../apps/worker/src/main.js');
/** The built api entry point. */
export const API_MAIN = resolve(__dirname, '../../apps/api/src/main.js');

export type WorkerProcess = {
  child: ChildProcess;
  /** When it was spawned (Date.now()). */
  startedAt: number;
  /** The last lines it wrote (stdout and stderr), for the report when something goes wrong. */
  output: () => string;
  /** SIGKILL: no shutdown hook runs; resolves once the process is gone. */
  kill: () => Promise<void>;
  /** SIGTERM (the worker finishes running jobs, up to 20 s); resolves with the exit code. */
  stop: () => Promise<number | null>;
};

/** A built api process, listening. */
export type ApiProcess = WorkerProcess & { origin: string };

/**
 * Spawns a built entry point as production runs it (package.json start:*, the Dockerfile's NODE_OPTIONS:
 * --max-semi-space-size=64), with NODE_ENV=test and LOG_LEVEL=warn unless `env` says otherwise.
 */
function spawnBuilt(
  main: string,
  env: Record<string, string>,
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void,
): WorkerProcess {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, ['--max-semi-space-size=64', main], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let expected = false;
  const exited = new Promise<number | null>((done) => {
    child.once('exit', (code, signal) => {
      if (!expected) onExit?.(code, signal);
      done(code);
    });
  });
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    startedAt: Date.now(),
    output: () => tail,
    kill: async () => {
      expected = true;
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      expected = true;
      if (!gone()) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Spawns the built worker (`node dist/apps/worker/src/main.js`) as a separate process, as
 * test/utils/api-process.ts does. With LOG_LEVEL=warn it prints nothing when it is ready, so readiness is
 * not awaited: the caller reads from the database when it started working. `onExit` hears of an exit the
 * caller did not ask for.
 */
export function spawnWorker(
  env: Record<string, string>,
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void,
): WorkerProcess {
  return spawnBuilt(WORKER_MAIN, env, onExit);
}

/**
 * Starts the built api (`node dist/apps/api/src/main.js`) on 127.0.0.1 and a free port, and resolves once it
 * printed its address (30 s at most). Pass DATABASE_URL (RUN_MIGRATIONS and SEED_DEMO stay off) and JWT_SECRET.
 */
export async function startApiProcess(
  env: Record<string, string>,
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void,
): Promise<ApiProcess> {
  const api = spawnBuilt(API_MAIN, { HOST: '127.0.0.1', PORT: '0', ...env }, onExit);
  const origin = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the api did not start within 30 s:\n${api.output()}`)), 30_000);
    const look = (): void => {
      const found = /API:\s+(http:\/\/[^\s]+)\/api\/v1/.exec(api.output());
      if (found) {
        clearTimeout(timer);
        api.child.stdout?.off('data', look);
        api.child.off('exit', exited);
        done(found[1]);
      }
    };
    const exited = (code: number | null): void => {
      clearTimeout(timer);
      fail(new Error(`the api exited (${code}) before it listened:\n${api.output()}`));
    };
    api.child.stdout?.on('data', look);
    api.child.once('exit', exited);
  });
  return { ...api, origin };
}

/** User + system CPU time a process (e.g. a child) has used so far, in ms (Linux /proc; 0 when unreadable). */
export function processCpuMs(pid: number | undefined, withReapedChildren = false): number {
  if (!pid) return 0;
  try {
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let ticks = Number(fields[11]) + Number(fields[12]);
    if (withReapedChildren) ticks += Number(fields[13]) + Number(fields[14]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/**
 * CPU time of a local PostgreSQL server so far, in ms: the postmaster named in `dataDir`/postmaster.pid, its live
 * children (backends, walwriter, checkpointer…) and the children it has reaped. Undefined when it cannot be read.
 */
export function postgresCpuMs(dataDir: string | undefined): number | undefined {
  if (!dataDir) return undefined;
  try {
    const postmaster = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    if (!postmaster) return undefined;
    let total = processCpuMs(postmaster, true);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === postmaster) total += processCpuMs(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
    return total;
  } catch {
    return undefined;
  }
}
