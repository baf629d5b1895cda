import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateVAPIDKeys } from 'web-push';
import { AppConfig } from './app-config';
import { ConfigValidationError, validateEnvironment } from './env.validation';

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
});
