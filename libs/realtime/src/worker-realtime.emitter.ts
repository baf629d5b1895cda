import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server } from 'socket.io';
import { RedisConnection } from '@homegroup/operations';
import { adapterRedisClient, REDIS_STREAMS_OPTIONS } from './realtime-io.adapter';
import type { RealtimeServer } from './realtime.types';
import { RealtimeService } from './realtime.service';

/**
 * For a worker running on its own (no HTTP, no sockets of its own): a Socket.IO server with no listener,
 * joined to the api processes through the same Redis stream, so `RealtimeService.emitToUser` from a job
 * reaches the member's sockets on whichever api process holds them. Attached before any job runs.
 */
@Injectable()
export class WorkerRealtimeEmitter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerRealtimeEmitter.name);
  private io?: RealtimeServer;

  constructor(
    private readonly redis: RedisConnection,
    private readonly realtime: RealtimeService,
  ) {}

  async onModuleInit(): Promise<void> {
    const client = await this.redis.get();
    if (!client) {
      this.logger.warn(
        'No REDIS_URL: realtime events sent by jobs reach no sockets. Set REDIS_URL, or run the jobs inside the api (RUN_WORKER=true).',
      );
      return;
    }
    this.io = new Server({ transports: ['websocket'] });
    this.io.adapter(
      createAdapter(
        adapterRedisClient(client, (message) => this.logger.warn(message)),
        REDIS_STREAMS_OPTIONS,
      ),
    );
    this.realtime.attach(this.io);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.io?.close();
  }
}
