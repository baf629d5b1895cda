import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** This run's template database (the global setup sets the run id). */
export function templateDatabase(): string {
  return `homegroup_test_${process.env.HOMEGROUP_TEST_RUN_ID ?? 'local'}_template`;
}

/** Where the e2e files leave what the OpenAPI response check validated (test/setup/contract-tally.ts). */
export function contractTallyDir(): string {
  return join(tmpdir(), `homegroup-contract-${process.env.HOMEGROUP_TEST_RUN_ID ?? 'local'}`);
}

/** The admin URL the global setup publishes (embedded PostgreSQL or DATABASE_URL's server). */
export function adminUrl(): string {
  const url = process.env.HOMEGROUP_TEST_ADMIN_URL;
  if (!url) throw new Error('HOMEGROUP_TEST_ADMIN_URL is not set: run the tests through `npm test` (Jest global setup)');
  return url;
}

export function databaseUrl(database: string, base = adminUrl()): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated, empty database for one test file, cloned from the template in milliseconds. */
export async function createTestDatabase(): Promise<string> {
  const name = `homegroup_test_${process.env.HOMEGROUP_TEST_RUN_ID ?? 'local'}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(3).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`));
  return databaseUrl(name);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
