import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigValidationError } from '@homegroup/config';
import { EmbeddedPostgresHandle, runMigrations, startEmbeddedPostgres } from '@homegroup/database';
import { keepRunningOnLostConnections } from '@homegroup/operations';
import { createApiApp } from './create-api-app';
import { seedDemoData } from './demo-data';

const logger = new Logger('Homegroup');

async function main(): Promise<void> {
  // Redis or PostgreSQL restarting must not end the process (ADR 0039).
  keepRunningOnLostConnections({ warn: (m) => logger.warn(m), error: (m) => logger.error(m) });
  let config = AppConfig.fromEnvironment();
  let embedded: EmbeddedPostgresHandle | undefined;
  let migrate = config.database.runMigrations;
  let seed = config.database.seedDemo;

  if (!config.database.url) {
    logger.log(`No DATABASE_URL: starting the embedded PostgreSQL (data in ${config.database.embeddedDir})`);
    embedded = await startEmbeddedPostgres({
      dir: config.database.embeddedDir,
      port: config.database.embeddedPort,
      database: 'homegroup',
      log: (message) => logger.debug(message),
    });
    config = config.withDatabaseUrl(embedded.url);
    migrate = true;
    seed = true;
  }

  if (migrate) {
    const applied = await runMigrations(config.databaseUrl);
    logger.log(
      applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date',
    );
  }

  const app = await createApiApp(config);
  if (seed) {
    const demo = await seedDemoData(app, config.nodeEnv);
    if (!demo) {
      logger.warn('NODE_ENV=production: no demo data (members, alert circle, meetings) is seeded');
      seed = false;
    } else {
      if (demo.circle) logger.log('Demo alert circle: Alex sponsors Sam; Jo and Priya accept Sam’s alerts');
      if (demo.meetings > 0) logger.log(`Demo meetings: ${demo.meetings} added`);
    }
  }

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await app.close();
    } finally {
      await embedded?.stop();
      process.exit(0);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));

  await app.listen({ port: config.http.port, host: config.http.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const shownHost = ['0.0.0.0', '::'].includes(config.http.host) ? 'localhost' : config.http.host;
  const base = config.http.publicUrl ?? `http://${shownHost}:${port}`;
  const lines = [
    `Homegroup is running${config.runWorker ? ' (api + worker in one process)' : ' (api only)'}`,
    `  App:     ${base}/  (open this in a browser)`,
    `  API:     ${base}/api/v1`,
    `  Docs:    ${base}/docs  (OpenAPI JSON: ${base}/openapi.json)`,
    `  Health:  ${base}/health`,
    `  Sockets: ${base} (path /socket.io, auth.token = access token)`,
    embedded ? `  Database: embedded PostgreSQL on 127.0.0.1:${embedded.port}` : '  Database: DATABASE_URL',
    seed ? '  Demo members: sam@demo.homegroup.local … password "recovery-demo-1" (see README)' : '',
    seed
      ? `  Meetings: ${base}/api/v1/meetings?lat=40.71&lng=-74.0&radiusKm=25  (feed: ${base}/api/v1/feeds/meeting-guide.json)`
      : '',
    config.sms.provider === 'log' && config.nodeEnv !== 'production'
      ? `  Texts:   ${base}/dev/messages  (SMS_PROVIDER=log: texts and calls are listed here, nothing is sent)`
      : '',
  ].filter(Boolean);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Homegroup failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
