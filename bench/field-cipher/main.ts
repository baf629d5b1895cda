/**
 * Field encryption cost (ADR 0037): what the repositories add per value with the real FieldCipher. AES-256-GCM
 * encrypt and decrypt of a craving note (200 characters) and a phone number, and the phone's HMAC-SHA256 lookup
 * hash, in one process, no database.
 *
 *   npm run bench:field-cipher              (BENCH_ITERATIONS, default 100000, after 10000 warm-up calls)
 *
 * The last line of output is one JSON object (microseconds per call, mean over the measured loop).
 */
import { FIELD, FieldCipher, generateKeySpecs, parseEncryptionKeys, parseHashKey } from '@homegroup/crypto';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 100_000);
const specs = generateKeySpecs('bench');
const cipher = new FieldCipher({
  encryption: parseEncryptionKeys(specs.encryptionKeys),
  hash: parseHashKey(specs.hashKey),
});
const note = 'I was driving past the old place and my hands started shaking, '.repeat(4).slice(0, 200);
const phone = '+14155550123';
const storedNote = cipher.encrypt(note, FIELD.cravingNote);
const storedPhone = cipher.encrypt(phone, FIELD.userPhone);

function microseconds(work: () => unknown): number {
  for (let i = 0; i < 10_000; i++) work();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) work();
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

const result = {
  iterations,
  encryptNoteUs: microseconds(() => cipher.encrypt(note, FIELD.cravingNote)),
  decryptNoteUs: microseconds(() => cipher.decrypt(storedNote, FIELD.cravingNote)),
  encryptPhoneUs: microseconds(() => cipher.encrypt(phone, FIELD.userPhone)),
  decryptPhoneUs: microseconds(() => cipher.decrypt(storedPhone, FIELD.userPhone)),
  hashPhoneUs: microseconds(() => cipher.hash(phone, FIELD.userPhone)),
  storedNoteChars: storedNote.length,
};
for (const [name, value] of Object.entries(result)) {
  process.stdout.write(
    `${name.padEnd(16)} ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}\n`,
  );
}
process.stdout.write(`${JSON.stringify(result)}\n`);
