import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { DestinationStream } from 'pino';
import { AppConfig } from '@homegroup/config';
import { Clock } from './clock';
import { HealthController } from './health.controller';
import { HttpExceptionFilter } from './http-exception.filter';
import { createRootLogger, ROOT_LOGGER } from './logging';
import { RateLimiterService } from './rate-limiter.service';
import { RedisConnection } from './redis-connection';
import { createValidationPipe } from './validation';

export type OperationsOptions = {
  /** Serve GET /health (the api does; the worker has no HTTP). */
  http: boolean;
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
};

/** Cross-cutting runtime: logs, health, errors, validation, Redis and rate limits. */
@Global()
@Module({})
export class OperationsModule {
  static forRoot(options: OperationsOptions): DynamicModule {
    return {
      module: OperationsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: options.http ? [HealthController] : [],
      providers: [
        {
          provide: ROOT_LOGGER,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => createRootLogger(config.logLevel, options.logStream),
        },
        Clock,
        RedisConnection,
        RateLimiterService,
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [Clock, ROOT_LOGGER, RedisConnection, RateLimiterService],
    };
  }
}
