import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export type DatabaseConnectionSettings = {
  url: string;
  poolSize?: number;
  applicationName?: string;
};

/** Where the compiled (dist) or source (ts) tree keeps its libs and migrations. */
const LIBS_DIR = join(__dirname, '..', '..');
const MIGRATIONS_DIR = join(__dirname, '..', '..', '..', 'migrations');

/**
 * The ONE set of TypeORM options: used by Nest (DatabaseModule), the TypeORM CLI (data-source.ts),
 * the embedded start-up, the test harness and the benchmarks. `synchronize` is never on.
 */
export function buildDataSourceOptions(settings: DatabaseConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension needed for uuid keys.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    entities: [join(LIBS_DIR, '*', 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(MIGRATIONS_DIR, '*.{ts,js}')],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // Query logging stays off: failed queries carry parameters (phone numbers, notes) that must never reach a log.
    logging: false,
    extra: {
      max: settings.poolSize ?? 10,
      application_name: settings.applicationName ?? 'homegroup',
      // Keep connections once opened (pg-pool closes a connection idle for 10 s by default). Under a steady load
      // the least-used ones idled out and were opened again for the next burst: a new backend, authentication
      // and every prepared statement parsed and planned again, stalling the alert path by tens of ms every few
      // seconds (bench/craving-fanout).
      idleTimeoutMillis: 0,
    },
  };
}
