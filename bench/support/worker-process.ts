import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built worker entry point (this file runs from dist/bench/support). */
export const WORKER_MAIN = resolve(__dirname, '../../apps/worker/src/main.js');

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
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run \`npm run build\` first`);
  // The worker as production runs it (package.json start:worker, the Dockerfile's NODE_OPTIONS).
  const child = spawn(process.execPath, ['--max-semi-space-size=64', WORKER_MAIN], {
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
