import { Client } from 'pg';
import { fieldKeysFromEnvironment } from '@homegroup/config';
import { FieldCipher, rotateEncryptedColumns, type SqlRunner } from '@homegroup/crypto';

/**
 * `npm run keys:rotate` (ADR 0037): re-encrypts every stored value that is not under the active key (the first
 * of FIELD_ENCRYPTION_KEYS) in batches, keyset by id. Ctrl-C stops after the batch in flight; running it again
 * carries on (it only picks values under another key). Prints counts, never a value. Needs DATABASE_URL and
 * the same keys the api runs with (the old ones still listed after the new one).
 *
 *   FIELD_ENCRYPTION_KEYS=k2:…,k1:… DATABASE_URL=… npm run keys:rotate [-- --batch-size=500]
 */
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('keys:rotate: set DATABASE_URL to the database to rotate\n');
    return 2;
  }
  const sizeArg = process.argv.find((a) => a.startsWith('--batch-size='));
  const batchSize = sizeArg ? Number(sizeArg.slice('--batch-size='.length)) : 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    process.stderr.write('keys:rotate: --batch-size must be an integer from 1 to 10000\n');
    return 2;
  }
  const cipher = new FieldCipher(fieldKeysFromEnvironment(process.env));
  let stop = false;
  process.on('SIGINT', () => {
    stop = true;
    process.stdout.write('keys:rotate: stopping after this batch (run again to finish)\n');
  });
  const client = new Client({ connectionString: url, application_name: 'homegroup-keys-rotate' });
  await client.connect();
  try {
    const run: SqlRunner = async <T>(sql: string, params: unknown[]) =>
      (await client.query(sql, params)).rows as T[];
    process.stdout.write(`keys:rotate: active key ${cipher.activeKeyId}; batches of ${batchSize}\n`);
    const result = await rotateEncryptedColumns(run, cipher, {
      batchSize,
      shouldStop: () => stop,
      onProgress: (p) =>
        process.stdout.write(
          `  ${p.table}.${p.column}: batch ${p.batch}, ${p.rotated} re-encrypted (${p.total} in this column)\n`,
        ),
    });
    process.stdout.write(
      `keys:rotate: ${result.complete ? 'done' : 'interrupted'}: ${result.rotated} values re-encrypted in ${result.batches} batches\n`,
    );
    return result.complete ? 0 : 130;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // The error names a column or a key id, never a value (FieldCipherError, ConfigValidationError, SQLSTATE).
    process.stderr.write(`keys:rotate failed: ${error instanceof Error ? error.message : 'unknown error'}\n`);
    process.exit(1);
  },
);
