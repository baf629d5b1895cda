/**
 * Messages between the soak benchmark (the app, measured, in the parent process) and its members (sockets, alerts,
 * acknowledgements, resolves, REST reads and meeting searches, in a child process: client.ts), over the
 * child_process IPC channel. One request at a time, each answered once.
 */

/** How the child signs access tokens itself (the claims and options of TokensService.issue), as often as needed. */
export type TokenSettings = { secret: string; issuer: string; audience: string; ttlSeconds: number };

export type SoakSetup = {
  kind: 'setup';
  /** The app: http://127.0.0.1:<port> (sockets on /socket.io, REST on /api/v1). */
  origin: string;
  jwt: TokenSettings;
  /** One socket each. */
  recipients: string[];
  /** Owners in the order they raise alerts (alert k is raised by owners[k mod owners.length]). */
  owners: string[];
  /** owner → the recipients their policy pages at step 0 (for "lost": expected − received). */
  circles: Record<string, string[]>;
  /** Meeting-search paths after /api/v1 (near a point, with filters), walked in order. */
  searches: string[];
  /** Share of alerts one recipient acknowledges with POST /cravings/:id/acknowledge (0–1). */
  ackShare: number;
  /** A recipient acknowledges this long after the alert reached them (ms), ± half. */
  ackAfterMs: number;
  /** The owner resolves this long after their alert was created (ms), ± half, and never before the acknowledgement. */
  resolveAfterMs: number;
  batch: number;
};

export type DriveRequest = {
  kind: 'drive';
  /** For the progress lines: 'warm-up' or 'measured'. */
  label: string;
  seconds: number;
  alertsPerSecond: number;
  restPerSecond: number;
  searchesPerSecond: number;
  /** After the last scheduled request: wait up to this long for answers, acknowledgements, resolves, receipts. */
  drainMs: number;
  /** Print a progress line this often (ms; 0: never). */
  progressEveryMs: number;
};

export type ParentMessage = SoakSetup | DriveRequest | { kind: 'disconnect' } | { kind: 'exit' };

export type LatencySummary = { count: number; p50Ms: number; p99Ms: number; maxMs: number };

export type SetupResult = { kind: 'ready'; connected: number; failed: number; firstError?: string; seconds: number };

export type DriveResult = {
  kind: 'driven';
  label: string;
  seconds: number;
  /** Requests sent by kind (create, acknowledge, resolve, rest, search) and their answers by status. */
  sent: Record<string, number>;
  statuses: Record<string, Record<string, number>>;
  /** Answers with a status other than the expected one, and requests with no answer (connection errors). */
  unexpectedStatuses: number;
  httpErrors: number;
  /** Requests still unanswered, and acknowledgements or resolves not done, when the drain ended. */
  unfinished: number;
  /** First few problems, for the report (no tokens, no bodies beyond 200 characters). */
  problems: string[];
  /** HTTP response times by kind. */
  http: Record<string, LatencySummary>;
  /** Alerts created in this drive; recipient receipts expected (step 0, notified) and received (de-duplicated). */
  alertsCreated: number;
  expectedDeliveries: number;
  delivered: number;
  lost: number;
  /** Receipts of an alert a recipient had already received (replays after a reconnect, or duplicates). */
  duplicates: number;
  /** Request → recipient receipt. */
  delivery: LatencySummary;
  /** Socket events during the drive. */
  connectErrors: number;
  /** Disconnects the client did not ask for, other than the server closing a socket whose token expired. */
  unexpectedDisconnects: number;
  /** Sockets the server closed because their access token expired; they reconnect with a fresh one (as the web app). */
  tokenExpiryReconnects: number;
  /** Sockets connected when the drive ended. */
  connectedAtEnd: number;
  /** How late the schedule ran (open loop): p99 and max ms. */
  scheduleLagP99Ms: number;
  scheduleLagMaxMs: number;
  /** Load generator CPU, % of one core. */
  clientCpuPercent: number;
};

export type ChildMessage =
  | SetupResult
  | DriveResult
  | { kind: 'disconnected'; closed: number }
  | { kind: 'error'; message: string };
