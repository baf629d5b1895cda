import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { runMigrations, startEmbeddedPostgres } from '@homegroup/database';
import { databaseUrl, templateDatabase } from './test-database';

type TestPg = { stop: () => Promise<void>; dir: string };
type GlobalWithPg = typeof globalThis & { __homegroupTestPg?: TestPg };

const CLUSTERS_DIR = resolve(__dirname, '../../.data/test-postgres');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Clusters of earlier runs that are no longer running (an interrupted run leaves one behind). */
function removeAbandonedClusters(): void {
  if (!existsSync(CLUSTERS_DIR)) return;
  for (const name of readdirSync(CLUSTERS_DIR)) {
    const dir = resolve(CLUSTERS_DIR, name);
    const pidFile = resolve(dir, 'postmaster.pid');
    const running = existsSync(pidFile) && alive(Number(readFileSync(pidFile, 'utf8').split('\n')[0]));
    const owner = Number(name.split('-')[0]);
    if (!running && !(owner > 0 && alive(owner))) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts an embedded PostgreSQL of this run's own (unless DATABASE_URL points at a server), then migrates
 * a template database once. Every test file clones its own database from the template. Each run has its
 * own cluster and template, so two runs at once (two terminals, CI and a developer) never collide.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  process.env.HOMEGROUP_TEST_RUN_ID = runId.replace('-', '_');
  let admin: string;
  if (process.env.DATABASE_URL) {
    admin = databaseUrl('postgres', process.env.DATABASE_URL);
  } else {
    removeAbandonedClusters();
    const dir = resolve(CLUSTERS_DIR, runId);
    const pg = await startEmbeddedPostgres({ dir, port: 0, database: 'postgres', fastUnsafe: true });
    (globalThis as GlobalWithPg).__homegroupTestPg = { stop: pg.stop, dir };
    admin = pg.adminUrl;
  }
  process.env.HOMEGROUP_TEST_ADMIN_URL = admin;

  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${templateDatabase()}"`);
  } finally {
    await client.end();
  }
  await runMigrations(databaseUrl(templateDatabase(), admin));
}
