/** Node error codes and client error names that mean "a connection to Redis or PostgreSQL went away". */
const LOST_CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);
const LOST_CONNECTION_NAMES = new Set([
  'SocketClosedUnexpectedlyError',
  'ClientClosedError',
  'ClientOfflineError',
  'ConnectionTimeoutError',
  'DisconnectsClientError',
]);

/**
 * True for a rejection that only says a connection was lost: a socket error (ECONNRESET…), a node-redis connection
 * error, or PostgreSQL's admin shutdown / crash / cannot-connect (SQLSTATE 57P01–57P03) and connection class 08.
 */
export function isLostConnection(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  const code = (reason as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (LOST_CONNECTION_CODES.has(code)) return true;
    if (/^57P0[123]$/.test(code) || /^08/.test(code)) return true;
  }
  return LOST_CONNECTION_NAMES.has(reason.name) || LOST_CONNECTION_NAMES.has(reason.constructor.name);
}

/**
 * Installed by the api and worker entry points. Libraries under the app (the Socket.IO Redis adapter, node-redis,
 * pg-boss) leave some promises of Redis and PostgreSQL commands unawaited; when the server restarts, every command in
 * flight rejects, nobody handles it, and Node ends the process — all api processes and workers at once (ADR 0039).
 * A rejection that only says a connection was lost is logged (name and code, never content) and the process keeps
 * running: the clients reconnect, jobs are retried, sockets come back. Any other unhandled rejection still ends the
 * process, as Node would (exit code 1), after it is logged.
 */
export function keepRunningOnLostConnections(log: {
  warn: (m: string) => void;
  error: (m: string) => void;
}): void {
  let lastWarning = 0;
  let suppressed = 0;
  process.on('unhandledRejection', (reason: unknown) => {
    if (isLostConnection(reason)) {
      const now = Date.now();
      // One line a second at most: a restart rejects every command in flight at once.
      if (now - lastWarning < 1000) {
        suppressed += 1;
        return;
      }
      const error = reason as Error & { code?: string };
      log.warn(
        `unhandled rejection from a lost connection (${error.name}${error.code ? ` ${error.code}` : ''}); kept running` +
          (suppressed ? ` (${suppressed} more since the last line)` : ''),
      );
      lastWarning = now;
      suppressed = 0;
      return;
    }
    log.error(
      `unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : typeof reason}`,
    );
    process.exit(1);
  });
}
