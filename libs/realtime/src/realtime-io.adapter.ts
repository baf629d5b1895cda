import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { RedisClient } from '@homegroup/operations';

/** One stream for every process (api replicas and a separate worker) so rooms and emits span them all. */
export const REDIS_STREAMS_OPTIONS = { streamName: 'homegroup:socket.io', maxLen: 10_000 };

/**
 * Socket.IO on the HTTP server, websocket transport only (no sticky sessions needed). With a Redis
 * client, the Redis Streams adapter joins the rooms of every api process.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly log = new Logger(RealtimeIoAdapter.name);

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
      server.adapter(createAdapter(this.redisClient, REDIS_STREAMS_OPTIONS));
      this.log.log('Socket.IO uses the Redis Streams adapter');
    }
    return server;
  }
}
