import { decodeOpaqueCursor, encodeOpaqueCursor, UUID_PATTERN } from '@homegroup/operations';

export { searchFingerprint } from '@homegroup/operations';

/** Where the previous page of `GET /sponsors` stopped; opaque to clients (base64url JSON). */
export type DiscoveryCursor =
  | { order: 'nearest'; search: string; distanceKm: number; id: string }
  | { order: 'load'; search: string; activeSponsees: number; createdAt: string; id: string };

/** PostgreSQL's text form of a timestamptz, e.g. `2026-11-23 16:30:00.123456+00`. */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

export function encodeCursor(cursor: DiscoveryCursor): string {
  const compact =
    cursor.order === 'nearest'
      ? { o: 'n', s: cursor.search, d: cursor.distanceKm, i: cursor.id }
      : { o: 'l', s: cursor.search, c: cursor.activeSponsees, t: cursor.createdAt, i: cursor.id };
  return encodeOpaqueCursor(compact);
}

/** Parses a cursor; undefined when it is not one of ours (tampered, truncated, from another version). */
export function decodeCursor(text: string): DiscoveryCursor | undefined {
  const c = decodeOpaqueCursor(text);
  if (!c) return undefined;
  if (typeof c.s !== 'string' || typeof c.i !== 'string' || !UUID_PATTERN.test(c.i)) return undefined;
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
