/**
 * Messages between the craving-fanout benchmark (the servers, in the parent process) and its load generator
 * (the socket.io clients and the HTTP sender, in a child process), over the child_process IPC channel.
 */

/** One recipient socket: its member id and what it sends in `auth` (an access token, or the id for the baseline). */
export type SocketSpec = { userId: string; auth: Record<string, string> };

/** One alert: who raises it and how (the app: a bearer token; the baseline: the owner id in the body). */
export type AlertSpec = { ownerId: string; token?: string };

/** How the load generator signs a socket's access token itself, at the moment it connects (TokensService.issue's claims). */
export type TokenSettings = { secret: string; issuer: string; audience: string; ttlSeconds: number };

export type ParentMessage =
  | {
      kind: 'connect';
      origin: string;
      sockets: SocketSpec[];
      batch: number;
      /**
       * With it, each socket's `auth` is `{ token }` signed for its member just before it connects, so a slow connect
       * of many sockets does not eat into the tokens' 15 minutes before the alerts are sent.
       */
      jwt?: TokenSettings;
    }
  | {
      kind: 'drive';
      origin: string;
      /** POST path, e.g. /api/v1/cravings. */
      path: string;
      alerts: AlertSpec[];
      /** The first `warmup` alerts are sent and received but left out of the figures. */
      warmup: number;
      ratePerSecond: number;
      /** Recipients per alert (what "expected" counts). */
      fanout: number;
      /** How long to wait for stragglers after the last alert was sent. */
      drainMs: number;
    }
  | { kind: 'disconnect' }
  | { kind: 'exit' };

export type ConnectResult = {
  kind: 'connected';
  connected: number;
  failed: number;
  firstError?: string;
  seconds: number;
};

export type DriveResult = {
  kind: 'driven';
  /** Measured alerts (after warm-up) actually sent. */
  sent: number;
  /** Recipient receipts of measured alerts (duplicates not counted). */
  delivered: number;
  duplicates: number;
  expected: number;
  /** Sorted latencies (ms) from just before the HTTP request to each recipient's receipt, measured alerts only. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** HTTP response time of the POST (ms), measured alerts. */
  httpP50Ms: number;
  httpP99Ms: number;
  /** Status codes of all POSTs, e.g. { "201": 3400 }. */
  statuses: Record<string, number>;
  httpErrors: number;
  firstHttpProblem?: string;
  /** How late the sender was against its fixed schedule (open loop): p99 and max in ms. */
  scheduleLagP99Ms: number;
  scheduleLagMaxMs: number;
  /** Achieved rate of the measured alerts. */
  alertsPerSecond: number;
  /** Step-0 recipients the app's answer listed per alert (app only; -1 when the body has none). */
  recipientsInAnswer: number[];
  /** Ids of measured alerts from the app's answers. */
  cravingIds: string[];
  /** Load generator CPU while driving (user + system), in % of one core. */
  clientCpuPercent: number;
  /** When each alert's POST was sent (epoch ms, performance.timeOrigin + now), in `alerts` order: the SMS path's start. */
  sentAtEpochMs: number[];
};

export type DisconnectResult = { kind: 'disconnected'; closed: number };

export type ChildMessage =
  ConnectResult | DriveResult | DisconnectResult | { kind: 'error'; message: string };
