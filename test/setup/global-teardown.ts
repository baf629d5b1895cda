import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { templateDatabase } from './test-database';

type TestPg = { stop: () => Promise<void>; dir: string };
type GlobalWithPg = typeof globalThis & { __homegroupTestPg?: TestPg };

export default async function globalTeardown(): Promise<void> {
  const admin = process.env.HOMEGROUP_TEST_ADMIN_URL;
  if (admin && process.env.DATABASE_URL) {
    const client = new Client({ connectionString: admin });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${templateDatabase()}" WITH (FORCE)`).catch(() => undefined);
    await client.end();
  }
  const pg = (globalThis as GlobalWithPg).__homegroupTestPg;
  if (pg) {
    await pg.stop();
    rmSync(pg.dir, { recursive: true, force: true });
  }
}
