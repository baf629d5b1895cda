import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { RedisClient } from '@homegroup/operations';
import { SocketMessageBindings } from './socket-message-bindings';

/**
 * The Redis client as the Socket.IO adapter gets it. The Redis Streams adapter sends its ephemeral messages (an emit
 * with acks, fetchSockets) with PUBLISH and never handles the promise: a PUBLISH in flight when Redis goes away
 * rejects (ECONNRESET, "Socket closed unexpectedly") with nobody listening, and Node ends the process — every api
 * process and worker at once when Redis restarts under load (ADR 0039). Here each PUBLISH's rejection is marked
 * handled and logged once per outage; the emit it carried times out like one to a process that is gone.
 */
export function adapterRedisClient(client: RedisClient, log: (message: string) => void): RedisClient {
  let failing = false;
  const guard =
    (send: (...args: unknown[]) => Promise<unknown>) =>
    (...args: unknown[]): Promise<unknown> => {
      const sent = send(...args);
      sent.then(
        () => {
          failing = false;
        },
        (error: unknown) => {
          if (!failing)
            log(
              `Redis PUBLISH failed (${error instanceof Error ? error.message : 'error'}); the emit is dropped`,
            );
          failing = true;
        },
      );
      return sent;
    };
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      return property === 'publish' || property === 'sPublish'
        ? guard(bound as (...args: unknown[]) => Promise<unknown>)
        : bound;
    },
  });
}

/** One stream for every process (api replicas and a separate worker) so rooms and emits span them all. */
export const REDIS_STREAMS_OPTIONS = { streamName: 'homegroup:socket.io', maxLen: 10_000 };

/**
 * Socket.IO on the HTTP server, websocket transport only (no sticky sessions needed). With a Redis
 * client, the Redis Streams adapter joins the rooms of every api process.
 *
 * Message handlers and disconnect hooks are wired without IoAdapter's per-socket rxjs chains (see
 * SocketMessageBindings): same answers, acks and errors, a fraction of the memory per connected socket.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly log = new Logger(RealtimeIoAdapter.name);
  private readonly bindings = new SocketMessageBindings(
    this.logger,
    (payload) => this.mapPayload(payload) as { data: unknown; ack?: (...args: unknown[]) => void },
  );

  constructor(
    app: INestApplicationContext,
    private readonly redisClient: RedisClient | undefined,
    private readonly corsOrigins: string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      transports: ['websocket'],
      cors: { origin: this.corsOrigins.includes('*') ? true : this.corsOrigins },
      maxHttpBufferSize: 64 * 1024,
      pingInterval: 25_000,
      pingTimeout: 20_000,
    } as ServerOptions);
    if (this.redisClient) {
      server.adapter(
        createAdapter(
          adapterRedisClient(this.redisClient, (message) => this.log.warn(message)),
          REDIS_STREAMS_OPTIONS,
        ),
      );
      this.log.log('Socket.IO uses the Redis Streams adapter');
    }
    return server;
  }

  /**
   * Nest's `transform` (WebSocketsController: await the handler's result, flatten an observable) is done by
   * SocketMessageBindings itself, so that no per-socket closure is kept; guards, pipes, interceptors and
   * exception filters run inside `callback`, as with IoAdapter.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    _transform: (data: unknown) => Observable<unknown>,
  ): void {
    this.bindings.bindMessageHandlers(socket, handlers);
  }

  override bindClientDisconnect(client: Socket, callback: (reason: string) => unknown): void {
    this.bindings.bindClientDisconnect(client, callback);
  }
}
