import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateVAPIDKeys } from 'web-push';
import { AppConfig } from './app-config';
import { generateKeySpecs } from '@homegroup/crypto';
import { ConfigValidationError, validateEnvironment } from './env.validation';
import { fieldKeysFromEnvironment } from './field-keys';

const generateKeySpecsAsEnv = (): { FIELD_ENCRYPTION_KEYS: string; FIELD_HASH_KEY: string } => {
  const specs = generateKeySpecs();
  return { FIELD_ENCRYPTION_KEYS: specs.encryptionKeys, FIELD_HASH_KEY: specs.hashKey };
};

describe('validateEnvironment', () => {
  it('should apply the documented defaults to an empty environment', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      JWT_ACCESS_TTL_SECONDS: 900,
      ARGON2_MEMORY_KIB: 19456,
      ARGON2_TIME_COST: 2,
      ARGON2_PARALLELISM: 1,
      RATE_LIMIT_REGISTER_PER_IP: 30,
      RUN_WORKER: true,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('should convert strings from the environment to numbers and booleans', () => {
    const env = validateEnvironment({ PORT: '8080', RUN_WORKER: 'false' });
    expect(env.PORT).toBe(8080);
    expect(env.RUN_WORKER).toBe(false);
  });

  it('should read TRUST_PROXY as off, a hop count or a list of proxies', () => {
    const secret = { JWT_SECRET: 'x'.repeat(40), NODE_ENV: 'test' };
    expect(AppConfig.fromEnvironment({ ...secret }).http.trustProxy).toBe(false);
    expect(AppConfig.fromEnvironment({ ...secret, TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(
      AppConfig.fromEnvironment({ ...secret, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy,
    ).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => validateEnvironment({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });

  it('should read the meeting sources settings, private addresses refused by default, and refuse wrong values', () => {
    const secret = { JWT_SECRET: 'x'.repeat(40), NODE_ENV: 'test' };
    expect(AppConfig.fromEnvironment({ ...secret }).meetingSources).toEqual({
      allowPrivateAddresses: false,
      maxBytes: 20 * 1024 * 1024,
      timeoutMs: 60_000,
      minCadenceMinutes: 15,
    });
    const custom = AppConfig.fromEnvironment({
      ...secret,
      MEETING_SOURCES_ALLOW_PRIVATE_ADDRESSES: 'true',
      MEETING_SOURCES_MAX_BYTES: '4096',
      MEETING_SOURCES_TIMEOUT_SECONDS: '5',
      MEETING_SOURCES_MIN_CADENCE_MINUTES: '30',
    }).meetingSources;
    expect(custom).toEqual({ allowPrivateAddresses: true, maxBytes: 4096, timeoutMs: 5000, minCadenceMinutes: 30 });
    expect(() => validateEnvironment({ MEETING_SOURCES_ALLOW_PRIVATE_ADDRESSES: 'maybe' })).toThrow(/MEETING_SOURCES_ALLOW_PRIVATE_ADDRESSES/);
    expect(() => validateEnvironment({ MEETING_SOURCES_MIN_CADENCE_MINUTES: '0' })).toThrow(/MEETING_SOURCES_MIN_CADENCE_MINUTES/);
    expect(() => validateEnvironment({ MEETING_SOURCES_MAX_BYTES: 'lots' })).toThrow(/MEETING_SOURCES_MAX_BYTES/);
  });

  it('should stop with a message naming every wrong variable', () => {
    expect(() => validateEnvironment({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(ConfigValidationError);
    try {
      validateEnvironment({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT="eighty"');
      expect(message).toContain('LOG_LEVEL="loud"');
    }
  });

  it('should refuse access tokens that live longer than 15 minutes', () => {
    expect(() => validateEnvironment({ JWT_ACCESS_TTL_SECONDS: '3600' })).toThrow(
      /JWT_ACCESS_TTL_SECONDS must be at most 900/,
    );
  });

  it('should never print the value of a secret variable', () => {
    expect(() =>
      validateEnvironment({ JWT_SECRET: 'short-secret', DATABASE_URL: 'mysql://u:pw@h/db' }),
    ).toThrow(/JWT_SECRET=\(hidden\)[\s\S]*|DATABASE_URL=\(hidden\)/);
    try {
      validateEnvironment({ JWT_SECRET: 'short-secret', DATABASE_URL: 'mysql://u:pw@h/db' });
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret');
      expect((error as Error).message).not.toContain('pw@h');
    }
  });

  it('should require JWT_SECRET in production', () => {
    expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });

  it('should parse CORS origins into a list', () => {
    const config = AppConfig.fromEnvironment({
      JWT_SECRET: 'x'.repeat(40),
      NODE_ENV: 'test',
      CORS_ORIGINS: 'https://a.org, https://b.org',
    });
    expect(config.http.corsOrigins).toEqual(['https://a.org', 'https://b.org']);
  });

  describe('field encryption keys (ADR 0037)', () => {
    const key = randomBytes(32).toString('base64');

    it('should require both in production, naming them and never printing a key', () => {
      const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
      expect(() => AppConfig.fromEnvironment(production)).toThrow(
        /FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY are required when NODE_ENV=production/,
      );
      expect(() => AppConfig.fromEnvironment({ ...production, FIELD_ENCRYPTION_KEYS: `k1:${key}` })).toThrow(
        /FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY go together/,
      );
      const bad = { ...production, FIELD_ENCRYPTION_KEYS: `k1:${key},k1:${key}`, FIELD_HASH_KEY: 'c2hvcnQ=' };
      expect(() => AppConfig.fromEnvironment(bad)).toThrow(/key id k1 appears twice[\s\S]*FIELD_HASH_KEY must be at least 32 bytes/);
      try {
        AppConfig.fromEnvironment({ ...bad, FIELD_ENCRYPTION_KEYS: `k2:${key.slice(0, 20)}` });
        throw new Error('should have thrown');
      } catch (error) {
        expect((error as Error).message).toMatch(/FIELD_ENCRYPTION_KEYS: key k2 must be 32 bytes/);
        expect((error as Error).message).not.toContain(key.slice(0, 20));
        expect((error as Error).message).not.toContain('c2hvcnQ=');
      }
      try {
        validateEnvironment({ FIELD_ENCRYPTION_KEYS: 42, FIELD_HASH_KEY: 43 });
        throw new Error('should have thrown');
      } catch (error) {
        expect((error as Error).message).toContain('FIELD_ENCRYPTION_KEYS=(hidden)');
        expect((error as Error).message).not.toContain('42');
      }
    });

    it('should take the first key as the active one and keep the others for decrypting', () => {
      const other = randomBytes(32).toString('base64');
      const config = AppConfig.fromEnvironment({
        NODE_ENV: 'test',
        JWT_SECRET: 'x'.repeat(40),
        FIELD_ENCRYPTION_KEYS: `k2:${key}, k1:${other}`,
        FIELD_HASH_KEY: other,
      });
      expect(config.fieldKeys.encryption.map((k) => k.id)).toEqual(['k2', 'k1']);
      expect(config.fieldKeys.encryption[0].key).toEqual(Buffer.from(key, 'base64'));
    });

    it('should generate a development ring once beside the embedded data (mode 600)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'homegroup-field-keys-'));
      try {
        const env = { NODE_ENV: 'development', JWT_SECRET: 'x'.repeat(40), EMBEDDED_PG_DIR: join(dir, 'postgres') };
        const first = AppConfig.fromEnvironment(env).fieldKeys;
        const file = join(dir, 'field-keys.json');
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(AppConfig.fromEnvironment(env).fieldKeys).toEqual(first);
        expect(fieldKeysFromEnvironment(env)).toEqual(first);
        expect(first.encryption).toHaveLength(1);
        expect(first.hash).toHaveLength(32);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('VAPID keys', () => {
    const pair = generateVAPIDKeys();

    it('should require both VAPID keys in production, naming them', () => {
      expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(
        /VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are required when NODE_ENV=production/,
      );
      expect(() =>
        AppConfig.fromEnvironment({
          NODE_ENV: 'production',
          JWT_SECRET: 'x'.repeat(40),
          VAPID_PUBLIC_KEY: pair.publicKey,
        }),
      ).toThrow(/VAPID_PRIVATE_KEY/);
      const config = AppConfig.fromEnvironment({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        VAPID_PUBLIC_KEY: pair.publicKey,
        VAPID_PRIVATE_KEY: pair.privateKey,
        SMS_PROVIDER: 'log',
        ...generateKeySpecsAsEnv(),
      });
      expect(config.push).toEqual({
        vapid: pair,
        subject: 'mailto:admin@homegroup.local',
        allowedHosts: [],
        allowPrivateAddresses: false,
      });
    });

    it('should name every missing production secret at once', () => {
      expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'production' })).toThrow(
        /JWT_SECRET[\s\S]*VAPID_PUBLIC_KEY/,
      );
    });

    it('should refuse a public key that is not the private key’s, and never print the private key', () => {
      const other = generateVAPIDKeys();
      const run = (): AppConfig =>
        AppConfig.fromEnvironment({
          NODE_ENV: 'test',
          VAPID_PUBLIC_KEY: pair.publicKey,
          VAPID_PRIVATE_KEY: other.privateKey,
        });
      expect(run).toThrow(/VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY/);
      try {
        run();
      } catch (error) {
        expect((error as Error).message).not.toContain(other.privateKey);
      }
      try {
        validateEnvironment({ VAPID_PRIVATE_KEY: 'not-a-key-but-secret' });
        throw new Error('should have thrown');
      } catch (error) {
        expect((error as Error).message).toContain('VAPID_PRIVATE_KEY=(hidden)');
        expect((error as Error).message).not.toContain('not-a-key-but-secret');
      }
    });

    it('should refuse half a pair and a subject that is neither mailto: nor https', () => {
      expect(() =>
        AppConfig.fromEnvironment({ NODE_ENV: 'development', VAPID_PUBLIC_KEY: pair.publicKey }),
      ).toThrow(/are a pair/);
      expect(() => validateEnvironment({ VAPID_SUBJECT: 'http://example.org' })).toThrow(
        /VAPID_SUBJECT must be a mailto/,
      );
      expect(
        validateEnvironment({ VAPID_SUBJECT: 'https://homegroup.example.org/contact' }).VAPID_SUBJECT,
      ).toBe('https://homegroup.example.org/contact');
    });

    it('should generate a development pair once and keep it beside the embedded data', () => {
      const dir = mkdtempSync(join(tmpdir(), 'homegroup-vapid-'));
      try {
        const env = {
          NODE_ENV: 'development',
          JWT_SECRET: 'x'.repeat(40),
          EMBEDDED_PG_DIR: join(dir, 'postgres'),
        };
        const first = AppConfig.fromEnvironment(env).push.vapid;
        const file = join(dir, 'vapid-keys.json');
        expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(AppConfig.fromEnvironment(env).push.vapid).toEqual(first);
        expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('should give tests one generated pair per process without writing a file', () => {
      const dir = mkdtempSync(join(tmpdir(), 'homegroup-vapid-'));
      try {
        const env = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), EMBEDDED_PG_DIR: join(dir, 'postgres') };
        const a = AppConfig.fromEnvironment(env).push.vapid;
        expect(AppConfig.fromEnvironment(env).push.vapid).toEqual(a);
        expect(() => statSync(join(dir, 'vapid-keys.json'))).toThrow();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('texts and calls (ADR 0044)', () => {
    const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) };
    const twilio = {
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
      TWILIO_AUTH_TOKEN: 'token-'.repeat(4),
      TWILIO_FROM_NUMBER: '+14155550100',
      PUBLIC_URL: 'https://homegroup.example.org/',
    };

    it('should default to the log provider, the documented limits and countries', () => {
      const config = AppConfig.fromEnvironment(base);
      expect(config.sms).toEqual({
        provider: 'log',
        twilio: undefined,
        publicUrl: undefined,
        maxPerMemberPerDay: 30,
        maxPerRecipientPerDay: 10,
        allowedCountries: ['US', 'CA', 'GB', 'IE', 'AU', 'NZ'],
      });
    });

    it('should read a twilio configuration, trimming the trailing slashes and upper-casing the countries', () => {
      const config = AppConfig.fromEnvironment({
        ...base,
        ...twilio,
        TWILIO_API_BASE_URL: 'http://127.0.0.1:9999/',
        SMS_ALLOWED_COUNTRIES: 'us, gb,US',
        SMS_MAX_PER_MEMBER_PER_DAY: '5',
      });
      expect(config.sms).toMatchObject({
        provider: 'twilio',
        twilio: {
          accountSid: twilio.TWILIO_ACCOUNT_SID,
          authToken: twilio.TWILIO_AUTH_TOKEN,
          fromNumber: '+14155550100',
          apiBaseUrl: 'http://127.0.0.1:9999',
        },
        publicUrl: 'https://homegroup.example.org',
        maxPerMemberPerDay: 5,
        allowedCountries: ['US', 'GB'],
      });
    });

    it('should name every missing twilio variable, and never print the auth token', () => {
      let message = '';
      try {
        AppConfig.fromEnvironment({ ...base, SMS_PROVIDER: 'twilio' });
      } catch (error) {
        message = (error as Error).message;
      }
      for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'PUBLIC_URL']) {
        expect(message).toContain(`${name} is required when SMS_PROVIDER=twilio`);
      }
      expect(() => validateEnvironment({ TWILIO_AUTH_TOKEN: 'short-secret' })).toThrow(/TWILIO_AUTH_TOKEN=\(hidden\)/);
      expect(() => validateEnvironment({ TWILIO_AUTH_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
    });

    it('should refuse wrong values naming the variable', () => {
      expect(() => validateEnvironment({ SMS_PROVIDER: 'pigeon' })).toThrow(/SMS_PROVIDER must be twilio or log/);
      expect(() => validateEnvironment({ TWILIO_ACCOUNT_SID: 'SK123' })).toThrow(/TWILIO_ACCOUNT_SID must be AC/);
      expect(() => validateEnvironment({ TWILIO_FROM_NUMBER: '4155550100' })).toThrow(/TWILIO_FROM_NUMBER must be a phone number in E.164/);
      expect(() => validateEnvironment({ SMS_ALLOWED_COUNTRIES: 'USA' })).toThrow(/SMS_ALLOWED_COUNTRIES must be comma-separated/);
      expect(() => validateEnvironment({ SMS_MAX_PER_RECIPIENT_PER_DAY: '0' })).toThrow(/SMS_MAX_PER_RECIPIENT_PER_DAY/);
      expect(() => validateEnvironment({ PUBLIC_URL: 'https://x.org/?a=1' })).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
    });

    it('should require the provider to be named in production', () => {
      expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'production' })).toThrow(/SMS_PROVIDER is required when NODE_ENV=production/);
    });
  });
});
