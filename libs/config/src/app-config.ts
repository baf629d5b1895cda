import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigValidationError, EnvironmentVariables, validateEnvironment } from './env.validation';

export type LogLevel = EnvironmentVariables['LOG_LEVEL'];

export type RateLimitConfig = {
  windowSeconds: number;
  registerPerIp: number;
  loginPerIp: number;
  loginFailuresPerAccount: number;
};

/** The typed, validated configuration every module reads. Built once at boot. */
export class AppConfig {
  readonly nodeEnv: EnvironmentVariables['NODE_ENV'];
  readonly http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    corsOrigins: string[];
    trustProxy: boolean | number | string[];
    publicUrl?: string;
  };
  readonly database: {
    url?: string;
    poolSize: number;
    embeddedDir: string;
    embeddedPort: number;
    runMigrations: boolean;
    seedDemo: boolean;
  };
  readonly redis: { url?: string };
  readonly auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    argon2: { memoryCost: number; timeCost: number; parallelism: number };
  };
  readonly rateLimits: RateLimitConfig;
  readonly logLevel: LogLevel;
  readonly runWorker: boolean;

  constructor(env: EnvironmentVariables, jwtSecret: string) {
    this.nodeEnv = env.NODE_ENV;
    this.http = {
      host: env.HOST,
      port: env.PORT,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      corsOrigins: env.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      publicUrl: env.PUBLIC_URL,
    };
    this.database = {
      url: env.DATABASE_URL,
      poolSize: env.DB_POOL_SIZE,
      embeddedDir: resolve(env.EMBEDDED_PG_DIR),
      embeddedPort: env.EMBEDDED_PG_PORT,
      runMigrations: env.RUN_MIGRATIONS,
      seedDemo: env.SEED_DEMO,
    };
    this.redis = { url: env.REDIS_URL };
    this.auth = {
      jwtSecret,
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: env.JWT_REFRESH_TTL_SECONDS,
      argon2: {
        memoryCost: env.ARGON2_MEMORY_KIB,
        timeCost: env.ARGON2_TIME_COST,
        parallelism: env.ARGON2_PARALLELISM,
      },
    };
    this.rateLimits = {
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      registerPerIp: env.RATE_LIMIT_REGISTER_PER_IP,
      loginPerIp: env.RATE_LIMIT_LOGIN_PER_IP,
      loginFailuresPerAccount: env.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
    };
    this.logLevel = env.LOG_LEVEL;
    this.runWorker = env.RUN_WORKER;
  }

  /** The database URL in force; set once the embedded server (if any) is up. */
  get databaseUrl(): string {
    if (!this.database.url) {
      throw new ConfigValidationError('No database URL: set DATABASE_URL or start the embedded PostgreSQL first');
    }
    return this.database.url;
  }

  withDatabaseUrl(url: string): AppConfig {
    const copy = Object.create(AppConfig.prototype) as AppConfig;
    Object.assign(copy, this, { database: { ...this.database, url } });
    return copy;
  }

  /**
   * Validates the environment and builds the config. Without JWT_SECRET, production refuses to start;
   * development keeps a random secret in `<embedded dir>/../jwt-secret` so sessions survive restarts.
   */
  static fromEnvironment(raw: Record<string, unknown> = process.env): AppConfig {
    const env = validateEnvironment(raw);
    let secret = env.JWT_SECRET;
    if (!secret) {
      if (env.NODE_ENV === 'production') {
        throw new ConfigValidationError('Invalid configuration:\n  JWT_SECRET is required when NODE_ENV=production');
      }
      secret = loadOrCreateDevSecret(resolve(dirname(resolve(env.EMBEDDED_PG_DIR)), 'jwt-secret'));
    }
    return new AppConfig(env, secret);
  }
}

function loadOrCreateDevSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function parseTrustProxy(value: string): boolean | number | string[] {
  const v = value.trim();
  if (v === 'false' || v === '') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}
