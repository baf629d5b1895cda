import { MigrationInterface, QueryRunner } from 'typeorm';
import { fieldKeysFromEnvironment } from '@homegroup/config';
import { FIELD, fieldContext, FieldCipher } from '@homegroup/crypto';

/**
 * The columns this migration encrypts and their types before it (down() restores them once the values are plain
 * again). Written out here, not read from ENCRYPTED_COLUMNS: a column added to that list later is its own migration.
 */
const COLUMNS: { table: string; column: string; plainType: string }[] = [
  { table: 'users', column: 'phone', plainType: 'character varying(16)' },
  { table: 'cravings', column: 'note', plainType: 'character varying(1000)' },
  { table: 'cravings', column: 'outcome_note', plainType: 'character varying(1000)' },
  { table: 'craving_recipients', column: 'message', plainType: 'character varying(280)' },
  { table: 'practice_calls', column: 'note', plainType: 'character varying(500)' },
];

/** A stored value in the `v1:<keyId>:<iv>:<data>` format (anything else is still plain text). */
const ENCRYPTED = `'^v1:[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]+={0,2}:[A-Za-z0-9+/]+={0,2}$'`;
const BATCH = 500;

/**
 * Field encryption at rest (ADR 0037): phone numbers, craving notes, resolve notes, acknowledgement messages
 * and practice-call notes become `text` holding `v1:<keyId>:<iv>:<ciphertext+tag>`; existing rows are
 * encrypted in batches of 500 (keyset by id) with the keys of FIELD_ENCRYPTION_KEYS / FIELD_HASH_KEY (or the
 * development ring in `.data/field-keys.json`), and `users.phone_hash` (HMAC-SHA256) is filled for lookups.
 * The keys are read only when there is a row to change, so a fresh database needs none. down() decrypts back.
 */
export class EncryptSensitiveFields1796677659209 implements MigrationInterface {
  name = 'EncryptSensitiveFields1796677659209';

  private cipherCache?: FieldCipher;

  private cipher(): FieldCipher {
    this.cipherCache ??= new FieldCipher(fieldKeysFromEnvironment(process.env));
    return this.cipherCache;
  }

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "phone_hash" character varying(64)`);
    for (const { table, column } of COLUMNS) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE text`);
      await this.convert(queryRunner, table, column, 'encrypt');
    }
    await queryRunner.query(`
            CREATE INDEX "ix_users_phone_hash" ON "users" ("phone_hash")
            WHERE "phone_hash" IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_users_phone_hash"`);
    for (const { table, column, plainType } of [...COLUMNS].reverse()) {
      await this.convert(queryRunner, table, column, 'decrypt');
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE ${plainType}`);
    }
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "phone_hash"`);
  }

  /** Encrypts the plain values (or decrypts the encrypted ones) of one column, 500 rows at a time. */
  private async convert(
    queryRunner: QueryRunner,
    table: string,
    column: string,
    direction: 'encrypt' | 'decrypt',
  ): Promise<void> {
    const context = fieldContext(table, column);
    const pick = direction === 'encrypt' ? `!~ ${ENCRYPTED}` : `~ ${ENCRYPTED}`;
    const withHash = context === FIELD.userPhone && direction === 'encrypt';
    let after: string | null = null;
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT id::text AS id, "${column}" AS value FROM "${table}"
          WHERE "${column}" IS NOT NULL AND "${column}" ${pick} AND ($1::uuid IS NULL OR id > $1::uuid)
          ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as { id: string; value: string }[];
      if (rows.length === 0) return;
      const cipher = this.cipher();
      const values = rows.map((r) =>
        direction === 'encrypt' ? cipher.encrypt(r.value, context) : cipher.decrypt(r.value, context),
      );
      const hashes = rows.map((r) => (withHash ? cipher.hash(r.value, context) : null));
      await queryRunner.query(
        `UPDATE "${table}" t SET "${column}" = v.value${withHash ? ', phone_hash = v.hash' : ''}
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, value, hash) WHERE t.id = v.id`,
        [rows.map((r) => r.id), values, hashes],
      );
      after = rows[rows.length - 1].id;
      if (rows.length < BATCH) return;
    }
  }
}
