import { Client } from 'pg';
import { templateDatabase } from './test-database';

type GlobalWithPg = typeof globalThis & { __homegroupTestPg?: { stop: () => Promise<void> } };

export default async function globalTeardown(): Promise<void> {
  const admin = process.env.HOMEGROUP_TEST_ADMIN_URL;
  if (admin && process.env.DATABASE_URL) {
    const client = new Client({ connectionString: admin });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${templateDatabase()}" WITH (FORCE)`).catch(() => undefined);
    await client.end();
  }
  await (globalThis as GlobalWithPg).__homegroupTestPg?.stop();
}
