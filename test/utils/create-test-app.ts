import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { AppConfig } from '@homegroup/config';
import { createTestDatabase, dropTestDatabase } from '../setup/test-database';
import { ApiClient } from './api-client';

export type TestApp = {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  databaseUrl: string;
  api: ApiClient;
  /** Everything the app logged, when `captureLogs` was asked for. */
  logs: () => string;
  close: () => Promise<void>;
};

export type TestAppOptions = {
  env?: Record<string, string>;
  captureLogs?: boolean;
  /** Reuse a database (e.g. a second app on the same data); a fresh clone otherwise. */
  databaseUrl?: string;
  /**
   * Set PUBLIC_URL to the app's own base URL (Twilio's webhooks are signed against it, test/utils/fake-twilio.ts):
   * a free port is picked first and the app listens on it.
   */
  publicUrlIsBaseUrl?: boolean;
};

/** A port nothing listens on right now (the OS picks it; closed again before the app takes it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The real api in process (twenty's create-app): a cloned database, HTTP on a random port. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const listenPort = options.publicUrlIsBaseUrl ? await freePort() : 0;
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: options.captureLogs ? 'trace' : 'silent',
    RUN_WORKER: 'false',
    // Most files register many members from 127.0.0.1; the rate-limit tests set their own limits.
    RATE_LIMIT_REGISTER_PER_IP: '10000',
    RATE_LIMIT_LOGIN_PER_IP: '10000',
    // The fake push service (test/utils/fake-push-service.ts) listens on 127.0.0.1; the guard has its own tests.
    PUSH_ALLOW_PRIVATE_ADDRESSES: 'true',
    ...(listenPort ? { PUBLIC_URL: `http://127.0.0.1:${listenPort}` } : {}),
    ...options.env,
  }).withDatabaseUrl(databaseUrl);

  const chunks: string[] = [];
  const logStream = options.captureLogs
    ? new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk.toString('utf8'));
          callback();
        },
      })
    : undefined;

  const app = await createApiApp(config, { logStream });
  await app.listen({ port: listenPort, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    baseUrl,
    databaseUrl,
    api: new ApiClient(baseUrl),
    logs: () => chunks.join(''),
    close: async () => {
      await app.close();
      if (!options.databaseUrl) await dropTestDatabase(databaseUrl);
    },
  };
}
