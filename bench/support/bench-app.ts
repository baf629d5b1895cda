import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@homegroup/config';
import { createApiApp } from '../../apps/api/src/create-api-app';

/** A positive number from the environment (`BENCH_*` knobs), or `fallback`. */
export function envNumber(name: string, fallback: number, options: { allowZero?: boolean } = {}): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !options.allowZero))
    throw new Error(
      `${name} must be a ${options.allowZero ? 'non-negative' : 'positive'} number (got "${raw}")`,
    );
  return value;
}

export const say = (line = ''): void => void process.stdout.write(`${line}\n`);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Heap in use after full collections (run node with --expose-gc; without it, the heap as it is). */
export async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 4; i++) {
    gc?.();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
}

export type BenchApp = { app: NestFastifyApplication; config: AppConfig; origin: string };

/**
 * The real api in this process on 127.0.0.1 and a free port: silent logs, no job workers (RUN_WORKER=false),
 * a random JWT secret; `env` overrides (e.g. raised rate limits).
 */
export async function startBenchApp(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<BenchApp> {
  const config = AppConfig.fromEnvironment({
    ...process.env,
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
    JWT_SECRET: randomBytes(36).toString('base64url'),
    PORT: '0',
    ...env,
  }).withDatabaseUrl(databaseUrl);
  const app = await createApiApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address !== 'object') throw new Error('The Nest app is not listening on a TCP port');
  return { app, config, origin: `http://127.0.0.1:${address.port}` };
}

export type ApiAnswer = { status: number; json: unknown };

/** One JSON call to `<origin>/api/v1<path>`. */
export async function callApi(
  origin: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${origin}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}
