import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  FieldKeyError,
  generateKeySpecs,
  parseEncryptionKeys,
  parseHashKey,
  type FieldKeyRing,
} from '@homegroup/crypto';
import { ConfigValidationError } from './env.validation';

type FieldKeyInput = {
  NODE_ENV?: string;
  FIELD_ENCRYPTION_KEYS?: string;
  FIELD_HASH_KEY?: string;
  EMBEDDED_PG_DIR?: string;
};

/** Where development and tests keep their generated ring: beside the embedded data, like the JWT secret. */
export function devFieldKeysFile(embeddedPgDir = '.data/postgres'): string {
  return resolve(dirname(resolve(embeddedPgDir)), 'field-keys.json');
}

/**
 * The field encryption keys (ADR 0037) from `FIELD_ENCRYPTION_KEYS` and `FIELD_HASH_KEY`, or the problems that
 * stop the process (messages name the variable, never the key). Both or neither: with neither, production
 * refuses to start, development and tests use the ring generated once in `<EMBEDDED_PG_DIR>/../field-keys.json`
 * (mode 600), so every process on the same machine (api, worker, migrations, tests) reads the same values.
 */
export function resolveFieldKeys(input: FieldKeyInput): { ring?: FieldKeyRing; problems: string[] } {
  const encryption = input.FIELD_ENCRYPTION_KEYS?.trim() || undefined;
  const hash = input.FIELD_HASH_KEY?.trim() || undefined;
  if (!encryption && !hash) {
    if (input.NODE_ENV === 'production') {
      return {
        problems: [
          'FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY are required when NODE_ENV=production (e.g. FIELD_ENCRYPTION_KEYS=k1:$(openssl rand -base64 32) FIELD_HASH_KEY=$(openssl rand -base64 32))',
        ],
      };
    }
    try {
      return { ring: loadOrCreateDevFieldKeys(devFieldKeysFile(input.EMBEDDED_PG_DIR)), problems: [] };
    } catch (error) {
      return {
        problems: [error instanceof Error ? error.message : 'the development field keys could not be read'],
      };
    }
  }
  if (!encryption || !hash) {
    return {
      problems: [
        'FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY go together: set both, or neither outside production',
      ],
    };
  }
  return parseRing(encryption, hash);
}

function parseRing(encryption: string, hash: string): { ring?: FieldKeyRing; problems: string[] } {
  const problems: string[] = [];
  let keys: FieldKeyRing['encryption'] | undefined;
  let hashKey: Buffer | undefined;
  try {
    keys = parseEncryptionKeys(encryption);
  } catch (error) {
    problems.push(error instanceof FieldKeyError ? error.message : 'FIELD_ENCRYPTION_KEYS is not valid');
  }
  try {
    hashKey = parseHashKey(hash);
  } catch (error) {
    problems.push(error instanceof FieldKeyError ? error.message : 'FIELD_HASH_KEY is not valid');
  }
  return keys && hashKey ? { ring: { encryption: keys, hash: hashKey }, problems } : { problems };
}

/** The ring alone, for a process that needs nothing else (migrations, `npm run keys:rotate`). */
export function fieldKeysFromEnvironment(raw: Record<string, unknown> = process.env): FieldKeyRing {
  const text = (key: string): string | undefined => {
    const value = raw[key];
    return typeof value === 'string' ? value : undefined;
  };
  const { ring, problems } = resolveFieldKeys({
    NODE_ENV: text('NODE_ENV'),
    FIELD_ENCRYPTION_KEYS: text('FIELD_ENCRYPTION_KEYS'),
    FIELD_HASH_KEY: text('FIELD_HASH_KEY'),
    EMBEDDED_PG_DIR: text('EMBEDDED_PG_DIR'),
  });
  if (!ring)
    throw new ConfigValidationError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return ring;
}

/** The generated ring: written aside and hard-linked into place, so processes starting at once agree on one. */
function loadOrCreateDevFieldKeys(file: string): FieldKeyRing {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const specs = generateKeySpecs('dev1');
    const scratch = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(scratch, `${JSON.stringify(specs, null, 2)}\n`, { mode: 0o600 });
    try {
      linkSync(scratch, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(scratch);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    parsed = undefined;
  }
  const specs = parsed as { encryptionKeys?: unknown; hashKey?: unknown } | undefined;
  if (typeof specs?.encryptionKeys !== 'string' || typeof specs.hashKey !== 'string') {
    throw new Error(
      `${file} does not hold field keys: restore it (values encrypted under it cannot be read without it)`,
    );
  }
  const { ring, problems } = parseRing(specs.encryptionKeys, specs.hashKey);
  if (!ring) throw new Error(`${file}: ${problems.join('; ')}`);
  return ring;
}
