import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** The version prefix of every stored value: `v1:<keyId>:<iv base64>:<ciphertext+tag base64>`. */
export const FIELD_FORMAT_VERSION = 'v1';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One AES-256 key and the id stored with every value it encrypts. */
export type FieldKey = { id: string; key: Buffer };

/** The keys in force: `encryption[0]` encrypts, every key decrypts; `hash` keys the lookup hashes. */
export type FieldKeyRing = { encryption: FieldKey[]; hash: Buffer };

/** A stored value that cannot be read: malformed, under an unknown key, or altered (never quotes the value). */
export class FieldCipherError extends Error {}

/** A key specification that is not valid (never quotes the key material). */
export class FieldKeyError extends Error {}

/**
 * Parses `FIELD_ENCRYPTION_KEYS`: `id:<base64 of 32 bytes>[,id:<base64>…]`, the first one active. Messages
 * name the position and id, never the key.
 */
export function parseEncryptionKeys(spec: string, variable = 'FIELD_ENCRYPTION_KEYS'): FieldKey[] {
  const entries = spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0)
    throw new FieldKeyError(`${variable} is empty: give at least one id:<base64 32 bytes>`);
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id)) {
      throw new FieldKeyError(
        `${variable}: entry ${index + 1} must be id:<base64>, the id 1-32 letters, digits, _ or -`,
      );
    }
    if (seen.has(id)) throw new FieldKeyError(`${variable}: key id ${id} appears twice`);
    seen.add(id);
    const key = decodeKey(entry.slice(colon + 1));
    if (key?.length !== 32) {
      throw new FieldKeyError(
        `${variable}: key ${id} must be 32 bytes in base64 (e.g. \`openssl rand -base64 32\`)`,
      );
    }
    return { id, key };
  });
}

/** Parses `FIELD_HASH_KEY`: base64 of at least 32 bytes. */
export function parseHashKey(spec: string, variable = 'FIELD_HASH_KEY'): Buffer {
  const key = decodeKey(spec.trim());
  if (!key || key.length < 32) {
    throw new FieldKeyError(
      `${variable} must be at least 32 bytes in base64 (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

function decodeKey(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** A fresh key ring (development and tests): one key `k1` and a hash key, as the two variables' text. */
export function generateKeySpecs(id = 'k1'): { encryptionKeys: string; hashKey: string } {
  return {
    encryptionKeys: `${id}:${randomBytes(32).toString('base64')}`,
    hashKey: randomBytes(32).toString('base64'),
  };
}

/**
 * Field encryption at rest (ADR 0037): AES-256-GCM with a random 96-bit IV per value, the key id stored with
 * the value, and the value's place (`table.column`) bound in as associated data, so a value copied to another
 * column does not decrypt. Equality lookups use `hash` (HMAC-SHA256 under a key of its own), never the value.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;
  readonly activeKeyId: string;
  private readonly active: Buffer;
  private readonly hashKey: Buffer;

  constructor(ring: FieldKeyRing) {
    if (ring.encryption.length === 0) throw new FieldKeyError('no field encryption key');
    this.keys = new Map(ring.encryption.map((k) => [k.id, k.key]));
    this.activeKeyId = ring.encryption[0].id;
    this.active = ring.encryption[0].key;
    this.hashKey = ring.hash;
  }

  /** Every key id this cipher can decrypt, the active one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.active, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${FIELD_FORMAT_VERSION}:${this.activeKeyId}:${iv.toString('base64')}:${body.toString('base64')}`;
  }

  encryptNullable(plain: string | null | undefined, context: string): string | null {
    return plain === null || plain === undefined ? null : this.encrypt(plain, context);
  }

  decrypt(stored: string, context: string): string {
    const parts = stored.split(':');
    if (parts.length !== 4 || parts[0] !== FIELD_FORMAT_VERSION) {
      throw new FieldCipherError(
        `${context}: not an encrypted value (expected ${FIELD_FORMAT_VERSION}:<keyId>:<iv>:<data>)`,
      );
    }
    const [, keyId, ivText, bodyText] = parts;
    const key = this.keys.get(keyId);
    if (!key) {
      throw new FieldCipherError(
        `${context}: encrypted under key id "${keyId}", which is not in FIELD_ENCRYPTION_KEYS (known: ${this.keyIds.join(', ')})`,
      );
    }
    const iv = Buffer.from(ivText, 'base64');
    const body = Buffer.from(bodyText, 'base64');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
      throw new FieldCipherError(`${context}: malformed encrypted value`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new FieldCipherError(
        `${context}: the encrypted value does not authenticate (altered, or the wrong key)`,
      );
    }
  }

  decryptNullable(stored: string | null | undefined, context: string): string | null {
    return stored === null || stored === undefined ? null : this.decrypt(stored, context);
  }

  /** The key id a stored value was encrypted under (null when it is not in the format). */
  static keyIdOf(stored: string): string | null {
    const parts = stored.split(':');
    return parts.length === 4 && parts[0] === FIELD_FORMAT_VERSION ? parts[1] : null;
  }

  /** Whether a stored value is already under the active key (rotation leaves it alone). */
  isCurrent(stored: string): boolean {
    return FieldCipher.keyIdOf(stored) === this.activeKeyId;
  }

  /** The value encrypted again under the active key (a no-op for values already under it). */
  reencrypt(stored: string, context: string): string {
    return this.isCurrent(stored) ? stored : this.encrypt(this.decrypt(stored, context), context);
  }

  /** The keyed lookup hash of `value` (hex HMAC-SHA256), domain-separated by `context`. */
  hash(value: string, context: string): string {
    return createHmac('sha256', this.hashKey)
      .update(context, 'utf8')
      .update('\0')
      .update(value, 'utf8')
      .digest('hex');
  }

  hashNullable(value: string | null | undefined, context: string): string | null {
    return value === null || value === undefined ? null : this.hash(value, context);
  }
}
