import { FieldCipher } from './field-cipher';

/** A column whose values are stored encrypted; its context (`table.column`) is bound into each value. */
export type EncryptedColumn = {
  table: string;
  column: string;
  /** A column holding the keyed lookup hash of the plain value (kept in step by the migration and the rotation). */
  hashColumn?: string;
};

/** Every encrypted column (ADR 0037). The migration, the rotation and the encryption scan test read this list. */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'users', column: 'phone', hashColumn: 'phone_hash' },
  { table: 'cravings', column: 'note' },
  { table: 'cravings', column: 'outcome_note' },
  { table: 'craving_recipients', column: 'message' },
  { table: 'practice_calls', column: 'note' },
  { table: 'outside_contacts', column: 'phone', hashColumn: 'phone_hash' },
  { table: 'outside_contacts', column: 'notes' },
  { table: 'sms_messages', column: 'to', hashColumn: 'to_hash' },
];

/** The associated data bound into a column's values. */
export const fieldContext = (table: string, column: string): string => `${table}.${column}`;

/** The contexts the repositories use, named once. */
export const FIELD = {
  userPhone: fieldContext('users', 'phone'),
  cravingNote: fieldContext('cravings', 'note'),
  cravingOutcomeNote: fieldContext('cravings', 'outcome_note'),
  recipientMessage: fieldContext('craving_recipients', 'message'),
  practiceCallNote: fieldContext('practice_calls', 'note'),
  outsideContactPhone: fieldContext('outside_contacts', 'phone'),
  outsideContactNotes: fieldContext('outside_contacts', 'notes'),
  /** Texts' and calls' numbers; its hash context also keys `sms_opt_outs.phone_hash` and the inbound `fromHash`. */
  smsTo: fieldContext('sms_messages', 'to'),
} as const;

/** Runs one SQL statement with parameters and answers its rows (a pg Client, a TypeORM manager, …). */
export type SqlRunner = <T = Record<string, unknown>>(sql: string, params: unknown[]) => Promise<T[]>;

export type RotationProgress = {
  table: string;
  column: string;
  batch: number;
  rotated: number;
  total: number;
};

export type RotationOptions = {
  /** Rows per batch (one read, one update); 500 by default. */
  batchSize?: number;
  /** Stop after this many batches in all (an interrupted run; the next run picks up the rest). */
  maxBatches?: number;
  /** Checked between batches: true stops cleanly (SIGINT). */
  shouldStop?: () => boolean;
  /** After each batch: counts only, never a value. */
  onProgress?: (progress: RotationProgress) => void;
};

export type RotationResult = { rotated: number; batches: number; complete: boolean };

/**
 * Re-encrypts every stored value that is not under the active key, column by column, in batches keyset by
 * `id` (and seals any plain value a process older than the migration wrote, with its lookup hash). Only rows
 * whose key id differs from the active one are picked, so a run can stop anywhere and the next one finishes
 * the job (idempotent). Each batch is one UPDATE that writes a row only if it still holds
 * the value that was read, so a concurrent edit is never overwritten (it is already under the active key).
 */
export async function rotateEncryptedColumns(
  run: SqlRunner,
  cipher: FieldCipher,
  options: RotationOptions = {},
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 500;
  let batches = 0;
  let rotated = 0;
  for (const { table, column, hashColumn } of ENCRYPTED_COLUMNS) {
    const context = fieldContext(table, column);
    let after: string | null = null;
    let done = 0;
    for (;;) {
      if ((options.maxBatches !== undefined && batches >= options.maxBatches) || options.shouldStop?.()) {
        return { rotated, batches, complete: false };
      }
      const rows: { id: string; value: string }[] = await run<{ id: string; value: string }>(
        `SELECT id::text AS id, "${column}" AS value FROM "${table}"
          WHERE "${column}" IS NOT NULL AND split_part("${column}", ':', 2) <> $1
            AND ($2::uuid IS NULL OR id > $2::uuid)
          ORDER BY id LIMIT $3`,
        [cipher.activeKeyId, after, batchSize],
      );
      if (rows.length === 0) break;
      const ids = rows.map((r) => r.id);
      const olds = rows.map((r) => r.value);
      // A value not in the format is plain text a process older than the migration wrote: seal it too.
      const plains = rows.map((r) =>
        FieldCipher.keyIdOf(r.value) === null ? r.value : cipher.decrypt(r.value, context),
      );
      const news = plains.map((p) => cipher.encrypt(p, context));
      const hashes = plains.map((p) => (hashColumn ? cipher.hash(p, context) : null));
      const changed = await run<{ id: string }>(
        `UPDATE "${table}" t SET "${column}" = v.new_value${hashColumn ? `, "${hashColumn}" = v.hash` : ''}
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, old_value, new_value, hash)
          WHERE t.id = v.id AND t."${column}" = v.old_value
         RETURNING t.id`,
        [ids, olds, news, hashes],
      );
      batches += 1;
      done += changed.length;
      rotated += changed.length;
      after = ids[ids.length - 1];
      options.onProgress?.({ table, column, batch: batches, rotated: changed.length, total: done });
      if (rows.length < batchSize) break;
    }
  }
  return { rotated, batches, complete: true };
}
