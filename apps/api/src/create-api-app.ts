import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@homegroup/config';
import { configureHttpApp, createFastifyAdapter, PinoLoggerService, RedisConnection, ROOT_LOGGER } from '@homegroup/operations';
import { RealtimeIoAdapter } from '@homegroup/realtime';
import { registerTwilioFormParser } from '@homegroup/sms';
import { ApiModule, ApiModuleOptions } from './api.module';

/** Builds the api application (not yet listening): used by main.ts, the tests and the benchmarks. */
export async function createApiApp(config: AppConfig, options: ApiModuleOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config, options),
    createFastifyAdapter(config),
    { bufferLogs: true },
  );
  app.useLogger(new PinoLoggerService(app.get(ROOT_LOGGER)));
  // Twilio's webhooks are form-encoded (libs/sms); every other route keeps taking JSON only.
  registerTwilioFormParser(app);
  configureHttpApp(app, config);
  const redis = await app.get(RedisConnection).get();
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, redis, config.http.corsOrigins));
  return app;
}
