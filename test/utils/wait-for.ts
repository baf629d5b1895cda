/** Polls `check` until it returns a truthy value or `timeoutMs` passes (for asynchronous jobs). */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Polls a synchronous condition (e.g. "this socket has received two events"). */
export function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  return waitFor(() => Promise.resolve(check()), timeoutMs);
}
