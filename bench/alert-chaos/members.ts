/**
 * The members of the alert-chaos benchmark, as the web app behaves (apps/web/src/live.ts): one socket.io-client
 * socket per recipient (websocket transport, a fresh access token in `auth` on every connect), every
 * `craving.alert` acked at once and shown once per alert id (the client de-duplicates: the server replays
 * open alerts on every connect). Reconnects after any disconnect, with a short random delay.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import { io, type Socket } from 'socket.io-client';
import { sleep } from '../support/bench-app';

export type TokenSettings = { secret: string; issuer: string; audience: string; ttlSeconds: number };

type AlertPayload = { cravingId: string; from: { id: string } };

/** An access token with TokensService.issue's claims and options. */
export function signer(jwt: TokenSettings): (userId: string) => string {
  const service = new JwtService({ secret: jwt.secret });
  return (userId) =>
    service.sign(
      { sub: userId, typ: 'access' },
      { expiresIn: jwt.ttlSeconds, issuer: jwt.issuer, audience: jwt.audience, algorithm: 'HS256' },
    );
}

/** What every member saw, shared by all of them (one map lookup per receipt). */
export class Sightings {
  /** `${cravingId}|${userId}` → when it was first shown (performance.now()). */
  readonly firstSeen = new Map<string, number>();
  /** `${ownerId}|${userId}` → distinct alert ids shown for that owner's tap. */
  readonly byTap = new Map<string, Set<string>>();
  /** Receipts of a pair already shown (the client drops them). */
  rawDuplicates = 0;
  /** Pairs first shown over 10 s after the POST on a socket connected before it (a resend, not a replay). */
  resent = 0;
  /** For pairs first seen after a reconnect of an alert raised before it: reconnect → replay, ms. */
  readonly replayDelays: number[] = [];
  /** cravingId → when its POST was first sent (performance.now()). */
  readonly raisedAt = new Map<string, number>();
  onFirstSight?: (cravingId: string, userId: string, ownerId: string) => void;

  record(userId: string, payload: AlertPayload, connectedAt: number): void {
    const key = `${payload.cravingId}|${userId}`;
    if (this.firstSeen.has(key)) {
      this.rawDuplicates += 1;
      return;
    }
    const now = performance.now();
    this.firstSeen.set(key, now);
    const tap = `${payload.from.id}|${userId}`;
    let ids = this.byTap.get(tap);
    if (!ids) this.byTap.set(tap, (ids = new Set()));
    ids.add(payload.cravingId);
    const raised = this.raisedAt.get(payload.cravingId);
    // Raised before this socket (re)connected: it was missed live and came by the replay on connect.
    if (raised !== undefined && raised < connectedAt) this.replayDelays.push(now - connectedAt);
    // On a socket connected all along, more than the ack window after the POST: sent again by the server.
    else if (raised !== undefined && now - raised > 10_000) this.resent += 1;
    this.onFirstSight?.(payload.cravingId, userId, payload.from.id);
  }
}

export class Member {
  private socket?: Socket;
  private closed = false;
  /** performance.now() of the last connect (0 before the first). */
  connectedAt = 0;
  connects = 0;
  connectErrors = 0;
  serverDisconnects = 0;

  constructor(
    readonly userId: string,
    private readonly origin: string,
    private readonly sign: (userId: string) => string,
    private readonly sightings: Sightings,
  ) {}

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Connects (retrying with a short random delay until it is in, or closed). */
  async connect(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      if (await this.once()) return;
      this.connectErrors += 1;
      await sleep(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  private once(): Promise<boolean> {
    const socket = io(this.origin, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: this.sign(this.userId) },
      reconnection: false,
      forceNew: true,
      timeout: 10_000,
    });
    this.socket = socket;
    socket.on('craving.alert', (payload: AlertPayload, ack?: (reply: { received: true }) => void) => {
      if (typeof ack === 'function') ack({ received: true });
      this.sightings.record(this.userId, payload, this.connectedAt);
    });
    return new Promise<boolean>((resolve) => {
      // Whatever happens to the handshake (a proxied connection cut before it), an answer within 12 s.
      let settled = false;
      const done = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!ok) socket.close();
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), 12_000);
      socket.once('connect', () => {
        this.connectedAt = performance.now();
        this.connects += 1;
        socket.once('disconnect', (reason) => {
          if (this.closed || reason === 'io client disconnect') return;
          // The server went away (killed, or its connection cut): back after a short random delay.
          this.serverDisconnects += 1;
          void sleep(100 + Math.random() * 400).then(() => this.connect());
        });
        done(true);
      });
      socket.once('connect_error', () => done(false));
    });
  }

  /** Drops the socket (as a phone losing its network) and comes back after `delayMs` with a fresh token. */
  async drop(delayMs: number): Promise<void> {
    this.socket?.disconnect();
    await sleep(delayMs);
    if (!this.closed) await this.connect();
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
  }
}

export type HttpAnswer = { status: number; body: string } | { status: 0; error: string };

/** One JSON request through `agent` (status 0 when there was no answer: connection refused, reset, timeout). */
export function request(
  agent: http.Agent,
  origin: string,
  method: string,
  path: string,
  token: string,
  body: unknown,
): Promise<HttpAnswer> {
  const payload = JSON.stringify(body);
  return new Promise((done) => {
    const req = http.request(
      new URL(path, origin),
      {
        method,
        agent,
        timeout: 15_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (e) => done({ status: 0, error: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => done({ status: 0, error: e.message }));
    req.end(payload);
  });
}
