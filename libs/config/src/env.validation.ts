import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off', ''].includes(v)) return false;
  return value;
};

/**
 * Every environment variable Homegroup reads, with its default. `.env.example` mirrors this class;
 * a wrong value stops the process at boot with a message naming the variable.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** When set, use this PostgreSQL server; when unset, start an embedded one. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  DATABASE_URL?: string;

  /** When set, Socket.IO uses the Redis Streams adapter and rate limits are shared through Redis. */
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Transform(toBoolean)
  @IsBoolean()
  RUN_MIGRATIONS = false;

  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO = false;

  @Transform(toBoolean)
  @IsBoolean()
  RUN_WORKER = true;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /**
   * Field encryption keys (ADR 0037): `id:<base64 of 32 bytes>` separated by commas; the first encrypts, the
   * others only decrypt (until `npm run keys:rotate` has moved every value). Required in production;
   * development and tests keep a generated ring in `<EMBEDDED_PG_DIR>/../field-keys.json`.
   */
  @IsOptional()
  @IsString()
  FIELD_ENCRYPTION_KEYS?: string;

  /** HMAC-SHA256 key (base64, at least 32 bytes) of the phone lookup hashes. Required in production. */
  @IsOptional()
  @IsString()
  FIELD_HASH_KEY?: string;

  /** Access token lifetime in seconds (at most 15 minutes). */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(900, { message: 'JWT_ACCESS_TTL_SECONDS must be at most 900 (15 minutes)' })
  JWT_ACCESS_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt()
  @Min(300)
  JWT_REFRESH_TTL_SECONDS = 30 * 24 * 3600;

  @Type(() => Number)
  @IsInt()
  @Min(8192)
  ARGON2_MEMORY_KIB = 19456;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  ARGON2_TIME_COST = 2;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  ARGON2_PARALLELISM = 1;

  /** Registrations allowed per IP per window (a treatment centre signs up 20 residents from one address). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTER_PER_IP = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_IP = 100;

  /**
   * Failed logins allowed per account from one address per window; then that address waits for the rest of the
   * window (the owner's other networks and signed-in devices do not).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT = 5;

  /** Failed logins allowed per account from all addresses together per window (guessing spread over networks). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES = 50;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 600;

  /** Days a resolved craving alert is kept (with its notes and answers) before the daily purge deletes it; 0 keeps it. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CRAVING_RETENTION_DAYS = 730;

  /** Distinct members whose reports within two weeks mark a meeting listing `reported` (ADR 0042). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LISTING_REPORT_THRESHOLD = 3;

  /** Comma-separated origins allowed by CORS; empty means same-origin only, `*` means any. */
  @IsString()
  CORS_ORIGINS = '';

  /**
   * Which proxies in front may set X-Forwarded-For (the client address used by per-IP limits):
   * `false` (none), a hop count such as `1` (one proxy, e.g. the compose nginx), or a comma-separated
   * list of proxy addresses/CIDRs. `true` trusts every hop and lets clients pick their own address.
   */
  @IsString()
  @Matches(/^(false|true|\d{1,2}|[0-9a-fA-F.:/, ]+)$/, {
    message: 'TRUST_PROXY must be false, true, a hop count such as 1, or proxy addresses/CIDRs',
  })
  TRUST_PROXY = 'false';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 64 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  DB_POOL_SIZE = 10;

  /**
   * The address the world reaches this server at (scheme, host, optional port and path, no trailing slash), e.g.
   * `https://homegroup.example.org`. Printed at start; Twilio's webhooks are signed against it (ADR 0044), so it is
   * required when SMS_PROVIDER=twilio.
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'PUBLIC_URL must be an http(s) URL without query or fragment' })
  PUBLIC_URL?: string;

  /**
   * Web Push (VAPID) key pair, base64url as `npx web-push generate-vapid-keys` prints it. Required in
   * production; development keeps a generated pair in `<EMBEDDED_PG_DIR>/../vapid-keys.json`, tests one per process.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{87}$/, {
    message:
      'VAPID_PUBLIC_KEY must be a VAPID public key: 87 base64url characters (an uncompressed P-256 point)',
  })
  VAPID_PUBLIC_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, {
    message: 'VAPID_PRIVATE_KEY must be a VAPID private key: 43 base64url characters (32 bytes)',
  })
  VAPID_PRIVATE_KEY?: string;

  /** Who push services contact about this server's pushes: a `mailto:` address or an https URL. */
  @Matches(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s]+)$/, {
    message: 'VAPID_SUBJECT must be a mailto: address or an https:// URL',
  })
  VAPID_SUBJECT = 'mailto:admin@homegroup.local';

  /**
   * Push services the server may POST to: comma-separated host names and `*.suffix` patterns (e.g.
   * `fcm.googleapis.com,*.push.services.mozilla.com,*.notify.windows.com,*.push.apple.com`). Empty: any host
   * that resolves to public addresses.
   */
  @IsString()
  PUSH_ALLOWED_HOSTS = '';

  /** Let pushes go to private and loopback addresses (only for a local push service in tests and development). */
  @Transform(toBoolean)
  @IsBoolean()
  PUSH_ALLOW_PRIVATE_ADDRESSES = false;

  /**
   * Let meeting sources (feeds fetched on a cadence, ADR 0043) be fetched from private, loopback and link-local
   * addresses (only for a local feed server in tests and development).
   */
  @Transform(toBoolean)
  @IsBoolean()
  MEETING_SOURCES_ALLOW_PRIVATE_ADDRESSES = false;

  /** The largest feed body a meeting source may send, in bytes (default 20 MB). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  MEETING_SOURCES_MAX_BYTES = 20 * 1024 * 1024;

  /** How long one feed fetch may take, connection to last byte, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(600)
  MEETING_SOURCES_TIMEOUT_SECONDS = 60;

  /** The shortest cadence a meeting source may ask for, in minutes. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  MEETING_SOURCES_MIN_CADENCE_MINUTES = 15;

  /**
   * Where texts and calls go (ADR 0044): `twilio` (Twilio's REST API) or `log` (kept in memory and listed on the
   * development page /dev/messages; nothing leaves the machine). Must be set explicitly when NODE_ENV=production.
   */
  @IsOptional()
  @IsIn(['twilio', 'log'], { message: 'SMS_PROVIDER must be twilio or log' })
  SMS_PROVIDER?: 'twilio' | 'log';

  /** Twilio account SID (`AC` and 32 hex digits). Required when SMS_PROVIDER=twilio. */
  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits' })
  TWILIO_ACCOUNT_SID?: string;

  /** Twilio auth token: signs the REST requests (Basic auth) and checks the webhooks' signatures. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'TWILIO_AUTH_TOKEN must be at least 16 characters' })
  TWILIO_AUTH_TOKEN?: string;

  /** The number texts and calls come from, E.164 (e.g. +14155550100). Required when SMS_PROVIDER=twilio. */
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'TWILIO_FROM_NUMBER must be a phone number in E.164 form, e.g. +14155550100' })
  TWILIO_FROM_NUMBER?: string;

  /** Twilio's REST API (tests point it at a local fake). */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'TWILIO_API_BASE_URL must be an http(s) URL' })
  TWILIO_API_BASE_URL = 'https://api.twilio.com';

  /** Texts plus calls charged to one member per UTC day. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  SMS_MAX_PER_MEMBER_PER_DAY = 30;

  /** Texts plus calls to one number per UTC day (whoever sends them). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  SMS_MAX_PER_RECIPIENT_PER_DAY = 10;

  /**
   * Countries (ISO 3166-1 alpha-2, comma-separated) whose numbers may be texted or called. The default is the
   * North American Numbering Plan's two largest members plus the UK, Ireland, Australia and New Zealand.
   */
  @Matches(/^\s*[A-Za-z]{2}(\s*,\s*[A-Za-z]{2})*\s*$/, {
    message: 'SMS_ALLOWED_COUNTRIES must be comma-separated ISO 3166-1 alpha-2 codes, e.g. US,CA,GB',
  })
  SMS_ALLOWED_COUNTRIES = 'US,CA,GB,IE,AU,NZ';
}

const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'VAPID_PRIVATE_KEY',
  'FIELD_ENCRYPTION_KEYS',
  'FIELD_HASH_KEY',
  'TWILIO_AUTH_TOKEN',
]);

export class ConfigValidationError extends Error {}

/** Validates `raw` (usually process.env); throws one error naming every wrong variable. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables());
  const input: Record<string, unknown> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'REDIS_URL',
    'JWT_SECRET',
    'PUBLIC_URL',
    'VAPID_PUBLIC_KEY',
    'VAPID_PRIVATE_KEY',
    'FIELD_ENCRYPTION_KEYS',
    'FIELD_HASH_KEY',
    'SMS_PROVIDER',
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'TWILIO_FROM_NUMBER',
  ]) {
    const value = raw[key];
    if (value !== undefined && !(typeof value === 'string' && value === '' && key !== 'CORS_ORIGINS')) {
      input[key] = value;
    }
  }
  const env = plainToInstance(EnvironmentVariables, input, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const messages = Object.values(e.constraints ?? {}).join('; ');
      const shown = SECRET_VARIABLES.has(e.property) ? '(hidden)' : JSON.stringify(raw[e.property]);
      return `  ${e.property}=${shown}: ${messages}`;
    });
    throw new ConfigValidationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
