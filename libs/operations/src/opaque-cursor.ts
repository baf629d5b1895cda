import { createHash } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';

/** A UUID as the API writes them (any version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What every paged route answers (400, field `cursor`) for a cursor it did not make. */
export const INVALID_CURSOR_MESSAGE =
  'The cursor is not valid; start again without it (or pass the nextCursor of the previous page unchanged)';

/** The 400 for a cursor that is not one of ours (crafted, truncated, from another version or another search). */
export function invalidCursor(message: string = INVALID_CURSOR_MESSAGE): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message,
    fields: [{ field: 'cursor', messages: [message] }],
  });
}

/** A short fingerprint of a search's filters, so a paging cursor cannot be replayed against another search. */
export function searchFingerprint(filters: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 12);
}

/** Longest cursor text read at all (ours are well under 300 characters). */
const MAX_CURSOR_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A paging cursor as clients see it: opaque (base64url JSON of the caller's compact fields). */
export function encodeOpaqueCursor(fields: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

/** The fields of a cursor made by `encodeOpaqueCursor`; undefined when the text is not one (see `CursorCodec`). */
export function decodeOpaqueCursor(text: string): Record<string, unknown> | undefined {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !BASE64URL.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * One field of a cursor: how it is written into the JSON, and how it is read back — undefined for anything
 * the encoder would not have written (so no crafted value ever reaches SQL as a type PostgreSQL refuses).
 */
export type CursorField<T> = {
  // Method syntax on purpose: a shape of fields of different types is a Record<string, CursorField<unknown>>.
  write(value: T): unknown;
  read(raw: unknown): T | undefined;
};

const same = <T>(value: T): unknown => value;
const INT4_MAX = 2_147_483_647;
/** Year 0001 to 9999 in epoch milliseconds: what PostgreSQL's timestamptz and JS Dates both hold. */
const MIN_EPOCH_MS = Date.UTC(1, 0, 1) - 0;
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** PostgreSQL's text form of a timestamptz (`2026-11-23 16:30:00.123456+00`). */
const PG_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?$/;

function validCalendar(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The field kinds paged routes use. Each checks type, pattern AND the range of the column it is compared with. */
export const cursorField = {
  /** A uuid column. */
  uuid: (): CursorField<string> => ({
    write: same,
    read: (raw) => (typeof raw === 'string' && UUID_PATTERN.test(raw) ? raw : undefined),
  }),
  /** An integer column (int4 by default). */
  integer: (min = -INT4_MAX - 1, max = INT4_MAX): CursorField<number> => ({
    write: same,
    read: (raw) => (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= min && raw <= max ? raw : undefined),
  }),
  /** A float8 (or computed) value within [min, max]. */
  number: (min: number, max: number): CursorField<number> => ({
    write: same,
    read: (raw) => (typeof raw === 'number' && Number.isFinite(raw) && raw >= min && raw <= max ? raw : undefined),
  }),
  /** An instant, written as ISO 8601 UTC (`toISOString`), read back as a Date within years 1–9999. */
  instant: (): CursorField<Date> => ({
    write: (value) => value.toISOString(),
    read: (raw) => {
      if (typeof raw !== 'string' || !ISO_INSTANT.test(raw)) return undefined;
      const at = new Date(raw);
      const ms = at.getTime();
      return Number.isNaN(ms) || at.toISOString().slice(0, 19) !== raw.slice(0, 19) ? undefined : at;
    },
  }),
  /** An instant as epoch milliseconds (an integer; by default within years 1–9999). */
  epochMs: (min = MIN_EPOCH_MS, max = MAX_EPOCH_MS): CursorField<number> => cursorField.integer(min, max),
  /** PostgreSQL's own text of a timestamptz, kept verbatim (microseconds matter for keyset order). */
  pgTimestamp: (): CursorField<string> => ({
    write: same,
    read: (raw) => {
      if (typeof raw !== 'string') return undefined;
      const m = PG_TIMESTAMP.exec(raw);
      if (!m) return undefined;
      const [y, mo, d, h, mi, s, , , oh, om] = m.slice(1).map(Number);
      if (!validCalendar(y, mo, d, h, mi, s) || y > 9999 || oh > 15 || (om || 0) > 59) return undefined;
      return raw;
    },
  }),
  /** A short text matching `pattern` (fingerprints, tags). */
  text: (pattern: RegExp): CursorField<string> => ({
    write: same,
    read: (raw) => (typeof raw === 'string' && raw.length <= 64 && pattern.test(raw) ? raw : undefined),
  }),
  /** One of the given constants. */
  oneOf: <T extends string>(...values: T[]): CursorField<T> => ({
    write: same,
    read: (raw) => (values.includes(raw as T) ? (raw as T) : undefined),
  }),
  /** `inner`, or null. */
  nullable: <T>(inner: CursorField<T>): CursorField<T | null> => ({
    write: (value) => (value === null ? null : inner.write(value)),
    read: (raw) => (raw === null ? null : inner.read(raw)),
  }),
};

/** A search fingerprint as `searchFingerprint` makes them. */
export const FINGERPRINT = cursorField.text(/^[A-Za-z0-9_-]{1,32}$/);

type Shape = Record<string, CursorField<unknown>>;
export type CursorOf<S extends Shape> = { [K in keyof S]: S[K] extends CursorField<infer T> ? T : never };

/**
 * THE paging cursor codec of every paged route: a cursor is opaque base64url JSON of exactly the shape's
 * keys, and decoding checks every field (UUID pattern, integer ranges that fit the column, real timestamps).
 * Anything else — crafted ids, overflowing numbers, garbage, JSON of another shape — is a 400 on `cursor`
 * with a message saying to start again without it, never a query PostgreSQL refuses.
 */
export class CursorCodec<S extends Shape> {
  constructor(private readonly shape: S) {}

  encode(value: CursorOf<S>): string {
    const fields: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(this.shape)) fields[key] = field.write(value[key]);
    return encodeOpaqueCursor(fields);
  }

  /** The cursor's fields, or undefined when the text is not a cursor of this shape. */
  tryDecode(text: string): CursorOf<S> | undefined {
    const raw = decodeOpaqueCursor(text);
    if (!raw) return undefined;
    const keys = Object.keys(this.shape);
    if (Object.keys(raw).length !== keys.length) return undefined;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(raw, key)) return undefined;
      const value = this.shape[key].read(raw[key]);
      if (value === undefined) return undefined;
      out[key] = value;
    }
    return out as CursorOf<S>;
  }

  /** The cursor's fields; a 400 on `cursor` (INVALID_CURSOR_MESSAGE) when the text is not one of ours. */
  decode(text: string): CursorOf<S> {
    const value = this.tryDecode(text);
    if (value === undefined) throw invalidCursor();
    return value;
  }
}
