import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase } from '../../setup/test-database';

/**
 * Erasing a member (DELETE /me) cascades or sets NULL along every foreign key that points at `users`; a key
 * without an index makes each erasure scan that whole table (it did: the meetings tables' created_by/updated_by,
 * minutes for a benchmark's cleanup of 8,000 members). Every such key must lead some index.
 */
describe('the migrated schema', () => {
  let url: string;
  let client: Client;

  beforeAll(async () => {
    url = await createTestDatabase();
    client = new Client({ connectionString: url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await dropTestDatabase(url);
  });

  it('should index every foreign key column that references users', async () => {
    const { rows } = await client.query<{ fk: string }>(
      `SELECT c.conrelid::regclass || '.' || a.attname AS fk
         FROM pg_constraint c
         JOIN LATERAL unnest(c.conkey) AS k(attnum) ON true
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = k.attnum)
        ORDER BY 1`,
    );
    const referencing = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND confrelid = 'users'::regclass`,
    );
    expect(referencing.rows[0].n).toBeGreaterThan(20); // the query sees the schema's keys
    expect(rows.map((r) => r.fk)).toEqual([]);
  });
});
