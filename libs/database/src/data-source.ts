import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/** The TypeORM CLI's data source (`npm run migration:*`). It needs DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL is not set: the migration commands need a PostgreSQL server to compare against');
}

export default new DataSource(buildDataSourceOptions({ url, applicationName: 'homegroup-cli' }));
