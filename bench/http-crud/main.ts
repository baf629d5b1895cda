/**
 * HTTP CRUD benchmark: authenticated `GET /api/v1/me` through the whole Nest stack, against a bare Fastify
 * baseline doing the same single PostgreSQL query per request; plus argon2id hashing cost.
 *
 *   npm run bench:http-crud                 (embedded PostgreSQL in .data/bench-postgres unless DATABASE_URL)
 *   BENCH_DURATION=30 npm run bench:http-crud
 *
 * Method: both servers run in this process; autocannon fires from a worker thread. Each round runs the
 * baseline and then Nest, each with a discarded warm-up (BENCH_WARMUP s, default 2) before the measured run
 * (BENCH_DURATION s, default 10), BENCH_CONNECTIONS connections (default 10). There are BENCH_ROUNDS rounds
 * (default 2, so the order alternates in time: baseline, nest, baseline, nest) and each side reports its best
 * round (highest requests/s, with that round's latencies). The last line of output is one JSON object.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@homegroup/config';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { measureArgon2, type Argon2Result } from '../support/argon2';
import { startBaselineServer, type BaselineServer } from '../support/baseline-server';
import { openBenchDatabase, type BenchDatabase } from '../support/bench-database';
import { measure, type LoadResult, type LoadSettings } from '../support/load';

type Memory = { heapUsedMb: number; rssMb: number };

function positiveNumber(name: string, fallback: number, integer = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'} (got "${raw}")`);
  }
  return value;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function memoryAfterGc(): Memory {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  const usage = process.memoryUsage();
  return { heapUsedMb: round(usage.heapUsed / 2 ** 20, 1), rssMb: round(usage.rss / 2 ** 20, 1) };
}

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function requestJson(
  method: string,
  url: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

function accessTokenOf(body: unknown, what: string): string {
  const token = (body as { accessToken?: unknown } | undefined)?.accessToken;
  if (typeof token !== 'string') throw new Error(`${what} returned no accessToken: ${JSON.stringify(body)}`);
  return token;
}

function best(results: LoadResult[]): LoadResult {
  return results.reduce((a, b) => (b.rps > a.rps ? b : a));
}

/** autocannon records whole milliseconds: 0 means under 1 ms. */
const ms = (value: number): string => (value === 0 ? '<1 ms' : `${value} ms`);

function describe(label: string, r: LoadResult): string {
  const problems = r.non2xx + r.errors + r.timeouts;
  return (
    `  ${label.padEnd(9)} ${Math.round(r.rps).toString().padStart(7)} req/s   p50 ${ms(r.p50Ms)}   p99 ${ms(r.p99Ms)}   ` +
    `max ${ms(r.maxMs)}   ${r.requests} requests${problems ? `   (${problems} failed)` : ''}`
  );
}

function problemsOf(label: string, results: LoadResult[]): string[] {
  const out: string[] = [];
  results.forEach((r, i) => {
    if (r.non2xx > 0)
      out.push(`${label} round ${i + 1}: ${r.non2xx} non-2xx responses ${JSON.stringify(r.otherStatuses)}`);
    if (r.errors > 0)
      out.push(`${label} round ${i + 1}: ${r.errors} connection errors (${r.timeouts} timeouts)`);
    if (r.warmupProblems > 0)
      out.push(`${label} round ${i + 1}: ${r.warmupProblems} failed requests during warm-up`);
  });
  return out;
}

