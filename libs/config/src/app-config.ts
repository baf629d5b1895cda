import { createECDH, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateVAPIDKeys } from 'web-push';
import type { FieldKeyRing } from '@homegroup/crypto';
import { ConfigValidationError, EnvironmentVariables, validateEnvironment } from './env.validation';
import { resolveFieldKeys } from './field-keys';

export type LogLevel = EnvironmentVariables['LOG_LEVEL'];

/** A VAPID key pair (base64url): the public key goes to browsers as `applicationServerKey`. */
export type VapidKeys = { publicKey: string; privateKey: string };

export type RateLimitConfig = {
  windowSeconds: number;
  registerPerIp: number;
  loginPerIp: number;
  /** Failed logins per account from one address. */
  loginFailuresPerAccount: number;
  /** Failed logins per account from all addresses together. */
  loginFailuresPerAccountAllAddresses: number;
};

/** Texts and calls (ADR 0044). `twilio` is set only when the provider is twilio. */
export type SmsConfig = {
  provider: 'twilio' | 'log';
  twilio?: { accountSid: string; authToken: string; fromNumber: string; apiBaseUrl: string };
  /** The API base URL Twilio's webhooks are signed against (PUBLIC_URL without a trailing slash). */
  publicUrl?: string;
  maxPerMemberPerDay: number;
  maxPerRecipientPerDay: number;
  /** ISO 3166-1 alpha-2, upper case. */
  allowedCountries: string[];
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
  readonly push: {
    vapid: VapidKeys;
    subject: string;
    allowedHosts: string[];
    allowPrivateAddresses: boolean;
  };
  readonly retention: { cravingDays: number };
  /** Meeting sources fetched on a cadence (ADR 0043). */
  readonly meetingSources: { allowPrivateAddresses: boolean; maxBytes: number; timeoutMs: number; minCadenceMinutes: number };
  /** Meeting listings (ADR 0042): distinct members' reports within two weeks that mark a listing `reported`. */
  readonly listings: { reportThreshold: number };
  /** Field encryption at rest (ADR 0037): the first key encrypts, all decrypt; `hash` keys the lookup hashes. */
  readonly fieldKeys: FieldKeyRing;
  readonly logLevel: LogLevel;
  readonly runWorker: boolean;
  readonly sms: SmsConfig;

  constructor(env: EnvironmentVariables, jwtSecret: string, vapid: VapidKeys, fieldKeys: FieldKeyRing) {
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
      loginFailuresPerAccountAllAddresses: env.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES,
    };
    this.push = {
      vapid,
      subject: env.VAPID_SUBJECT,
      allowedHosts: env.PUSH_ALLOWED_HOSTS.split(',')
        .map((h) => h.trim())
        .filter(Boolean),
      allowPrivateAddresses: env.PUSH_ALLOW_PRIVATE_ADDRESSES,
    };
    this.retention = { cravingDays: env.CRAVING_RETENTION_DAYS };
    this.meetingSources = {
      allowPrivateAddresses: env.MEETING_SOURCES_ALLOW_PRIVATE_ADDRESSES,
      maxBytes: env.MEETING_SOURCES_MAX_BYTES,
      timeoutMs: env.MEETING_SOURCES_TIMEOUT_SECONDS * 1000,
      minCadenceMinutes: env.MEETING_SOURCES_MIN_CADENCE_MINUTES,
    };
    this.listings = { reportThreshold: env.LISTING_REPORT_THRESHOLD };
    this.fieldKeys = fieldKeys;
    this.logLevel = env.LOG_LEVEL;
    this.runWorker = env.RUN_WORKER;
    const provider = env.SMS_PROVIDER ?? 'log';
    this.sms = {
      provider,
      twilio:
        provider === 'twilio' && env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM_NUMBER
          ? {
              accountSid: env.TWILIO_ACCOUNT_SID,
              authToken: env.TWILIO_AUTH_TOKEN,
              fromNumber: env.TWILIO_FROM_NUMBER,
              apiBaseUrl: env.TWILIO_API_BASE_URL.replace(/\/+$/, ''),
            }
          : undefined,
      publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
      maxPerMemberPerDay: env.SMS_MAX_PER_MEMBER_PER_DAY,
      maxPerRecipientPerDay: env.SMS_MAX_PER_RECIPIENT_PER_DAY,
      allowedCountries: [
        ...new Set(
          env.SMS_ALLOWED_COUNTRIES.split(',')
            .map((c) => c.trim().toUpperCase())
            .filter(Boolean),
        ),
      ],
    };
  }

  /** The database URL in force; set once the embedded server (if any) is up. */
  get databaseUrl(): string {
    if (!this.database.url) {
      throw new ConfigValidationError(
        'No database URL: set DATABASE_URL or start the embedded PostgreSQL first',
      );
    }
    return this.database.url;
  }

  withDatabaseUrl(url: string): AppConfig {
    const copy = Object.create(AppConfig.prototype) as AppConfig;
    Object.assign(copy, this, { database: { ...this.database, url } });
    return copy;
  }

  /**
   * Validates the environment and builds the config. Without JWT_SECRET or the VAPID key pair, production
   * refuses to start; development keeps a random secret in `<embedded dir>/../jwt-secret` and a generated
   * VAPID pair in `<embedded dir>/../vapid-keys.json`, so sessions and push subscriptions survive restarts.
   * Tests (NODE_ENV=test) get a VAPID pair per process. Field encryption keys: see resolveFieldKeys.
   */
  static fromEnvironment(raw: Record<string, unknown> = process.env): AppConfig {
    const env = validateEnvironment(raw);
    const problems: string[] = [];
    if (env.NODE_ENV === 'production') {
      if (!env.JWT_SECRET) problems.push('JWT_SECRET is required when NODE_ENV=production');
      if (!env.VAPID_PUBLIC_KEY || !env.VAPID_PRIVATE_KEY) {
        problems.push(
          'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are required when NODE_ENV=production (create a pair with `npx web-push generate-vapid-keys`)',
        );
      }
    } else if (Boolean(env.VAPID_PUBLIC_KEY) !== Boolean(env.VAPID_PRIVATE_KEY)) {
      problems.push(
        'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are a pair: set both, or neither to use a generated development pair',
      );
    }
    if (
      env.VAPID_PUBLIC_KEY &&
      env.VAPID_PRIVATE_KEY &&
      !isKeyPair(env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY)
    ) {
      problems.push(
        'VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY: set both from the same generated pair',
      );
    }
    problems.push(...smsProblems(env));
    const fieldKeys = resolveFieldKeys(env);
    problems.push(...fieldKeys.problems);
    if (problems.length > 0 || !fieldKeys.ring) {
      throw new ConfigValidationError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    }
    const dataParent = dirname(resolve(env.EMBEDDED_PG_DIR));
    const secret = env.JWT_SECRET ?? loadOrCreateDevSecret(resolve(dataParent, 'jwt-secret'));
    let vapid: VapidKeys;
    if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) {
      vapid = { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY };
    } else if (env.NODE_ENV === 'test') {
      vapid = testVapidKeys();
    } else {
      vapid = loadOrCreateDevVapidKeys(resolve(dataParent, 'vapid-keys.json'));
    }
    return new AppConfig(env, secret, vapid, fieldKeys.ring);
  }
}

