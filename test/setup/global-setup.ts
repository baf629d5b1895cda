import { resolve } from 'node:path';
import { Client } from 'pg';
import { runMigrations, startEmbeddedPostgres } from '@homegroup/database';
import { databaseUrl, templateDatabase } from './test-database';

type GlobalWithPg = typeof globalThis & { __homegroupTestPg?: { stop: () => Promise<void> } };

/**
 * Starts the embedded PostgreSQL (unless DATABASE_URL points at a server), then migrates a template
 * database once. Every test file clones its own database from the template.
 */
export default async function globalSetup(): Promise<void> {
  let admin: string;
  if (process.env.DATABASE_URL) {
    admin = databaseUrl('postgres', process.env.DATABASE_URL);
  } else {
    const pg = await startEmbeddedPostgres({
      dir: resolve(__dirname, '../../.data/test-postgres'),
      port: 54330,
      database: 'postgres',
      fastUnsafe: true,
    });
    (globalThis as GlobalWithPg).__homegroupTestPg = pg;
    admin = pg.adminUrl;
  }
  process.env.HOMEGROUP_TEST_ADMIN_URL = admin;
  // One template per run, so two runs against the same server never share or drop each other's.
  process.env.HOMEGROUP_TEST_RUN_ID = `${process.pid.toString(36)}${Date.now().toString(36)}`;

  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    // Leftovers of an interrupted run are cleared only on the private embedded cluster: on a shared
    // DATABASE_URL server another run may be using its own databases right now.
    if (!process.env.DATABASE_URL) {
      const stale = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'homegroup_test_%'",
      );
      for (const { datname } of stale.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE "${templateDatabase()}"`);
  } finally {
    await client.end();
  }
  await runMigrations(databaseUrl(templateDatabase(), admin));
}
