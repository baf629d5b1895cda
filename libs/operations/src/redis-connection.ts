import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createClient } from 'redis';
import { AppConfig } from '@homegroup/config';

export type RedisClient = ReturnType<typeof createClient>;

/** The process's one Redis connection when REDIS_URL is set (rate limits, health, Socket.IO adapter). */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  private client?: RedisClient;
  private connecting?: Promise<RedisClient>;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.redis.url);
  }

  /** The connected client; undefined when Redis is not configured. */
  async get(): Promise<RedisClient | undefined> {
    if (!this.config.redis.url) return undefined;
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const client = createClient({ url: this.config.redis.url });
      client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
      await client.connect();
      this.client = client;
      return client;
    })();
    return this.connecting;
  }

  /** A second connection (blocking reads and subscriptions need their own). */
  async duplicate(): Promise<RedisClient | undefined> {
    const client = await this.get();
    if (!client) return undefined;
    const copy = client.duplicate();
    copy.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    await copy.connect();
    return copy;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client?.isOpen) await this.client.quit().catch(() => undefined);
  }
}
