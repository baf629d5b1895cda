import autocannon from 'autocannon';

export type LoadSettings = {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** A module (absolute path) whose export rewrites each request, e.g. to walk a list of query points. */
  setupRequestPath?: string;
};

export type LoadResult = {
  /** Mean requests per second over the measured run (2xx and non-2xx alike). */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Status codes seen other than 2xx, e.g. { "401": 12 }. */
  otherStatuses: Record<string, number>;
  /** Non-2xx responses, errors and timeouts during the (discarded) warm-up. */
  warmupProblems: number;
};

function fire(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  setupRequestPath?: string,
): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'GET',
    headers,
    connections,
    duration: seconds,
    // In workers mode autocannon takes request hooks as module paths (functions cannot cross threads).
    ...(setupRequestPath ? { requests: [{ setupRequest: setupRequestPath }] } : {}),
    // The load generator runs on its own thread, off the event loop of the servers it measures.
    workers: 1,
  });
}

function otherStatuses(result: autocannon.Result): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    if (!code.startsWith('2') && stat.count) out[code] = stat.count;
  }
  return out;
}

/** A warm-up (discarded) and then the measured run, both with the same connections. */
export async function measure(
  url: string,
  headers: Record<string, string>,
  settings: LoadSettings,
): Promise<LoadResult> {
  let warmupProblems = 0;
  if (settings.warmupSeconds > 0) {
    const warm = await fire(url, headers, settings.connections, settings.warmupSeconds, settings.setupRequestPath);
    warmupProblems = warm.non2xx + warm.errors + warm.timeouts;
  }
  const result = await fire(url, headers, settings.connections, settings.durationSeconds, settings.setupRequestPath);
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    otherStatuses: otherStatuses(result),
    warmupProblems,
  };
}
