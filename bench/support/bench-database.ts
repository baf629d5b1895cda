import { resolve } from 'node:path';
import { Client } from 'pg';
import { runMigrations, startEmbeddedPostgres } from '@homegroup/database';

export type BenchDatabase = {
  /** URL of the benchmark database (migrated). */
  url: string;
  /** Where it lives, for the report: `embedded PostgreSQL on 127.0.0.1:<port>` or `DATABASE_URL (…)`. */
  description: string;
  /** 'embedded' or 'DATABASE_URL'. */
  source: 'embedded' | 'DATABASE_URL';
  /** The embedded server's data directory (its postmaster.pid names the server process); undefined otherwise. */
  dataDir?: string;
  /** Migrations applied by this run. */
  applied: string[];
  /** Stops the embedded server when this process started it; a no-op otherwise. */
  stop: () => Promise<void>;
};

export const BENCH_DATABASE = 'homegroup_bench';
const EMBEDDED_DIR = '.data/bench-postgres';
/** Preferred port of the benchmark's own cluster; another free one is picked when it is taken. */
const EMBEDDED_PORT = 54339;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Creates `database` through the maintenance database `postgres` on the same server; false if that is not allowed. */
async function tryCreateDatabase(serverUrl: string, database: string): Promise<boolean> {
  const client = new Client({
    connectionString: withDatabase(serverUrl, 'postgres'),
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The database the benchmark runs against. Without DATABASE_URL: an embedded PostgreSQL of its own in
 * `.data/bench-postgres` (durability off: it is throwaway), database `homegroup_bench`. With DATABASE_URL:
 * a separate database `homegroup_bench` on that server when it may be created, else the given database.
 */
export async function openBenchDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres({
      dir: resolve(EMBEDDED_DIR),
      port: EMBEDDED_PORT,
      database: BENCH_DATABASE,
      fastUnsafe: true,
    });
    try {
      const applied = await runMigrations(embedded.url);
      return {
        url: embedded.url,
        description: `embedded PostgreSQL on 127.0.0.1:${embedded.port} (${EMBEDDED_DIR}, database ${BENCH_DATABASE}${embedded.owned ? '' : ', reused running server'})`,
        source: 'embedded',
        dataDir: resolve(EMBEDDED_DIR),
        applied,
        stop: embedded.stop,
      };
    } catch (error) {
      await embedded.stop();
      throw error;
    }
  }

  const separate = await tryCreateDatabase(databaseUrl, BENCH_DATABASE);
  const url = separate ? withDatabase(databaseUrl, BENCH_DATABASE) : databaseUrl;
  const applied = await runMigrations(url);
  const shown = new URL(url);
  return {
    url,
    description: `DATABASE_URL server ${shown.hostname}:${shown.port || '5432'}, database ${decodeURIComponent(shown.pathname.slice(1))}${separate ? '' : ' (could not create homegroup_bench: using the given database)'}`,
    source: 'DATABASE_URL',
    applied,
    stop: () => Promise.resolve(),
  };
}

/**
 * A second migrated database beside `db` on the same server (dropped first if an earlier run left it), so a benchmark
 * can hold two data sets at once and measure them in alternating rounds of one run. `drop` removes it.
 */
export async function openSiblingDatabase(
  db: BenchDatabase,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: withDatabase(db.url, 'postgres'), connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const quoted = `"${name.replace(/"/g, '""')}"`;
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  });
  const url = withDatabase(db.url, name);
  await runMigrations(url);
  return { url, drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`)).then(() => undefined) };
}
