import { performance } from 'node:perf_hooks';
import * as argon2 from 'argon2';

export type Argon2Parameters = { memoryCost: number; timeCost: number; parallelism: number };

export type Argon2Result = {
  p50Ms: number;
  p99Ms: number;
  samples: number;
  hashesPerSecond: number;
  concurrency: number;
  concurrentHashes: number;
};

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function hashOnce(params: Argon2Parameters, i: number): Promise<string> {
  return argon2.hash(`bench-password-${i}-${Math.random()}`, { type: argon2.argon2id, ...params });
}

/**
 * Sequential hashes for the latency of one (p50/p99: with ~30 samples p99 is the slowest one), then
 * `concurrency` hashes in flight at a time for throughput (bounded by the libuv thread pool and the CPUs).
 */
export async function measureArgon2(
  params: Argon2Parameters,
  options: { sequential: number; concurrency: number; concurrentHashes: number },
): Promise<Argon2Result> {
  for (let i = 0; i < 3; i++) await hashOnce(params, -i); // warm-up

  const times: number[] = [];
  for (let i = 0; i < options.sequential; i++) {
    const started = performance.now();
    await hashOnce(params, i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);

  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < options.concurrentHashes) await hashOnce(params, next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;

  return {
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    samples: times.length,
    hashesPerSecond: options.concurrentHashes / seconds,
    concurrency: options.concurrency,
    concurrentHashes: options.concurrentHashes,
  };
}
