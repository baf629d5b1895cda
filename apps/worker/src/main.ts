import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigValidationError } from '@homegroup/config';
import { keepRunningOnLostConnections, PinoLoggerService, ROOT_LOGGER } from '@homegroup/operations';
import { WorkerModule } from './worker.module';

/** The worker alone (production); `npm start` runs the workers inside the api process instead. */
async function main(): Promise<void> {
  // Redis or PostgreSQL restarting must not end the worker (ADR 0039).
  const lost = new Logger('Worker');
  keepRunningOnLostConnections({ warn: (m) => lost.warn(m), error: (m) => lost.error(m) });
  const config = AppConfig.fromEnvironment();
  if (!config.database.url) {
    throw new ConfigValidationError(
      'Invalid configuration:\n  DATABASE_URL is required to run the worker on its own',
    );
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = new PinoLoggerService(app.get(ROOT_LOGGER));
  app.useLogger(logger);
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: finishing running jobs and shutting down`, 'Worker');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
  await app.init();
  logger.log('Homegroup worker is running', 'Worker');
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigValidationError
      ? `${error.message}\n`
      : `Homegroup worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
