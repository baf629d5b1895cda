import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { FieldCipher, parseEncryptionKeys, parseHashKey } from '@homegroup/crypto';
import { buildDataSourceOptions } from '@homegroup/database';
import { createTestDatabase, dropTestDatabase } from '../../setup/test-database';

/**
 * The migration that turns the sensitive columns into ciphertext (ADR 0037) on a database that already holds
 * plain rows: up() encrypts them with FIELD_ENCRYPTION_KEYS and fills users.phone_hash; down() gives the plain
 * text back in the old column types.
 */
describe('migration EncryptSensitiveFields', () => {
  const KEYS = `m1:${randomBytes(32).toString('base64')}`;
  const HASH = randomBytes(32).toString('base64');
  const cipher = new FieldCipher({ encryption: parseEncryptionKeys(KEYS), hash: parseHashKey(HASH) });
  let url: string;
  let client: Client;
  let dataSource: DataSource;
  const saved = { keys: process.env.FIELD_ENCRYPTION_KEYS, hash: process.env.FIELD_HASH_KEY };

  beforeAll(async () => {
    process.env.FIELD_ENCRYPTION_KEYS = KEYS;
    process.env.FIELD_HASH_KEY = HASH;
    url = await createTestDatabase();
    client = new Client({ connectionString: url });
    await client.connect();
    dataSource = new DataSource(buildDataSourceOptions({ url, poolSize: 2, applicationName: 'migration-test' }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    if (saved.keys === undefined) delete process.env.FIELD_ENCRYPTION_KEYS;
    else process.env.FIELD_ENCRYPTION_KEYS = saved.keys;
    if (saved.hash === undefined) delete process.env.FIELD_HASH_KEY;
    else process.env.FIELD_HASH_KEY = saved.hash;
    await dataSource.destroy();
    await client.end();
    await dropTestDatabase(url);
  });

  const columnType = async (table: string, column: string): Promise<string> => {
    const { rows } = await client.query<{ t: string }>(
      `SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2`,
      [table, column],
    );
    return rows[0].t;
  };

  it('should encrypt existing plain rows going up and give them back going down', async () => {
    const lastName = async (): Promise<string> =>
      (await client.query<{ name: string }>(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)).rows[0].name;
    // Later migrations are undone first (each has its down), so this one is the last.
    const names = (await client.query<{ name: string }>(`SELECT name FROM migrations`)).rows.map((r) => r.name);
    expect(names).toContain('EncryptSensitiveFields1796677659209');
    const undoThroughIt = async (): Promise<void> => {
      while ((await lastName()) !== 'EncryptSensitiveFields1796677659209') await dataSource.undoLastMigration({ transaction: 'each' });
      await dataSource.undoLastMigration({ transaction: 'each' });
    };
    await undoThroughIt();
    expect(await columnType('users', 'phone')).toBe('character varying(16)');
    expect(await columnType('cravings', 'note')).toBe('character varying(1000)');

    // Plain rows, as an older release wrote them.
    const { rows: users } = await client.query<{ id: string }>(
      `INSERT INTO users (email, password_hash, display_name, phone) VALUES
         ('a@test.local', 'x', 'A', '+14155550123'), ('b@test.local', 'x', 'B', NULL) RETURNING id`,
    );
    const [a, b] = users.map((u) => u.id);
    const { rows: cravings } = await client.query<{ id: string }>(
      `INSERT INTO cravings (owner_id, intensity, policy, created_at, note, outcome_note)
       VALUES ($1, 5, '{}', now(), 'plain craving note', 'plain outcome note'), ($1, 3, '{}', now(), NULL, NULL) RETURNING id`,
      [a],
    );
    await client.query(
      `INSERT INTO craving_recipients (craving_id, user_id, role, priority, step, message) VALUES ($1, $2, 'contact', 0, 0, 'plain message')`,
      [cravings[0].id, b],
    );
    await client.query(
      `INSERT INTO practice_calls (caller_id, outcome, called_at, local_date, note) VALUES ($1, 'connected', now(), '2026-12-01', 'plain call note')`,
      [a],
    );

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await columnType('users', 'phone')).toBe('text');
    const read = async () =>
      (
        await client.query<Record<string, string | null>>(
          `SELECT (SELECT phone FROM users WHERE id = $1) AS phone, (SELECT phone_hash FROM users WHERE id = $1) AS hash,
                  (SELECT phone FROM users WHERE id = $2) AS "nullPhone",
                  (SELECT note FROM cravings WHERE id = $3) AS note, (SELECT outcome_note FROM cravings WHERE id = $3) AS "outcomeNote",
                  (SELECT note FROM cravings WHERE id = $4) AS "nullNote",
                  (SELECT message FROM craving_recipients LIMIT 1) AS message, (SELECT note FROM practice_calls LIMIT 1) AS "callNote"`,
          [a, b, cravings[0].id, cravings[1].id],
        )
      ).rows[0];
    const encrypted = await read();
    expect(encrypted.nullPhone).toBeNull();
    expect(encrypted.nullNote).toBeNull();
    expect(cipher.decrypt(encrypted.phone!, 'users.phone')).toBe('+14155550123');
    expect(encrypted.hash).toBe(cipher.hash('+14155550123', 'users.phone'));
    expect(cipher.decrypt(encrypted.note!, 'cravings.note')).toBe('plain craving note');
    expect(cipher.decrypt(encrypted.outcomeNote!, 'cravings.outcome_note')).toBe('plain outcome note');
    expect(cipher.decrypt(encrypted.message!, 'craving_recipients.message')).toBe('plain message');
    expect(cipher.decrypt(encrypted.callNote!, 'practice_calls.note')).toBe('plain call note');

    await undoThroughIt();
    expect(await read().catch((e: Error) => e.message)).toMatch(/phone_hash/);
    expect(await columnType('craving_recipients', 'message')).toBe('character varying(280)');
    const { rows: plain } = await client.query(
      `SELECT (SELECT phone FROM users WHERE id = $1) AS phone, (SELECT note FROM cravings WHERE id = $2) AS note,
              (SELECT outcome_note FROM cravings WHERE id = $2) AS "outcomeNote",
              (SELECT message FROM craving_recipients LIMIT 1) AS message, (SELECT note FROM practice_calls LIMIT 1) AS "callNote"`,
      [a, cravings[0].id],
    );
    expect(plain[0]).toEqual({
      phone: '+14155550123',
      note: 'plain craving note',
      outcomeNote: 'plain outcome note',
      message: 'plain message',
      callNote: 'plain call note',
    });
    await dataSource.runMigrations({ transaction: 'each' });
  });
});
