import { Pool } from 'pg';
import { statementName } from '@homegroup/database';
import { percentile } from './argon2';
import type { RecordedStatement } from './sql-recorder';

export type SqlLoadResult = {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  iterations: number;
  /** Rows the statements answered, measured iterations only. */
  rows: number;
};

/**
 * Runs "requests" of SQL from `concurrency` loops on a pool of the same size for `seconds`, after a warm-up;
 * reports per-request latency and requests per second. A request is `statements` in order, or what
 * `statements()` gives for each request (e.g. the next query point). `named`: as named prepared statements, the
 * way the app's hot paths send them (`queryPrepared`); otherwise unnamed, as TypeORM's `query()` does.
 */
export async function measureSql(
  databaseUrl: string,
  statements: RecordedStatement[] | (() => RecordedStatement[]),
  settings: {
    concurrency: number;
    seconds: number;
    warmupSeconds: number;
    named?: boolean;
    applicationName?: string;
  },
): Promise<SqlLoadResult> {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: settings.concurrency,
    ...(settings.applicationName ? { application_name: settings.applicationName } : {}),
  });
  pool.on('error', () => undefined);
  const request = typeof statements === 'function' ? statements : () => statements;
  let rows = 0;
  const run = async (seconds: number, samples?: number[]): Promise<number> => {
    const until = performance.now() + seconds * 1000;
    let count = 0;
    await Promise.all(
      Array.from({ length: settings.concurrency }, async () => {
        while (performance.now() < until) {
          const batch = request();
          const started = performance.now();
          for (const s of batch) {
            const result = await pool.query(
              settings.named
                ? { name: statementName(s.text), text: s.text, values: s.values }
                : { text: s.text, values: s.values },
            );
            rows += result.rowCount ?? 0;
          }
          samples?.push(performance.now() - started);
          count += 1;
        }
      }),
    );
    return count;
  };
  try {
    if (settings.warmupSeconds > 0) await run(settings.warmupSeconds);
    rows = 0;
    const samples: number[] = [];
    const started = performance.now();
    const iterations = await run(settings.seconds, samples);
    const elapsed = (performance.now() - started) / 1000;
    samples.sort((a, b) => a - b);
    return {
      perSecond: Math.round(iterations / elapsed),
      p50Ms: Number(percentile(samples, 50).toFixed(3)),
      p99Ms: Number(percentile(samples, 99).toFixed(3)),
      maxMs: Number((samples[samples.length - 1] ?? 0).toFixed(2)),
      iterations,
      rows,
    };
  } finally {
    await pool.end();
  }
}
