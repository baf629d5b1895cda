import { randomBytes } from 'node:crypto';
import {
  FieldCipher,
  FieldCipherError,
  FieldKeyError,
  parseEncryptionKeys,
  parseHashKey,
} from './field-cipher';

const key = (): Buffer => randomBytes(32);
const ring = (ids: string[], keys: Record<string, Buffer>, hash = Buffer.alloc(32, 7)) =>
  new FieldCipher({ encryption: ids.map((id) => ({ id, key: keys[id] })), hash });

describe('FieldCipher (AES-256-GCM, ADR 0037)', () => {
  const keys = { k1: key(), k2: key() };
  const k1 = ring(['k1'], keys);

  it('should round-trip text in the v1:<keyId>:<iv>:<data> format, a new IV each time', () => {
    const a = k1.encrypt('I want to use tonight — ünïcode 🚭', 'cravings.note');
    const b = k1.encrypt('I want to use tonight — ünïcode 🚭', 'cravings.note');
    expect(a).toMatch(/^v1:k1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(k1.decrypt(a, 'cravings.note')).toBe('I want to use tonight — ünïcode 🚭');
    expect(k1.decrypt(k1.encrypt('', 'x.y'), 'x.y')).toBe('');
    expect(k1.encryptNullable(null, 'x.y')).toBeNull();
    expect(k1.decryptNullable(null, 'x.y')).toBeNull();
  });

  it('should refuse a tampered value: any changed byte of the data, the IV or the tag', () => {
    const stored = k1.encrypt('+14155550123', 'users.phone');
    const [v, id, iv, data] = stored.split(':');
    const flip = (b64: string, at: number): string => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[at] ^= 1;
      return bytes.toString('base64');
    };
    const body = Buffer.from(data, 'base64');
    for (const tampered of [
      [v, id, iv, flip(data, 0)].join(':'),
      [v, id, iv, flip(data, body.length - 1)].join(':'),
      [v, id, flip(iv, 3), data].join(':'),
    ]) {
      expect(() => k1.decrypt(tampered, 'users.phone')).toThrow(FieldCipherError);
      expect(() => k1.decrypt(tampered, 'users.phone')).toThrow(/does not authenticate/);
    }
  });

  it('should refuse a value moved to another column (the column is bound in as associated data)', () => {
    const stored = k1.encrypt('a private note', 'cravings.note');
    expect(() => k1.decrypt(stored, 'practice_calls.note')).toThrow(
      /practice_calls.note: .*does not authenticate/,
    );
  });

  it('should name an unknown key id clearly, and never quote the value', () => {
    const underK2 = ring(['k2'], keys).encrypt('secret words', 'cravings.note');
    expect(() => k1.decrypt(underK2, 'cravings.note')).toThrow(
      'cravings.note: encrypted under key id "k2", which is not in FIELD_ENCRYPTION_KEYS (known: k1)',
    );
    expect(() => k1.decrypt('plain text', 'cravings.note')).toThrow(/not an encrypted value/);
    expect(() => k1.decrypt('v1:k1:AAAA:AAAA', 'cravings.note')).toThrow(/malformed/);
  });

  it('should decrypt under every key of the ring but encrypt under the first, and re-encrypt only old values', () => {
    const old = k1.encrypt('note', 'cravings.note');
    const rotated = ring(['k2', 'k1'], keys);
    expect(rotated.activeKeyId).toBe('k2');
    expect(rotated.decrypt(old, 'cravings.note')).toBe('note');
    expect(rotated.isCurrent(old)).toBe(false);
    const moved = rotated.reencrypt(old, 'cravings.note');
    expect(FieldCipher.keyIdOf(moved)).toBe('k2');
    expect(rotated.reencrypt(moved, 'cravings.note')).toBe(moved);
    expect(ring(['k2'], keys).decrypt(moved, 'cravings.note')).toBe('note');
  });

  it('should hash equal values equally under one hash key, differently under another or another column', () => {
    const h = k1.hash('+14155550123', 'users.phone');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(ring(['k2'], keys).hash('+14155550123', 'users.phone')).toBe(h);
    expect(ring(['k1'], keys, Buffer.alloc(32, 8)).hash('+14155550123', 'users.phone')).not.toBe(h);
    expect(k1.hash('+14155550123', 'other.column')).not.toBe(h);
    expect(k1.hash('+14155550124', 'users.phone')).not.toBe(h);
  });
});

describe('key specifications', () => {
  it('should parse id:base64 entries, the first active, and refuse bad ones without quoting them', () => {
    const a = key().toString('base64');
    const b = key().toString('base64url');
    expect(parseEncryptionKeys(`k2:${a}, k1:${b}`).map((k) => k.id)).toEqual(['k2', 'k1']);
    for (const [spec, message] of [
      ['', /is empty/],
      [`:${a}`, /entry 1 must be id:<base64>/],
      [`k 1:${a}`, /entry 1 must be id:<base64>/],
      [`k1:${a},k1:${a}`, /k1 appears twice/],
      [`k1:${a.slice(0, 30)}`, /key k1 must be 32 bytes/],
      ['k1:not base64!', /key k1 must be 32 bytes/],
    ] as const) {
      expect(() => parseEncryptionKeys(spec)).toThrow(FieldKeyError);
      expect(() => parseEncryptionKeys(spec)).toThrow(message);
      try {
        parseEncryptionKeys(spec);
      } catch (error) {
        if (spec.length > 6) expect((error as Error).message).not.toContain(spec.slice(3, 30));
      }
    }
    expect(parseHashKey(a)).toHaveLength(32);
    expect(() => parseHashKey('c2hvcnQ=')).toThrow(/FIELD_HASH_KEY must be at least 32 bytes/);
  });
});
