import { Injectable, Logger } from '@nestjs/common';
import { ServerEventName, ServerEventPayload, userRoom } from '@homegroup/contracts';
import type { RealtimeServer, RealtimeSocket } from './realtime.types';

/** One socket that just connected (and joined its member's room), as features see it. */
export type ConnectedClient = {
  userId: string;
  emit<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void;
  /** Emits to this socket only and resolves with the client's ack, or null after `timeoutMs`. */
  emitWithAck<E extends ServerEventName>(
    event: E,
    payload: ServerEventPayload<E>,
    timeoutMs: number,
  ): Promise<unknown>;
};

export type ConnectListener = (client: ConnectedClient) => Promise<void>;

/** What came back from an acked emit to a member's room. */
export type AckOutcome = { acks: unknown[]; complete: boolean };

type AckEmitter = {
  emit(event: string, payload: unknown, ack: (error: Error | null, responses: unknown) => void): boolean;
};

/** Pauses before a failed connect listener is tried again (about 30 s in all). */
export const CONNECT_LISTENER_RETRY_MS = [500, 1000, 2000, 4000, 8000, 15_000];

/** The one way to emit: typed by the event map in libs/contracts, addressed to a member's room. */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger(RealtimeService.name);
  private server?: RealtimeServer;
  private readonly connectListeners: ConnectListener[] = [];

  attach(server: RealtimeServer): void {
    this.server = server;
  }

  get attached(): boolean {
    return this.server !== undefined;
  }

  emitToUser<E extends ServerEventName>(userId: string, event: E, payload: ServerEventPayload<E>): void {
    if (!this.server) return;
    // The event map types each payload; Socket.IO's own typing cannot follow a generic event name.
    (this.server.to(userRoom(userId)).emit as (event: string, payload: unknown) => boolean)(event, payload);
  }

  /**
   * Emits to every socket of the member (on any api process) and resolves with the acks that arrived within
   * `timeoutMs`. `complete` is true when every socket answered in time, which includes the member having no
   * socket at all (then `acks` is empty and the answer comes as soon as every process has counted its
   * sockets, not after the timeout): so "nobody confirmed" is known without asking for the sockets first.
   */
  emitToUserWithAck<E extends ServerEventName>(
    userId: string,
    event: E,
    payload: ServerEventPayload<E>,
    timeoutMs: number,
  ): Promise<AckOutcome> {
    const server = this.server;
    if (!server) return Promise.resolve({ acks: [], complete: true });
    return new Promise((resolve) => {
      const operator = server.to(userRoom(userId)).timeout(timeoutMs) as unknown as AckEmitter;
      operator.emit(event, payload, (error, responses) =>
        resolve({ acks: Array.isArray(responses) ? responses : [], complete: !error }),
      );
    });
  }

  /**
   * Features that owe a newly connected socket something (e.g. replaying open alerts) register here; the
   * gateway calls them once the socket has joined its member's room. A failing listener is logged, never fatal.
   */
  onConnect(listener: ConnectListener): void {
    this.connectListeners.push(listener);
  }

  async connected(socket: RealtimeSocket): Promise<void> {
    const client: ConnectedClient = {
      userId: socket.data.userId,
      emit: (event, payload) => {
        (socket.emit as (event: string, payload: unknown) => boolean)(event, payload);
      },
      emitWithAck: (event, payload, timeoutMs) =>
        new Promise((resolve) => {
          (socket.timeout(timeoutMs) as unknown as AckEmitter).emit(event, payload, (error, reply) =>
            resolve(error ? null : reply),
          );
        }),
    };
    for (const listener of this.connectListeners) {
      // A listener that fails (the database restarting) is tried again while the socket stays: otherwise a socket
      // that connected at that moment would wait for its next reconnect for what it missed (ADR 0039).
      for (let attempt = 0; ; attempt += 1) {
        try {
          await listener(client);
          break;
        } catch (error) {
          const retry = CONNECT_LISTENER_RETRY_MS[attempt];
          if (retry === undefined || !socket.connected) {
            this.logger.warn(
              `connect listener failed: ${error instanceof Error ? error.name : 'unknown error'}`,
            );
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, retry));
          if (!socket.connected) break;
        }
      }
    }
  }

  /** The member's sockets on every api process. */
  async countUserSockets(userId: string): Promise<number> {
    if (!this.server) return 0;
    return (await this.server.in(userRoom(userId)).fetchSockets()).length;
  }

  /** Closes every socket of a member, on every process (e.g. after the account was erased). */
  disconnectUser(userId: string): void {
    this.server?.in(userRoom(userId)).disconnectSockets(true);
  }
}
