import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const API_MAIN = resolve(__dirname, '../../dist/apps/api/src/main.js');
const WORKER_MAIN = resolve(__dirname, '../../dist/apps/worker/src/main.js');

export type ApiProcess = { baseUrl: string; child: ChildProcess; stop: () => Promise<number | null> };

/** Spawns a built entry point and resolves with the first match of `ready` in its output. */
async function startProcess(
  main: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<ApiProcess & { match: RegExpExecArray }> {
  if (!existsSync(main))
    throw new Error(`${main} is missing: run \`npm run build\` first (npm run test:redis does)`);
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const match = await new Promise<RegExpExecArray>((resolveMatch, reject) => {
    const timer = setTimeout(() => reject(new Error(`${main} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolveMatch(found);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${main} exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    match,
    baseUrl: '',
    child,
    stop: () =>
      new Promise((resolveExit) => {
        if (child.exitCode !== null) return resolveExit(child.exitCode);
        child.once('exit', (code) => resolveExit(code));
        child.kill('SIGTERM');
      }),
  };
}

/** Starts the built api (`node dist/apps/api/src/main.js`) as a real, separate process. */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const started = await startProcess(
    API_MAIN,
    {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      // With REDIS_URL the per-IP budgets live in the shared Redis and outlast a run: every run registers
      // from 127.0.0.1, so the tests that are not about these limits must not spend the real defaults.
      RATE_LIMIT_REGISTER_PER_IP: '100000',
      RATE_LIMIT_LOGIN_PER_IP: '100000',
      ...env,
    },
    /API:\s+(http:\/\/[^\s]+)\/api\/v1/,
  );
  return { baseUrl: started.match[1], child: started.child, stop: started.stop };
}

/** Starts the built worker (`node dist/apps/worker/src/main.js`) as a separate process. */
export async function startWorkerProcess(env: Record<string, string>): Promise<ApiProcess> {
  const started = await startProcess(
    WORKER_MAIN,
    { LOG_LEVEL: 'info', ...env },
    /Homegroup worker is running/,
  );
  return { baseUrl: '', child: started.child, stop: started.stop };
}
