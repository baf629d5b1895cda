import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@homegroup/config';
import { API_PREFIX, buildOpenApiDocument, createFastifyAdapter, PREFIX_EXCLUDE } from '@homegroup/operations';
import { ApiModule } from './api.module';

/** The committed contract: openapi/openapi.json (an e2e test fails when it differs from what the app serves). */
export const OPENAPI_FILE = 'openapi/openapi.json';

/** The document as text, exactly as committed: two-space JSON and a final newline. */
export const serializeOpenApi = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;

/**
 * `npm run openapi:write`: builds the document the way the api does, on a preview app (no database, no
 * providers run), and writes it to openapi/openapi.json.
 */
async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(64),
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
  }).withDatabaseUrl('postgres://unused@127.0.0.1:1/unused');
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), createFastifyAdapter(config), {
    preview: true,
    logger: false,
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: PREFIX_EXCLUDE });
  const target = resolve(process.cwd(), OPENAPI_FILE);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, serializeOpenApi(buildOpenApiDocument(app)));
  await app.close();
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`openapi:write failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
