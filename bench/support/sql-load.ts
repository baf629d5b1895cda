import { Pool } from 'pg';
import { percentile } from './argon2';
import type { RecordedStatement } from './sql-recorder';

export type SqlLoadResult = {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  iterations: number;
};

/**
 * Replays `statements` (one "request" = all of them in order) from `concurrency` loops on a pool of the same
 * size for `seconds`, after a warm-up; reports per-iteration latency and iterations per second.
 */
export async function measureSql(
  databaseUrl: string,
  statements: RecordedStatement[],
  settings: { concurrency: number; seconds: number; warmupSeconds: number },
): Promise<SqlLoadResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: settings.concurrency });
  pool.on('error', () => undefined);
  const run = async (seconds: number, samples?: number[]): Promise<number> => {
    const until = performance.now() + seconds * 1000;
    let count = 0;
    await Promise.all(
      Array.from({ length: settings.concurrency }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          for (const s of statements) await pool.query(s.text, s.values);
          samples?.push(performance.now() - started);
          count += 1;
        }
      }),
    );
    return count;
  };
  try {
    if (settings.warmupSeconds > 0) await run(settings.warmupSeconds);
    const samples: number[] = [];
    const started = performance.now();
    const iterations = await run(settings.seconds, samples);
    const elapsed = (performance.now() - started) / 1000;
    samples.sort((a, b) => a - b);
    return {
      perSecond: Math.round(iterations / elapsed),
      p50Ms: Number(percentile(samples, 50).toFixed(2)),
      p99Ms: Number(percentile(samples, 99).toFixed(2)),
      maxMs: Number((samples[samples.length - 1] ?? 0).toFixed(2)),
      iterations,
    };
  } finally {
    await pool.end();
  }
}
