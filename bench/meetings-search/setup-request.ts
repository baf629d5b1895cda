/**
 * autocannon request hook (runs in its worker thread): each request takes the next path from the list
 * the benchmark wrote to BENCH_MEETINGS_PATHS, so 10,000 query points are spread over the run.
 */
import { readFileSync } from 'node:fs';

let paths: string[] | undefined;
let next = Math.floor(Math.random() * 1000);

function setupRequest<T extends { path?: string }>(request: T): T {
  paths ??= JSON.parse(readFileSync(process.env.BENCH_MEETINGS_PATHS ?? '', 'utf8')) as string[];
  request.path = paths[next % paths.length];
  next += 1;
  return request;
}

export = setupRequest;
