import { createHash } from 'node:crypto';

/** Where the previous page of `GET /sponsors` stopped; opaque to clients (base64url JSON). */
export type DiscoveryCursor =
  | { order: 'nearest'; search: string; distanceKm: number; id: string }
  | { order: 'load'; search: string; activeSponsees: number; createdAt: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PostgreSQL's text form of a timestamptz, e.g. `2026-11-23 16:30:00.123456+00`. */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** A short fingerprint of the filters, so a cursor cannot be replayed against another search. */
export function searchFingerprint(filters: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 12);
}

export function encodeCursor(cursor: DiscoveryCursor): string {
  const compact =
    cursor.order === 'nearest'
      ? { o: 'n', s: cursor.search, d: cursor.distanceKm, i: cursor.id }
      : { o: 'l', s: cursor.search, c: cursor.activeSponsees, t: cursor.createdAt, i: cursor.id };
  return Buffer.from(JSON.stringify(compact), 'utf8').toString('base64url');
}

/** Parses a cursor; undefined when it is not one of ours (tampered, truncated, from another version). */
export function decodeCursor(text: string): DiscoveryCursor | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  if (typeof c.s !== 'string' || typeof c.i !== 'string' || !UUID.test(c.i)) return undefined;
  if (c.o === 'n' && typeof c.d === 'number' && Number.isFinite(c.d) && c.d >= 0) {
    return { order: 'nearest', search: c.s, distanceKm: c.d, id: c.i };
  }
  if (
    c.o === 'l' &&
    typeof c.c === 'number' &&
    Number.isInteger(c.c) &&
    c.c >= 0 &&
    typeof c.t === 'string' &&
    PG_TIMESTAMP.test(c.t)
  ) {
    return { order: 'load', search: c.s, activeSponsees: c.c, createdAt: c.t, id: c.i };
  }
  return undefined;
}
