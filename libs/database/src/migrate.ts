import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/** Applies every pending migration to the database at `url`; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(buildDataSourceOptions({ url, poolSize: 2, applicationName: 'homegroup-migrate' }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
