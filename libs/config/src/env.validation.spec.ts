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
    const secret = { JWT_SECRET: 'x'.repeat(40) };
    expect(AppConfig.fromEnvironment({ ...secret }).http.trustProxy).toBe(false);
    expect(AppConfig.fromEnvironment({ ...secret, TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(AppConfig.fromEnvironment({ ...secret, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
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
    expect(() => validateEnvironment({ JWT_ACCESS_TTL_SECONDS: '3600' })).toThrow(/JWT_ACCESS_TTL_SECONDS must be at most 900/);
  });

  it('should never print the value of a secret variable', () => {
    expect(() => validateEnvironment({ JWT_SECRET: 'short-secret', DATABASE_URL: 'mysql://u:pw@h/db' })).toThrow(
      /JWT_SECRET=\(hidden\)[\s\S]*|DATABASE_URL=\(hidden\)/,
    );
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
    const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(40), CORS_ORIGINS: 'https://a.org, https://b.org' });
    expect(config.http.corsOrigins).toEqual(['https://a.org', 'https://b.org']);
  });
});