async function main(): Promise<number> {
  const settings: LoadSettings = {
    durationSeconds: positiveNumber('BENCH_DURATION', 10),
    warmupSeconds: positiveNumber('BENCH_WARMUP', 2),
    connections: positiveNumber('BENCH_CONNECTIONS', 10, true),
  };
  const rounds = positiveNumber('BENCH_ROUNDS', 2, true);
  const cleanupProblems: string[] = [];

  let db: BenchDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let baseline: BaselineServer | undefined;

  const cleanUp = async (): Promise<void> => {
    const steps: Array<[string, () => Promise<void>]> = [];
    const [openApp, openBaseline, openDb] = [app, baseline, db];
    if (openApp) steps.push(['closing the Nest app', () => openApp.close()]);
    if (openBaseline) steps.push(['closing the baseline server and its pool', openBaseline.close]);
    if (openDb) steps.push(['stopping the embedded PostgreSQL', openDb.stop]);
    app = undefined;
    baseline = undefined;
    db = undefined;
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (error) {
        cleanupProblems.push(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  try {
    db = await openBenchDatabase(process.env.DATABASE_URL);

    const config = AppConfig.fromEnvironment({
      ...process.env,
      LOG_LEVEL: 'silent',
      RUN_WORKER: 'false',
      JWT_SECRET: randomBytes(36).toString('base64url'), // 48 characters
      PORT: '0',
      RATE_LIMIT_REGISTER_PER_IP: '1000000',
      RATE_LIMIT_LOGIN_PER_IP: '1000000',
    }).withDatabaseUrl(db.url);

    app = await createApiApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    if (!address || typeof address !== 'object')
      throw new Error('The Nest app is not listening on a TCP port');
    const api = `http://127.0.0.1:${address.port}/api/v1`;
    const poolSize = config.database.poolSize;
    baseline = await startBaselineServer(db.url, poolSize);

    // One member, registered over HTTP.
    const email = `bench-${Date.now()}-${randomBytes(4).toString('hex')}@example.org`;
    const password = randomBytes(18).toString('base64url');
    const registered = await requestJson('POST', `${api}/auth/register`, {
      body: { email, password, displayName: 'Bench M.' },
    });
    if (registered.status !== 201 && registered.status !== 200) {
      throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
    }
    let token = accessTokenOf(registered.body, 'register');

    // Both routes must answer 200 with the same body before anything is measured.
    const nestMe = await requestJson('GET', `${api}/me`, { token });
    const baseMe = await requestJson('GET', `${baseline.origin}/me`, { token });
    if (nestMe.status !== 200 || baseMe.status !== 200) {
      throw new Error(`GET /me answered ${nestMe.status} (Nest) and ${baseMe.status} (baseline)`);
    }
    const sameBody = isDeepStrictEqual(nestMe.body, baseMe.body);
    const memoryBeforeLoad = memoryAfterGc();

    const nestRuns: LoadResult[] = [];
    const baseRuns: LoadResult[] = [];
    for (let r = 0; r < rounds; r++) {
      baseRuns.push(await measure(`${baseline.origin}/me`, { authorization: `Bearer ${token}` }, settings));
      // A fresh access token each round (they live 15 minutes).
      if (r > 0)
        token = accessTokenOf(
          (await requestJson('POST', `${api}/auth/login`, { body: { email, password } })).body,
          'login',
        );
      nestRuns.push(await measure(`${api}/me`, { authorization: `Bearer ${token}` }, settings));
    }
    const memoryAfterLoad = memoryAfterGc();

    const argon: Argon2Result = await measureArgon2(config.auth.argon2, {
      sequential: 30,
      concurrency: 8,
      concurrentHashes: 32,
    });

    // Leave the benchmark database as it was: erase the member (and its sessions) again.
    const erased = await requestJson('DELETE', `${api}/me`, { token });
    if (erased.status !== 204) cleanupProblems.push(`erasing the bench member answered ${erased.status}`);

    const redis = Boolean(config.redis.url);
    const { description: dbDescription, source: dbSource } = db;
    await cleanUp();

    const nest = best(nestRuns);
    const base = best(baseRuns);
    const ratio = round(nest.rps / base.rps);
    const warnings = [
      ...problemsOf('Nest', nestRuns),
      ...problemsOf('baseline', baseRuns),
      ...(sameBody ? [] : ['the Nest and baseline /me bodies differ']),
      ...cleanupProblems,
    ];
    const { memoryCost, timeCost, parallelism } = config.auth.argon2;

    say();
    say('Homegroup http-crud benchmark: authenticated GET /api/v1/me');
    say(`  database   ${dbDescription}`);
    say(
      `  load       autocannon, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ` +
        `${settings.durationSeconds} s measured, ${rounds} round(s) of baseline then Nest; best round of each`,
    );
    say(
      `  runtime    Node ${process.version}, ${process.platform}/${process.arch}, pg pool ${poolSize}, redis ${redis ? 'yes' : 'no'}`,
    );
    say();
    nestRuns.forEach((r, i) => {
      say(describe(`base #${i + 1}`, baseRuns[i]));
      say(describe(`nest #${i + 1}`, r));
    });
    say();
    say(describe('baseline', base) + '   (bare Fastify + pg, same query, no auth)');
    say(describe('Nest', nest) + '   (helmet, CORS, JWT guard + user lookup, DTO)');
    say(`  ratio     ${ratio.toFixed(2)} of the baseline's requests/s`);
    say(
      `  memory    Nest process after gc(): heap used ${memoryAfterLoad.heapUsedMb} MiB, RSS ${memoryAfterLoad.rssMb} MiB ` +
        `(before load: ${memoryBeforeLoad.heapUsedMb} MiB / ${memoryBeforeLoad.rssMb} MiB; includes the idle baseline)`,
    );
    say(
      `  argon2id  m=${memoryCost} KiB t=${timeCost} p=${parallelism}: p50 ${round(argon.p50Ms, 1)} ms, ` +
        `p99 ${round(argon.p99Ms, 1)} ms over ${argon.samples} sequential hashes; ` +
        `${round(argon.hashesPerSecond, 1)} hashes/s with ${argon.concurrency} concurrent ` +
        `(libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4})`,
    );
    say(
      `  non-2xx   Nest ${nestRuns.reduce((n, r) => n + r.non2xx, 0)}, baseline ${baseRuns.reduce((n, r) => n + r.non2xx, 0)} (all rounds)`,
    );
    for (const warning of warnings) say(`  WARNING   ${warning}`);
    say();
    say(
      JSON.stringify({
        bench: 'http-crud',
        rps: Math.round(nest.rps),
        p99Ms: nest.p99Ms,
        baselineRps: Math.round(base.rps),
        baselineP99Ms: base.p99Ms,
        ratio,
        argon2P50Ms: round(argon.p50Ms, 1),
        argon2P99Ms: round(argon.p99Ms, 1),
        argon2HashesPerSec: round(argon.hashesPerSecond, 1),
        argon2Concurrency: argon.concurrency,
        p50Ms: nest.p50Ms,
        baselineP50Ms: base.p50Ms,
        non2xx: nestRuns.reduce((n, r) => n + r.non2xx, 0),
        baselineNon2xx: baseRuns.reduce((n, r) => n + r.non2xx, 0),
        errors: nestRuns.reduce((n, r) => n + r.errors, 0) + baseRuns.reduce((n, r) => n + r.errors, 0),
        heapUsedMb: memoryAfterLoad.heapUsedMb,
        rssMb: memoryAfterLoad.rssMb,
        connections: settings.connections,
        durationS: settings.durationSeconds,
        rounds,
        database: dbSource,
        redis,
        node: process.version,
        warnings: warnings.length,
      }),
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `bench:http-crud failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await cleanUp();
    for (const problem of cleanupProblems) process.stderr.write(`  ${problem}\n`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
  // Everything is closed by now; should a stray handle keep the process alive, do not hang.
  setTimeout(() => {
    process.stderr.write('bench:http-crud: a handle was still open after clean-up; exiting anyway\n');
    process.exit(code);
  }, 5000).unref();
});