/**
 * Texts and calls (ADR 0044): production names its provider (a server that silently kept every text in memory would
 * leave members' alerts unsent); twilio needs its account, token, number and the public URL its webhooks are
 * signed against.
 */
function smsProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && !env.SMS_PROVIDER) {
    problems.push(
      'SMS_PROVIDER is required when NODE_ENV=production: twilio to send texts, or log to send none',
    );
  }
  if (env.SMS_PROVIDER === 'twilio') {
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'PUBLIC_URL'] as const) {
      if (!env[name]) problems.push(`${name} is required when SMS_PROVIDER=twilio`);
    }
  }
  return problems;
}

/** Whether `publicKey` is the P-256 public key of `privateKey` (a mismatched pair makes every push fail). */
function isKeyPair(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().toString('base64url') === publicKey;
  } catch {
    return false;
  }
}

let processVapidKeys: VapidKeys | undefined;

/** One generated pair per test process: nothing is written, and every app in the process agrees. */
function testVapidKeys(): VapidKeys {
  processVapidKeys ??= generateVAPIDKeys();
  return processVapidKeys;
}

function isVapidKeys(value: unknown): value is VapidKeys {
  if (typeof value !== 'object' || value === null) return false;
  const { publicKey, privateKey } = value as Record<string, unknown>;
  return (
    typeof publicKey === 'string' &&
    /^[A-Za-z0-9_-]{87}$/.test(publicKey) &&
    typeof privateKey === 'string' &&
    /^[A-Za-z0-9_-]{43}$/.test(privateKey)
  );
}

/**
 * Development: the VAPID pair generated on first start, kept beside the embedded data (mode 600), so the
 * browsers' subscriptions (bound to the public key) keep working across restarts. Processes starting at
 * once agree on one pair: the file appears whole (written aside, then hard-linked; the first link wins).
 */
function loadOrCreateDevVapidKeys(file: string): VapidKeys {
  if (existsSync(file)) return readDevVapidKeys(file);
  mkdirSync(dirname(file), { recursive: true });
  const keys = generateVAPIDKeys();
  const scratch = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(
    scratch,
    `${JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey }, null, 2)}\n`,
    {
      mode: 0o600,
    },
  );
  try {
    linkSync(scratch, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(scratch);
  }
  return readDevVapidKeys(file);
}

function readDevVapidKeys(file: string): VapidKeys {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    parsed = undefined;
  }
  if (!isVapidKeys(parsed)) {
    throw new ConfigValidationError(
      `Invalid configuration:\n  ${file} does not hold a VAPID key pair: delete it to generate a new one (browsers then subscribe again)`,
    );
  }
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
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
