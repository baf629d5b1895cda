import { decodeOpaqueCursor, encodeOpaqueCursor, UUID_PATTERN } from '@homegroup/operations';

export { searchFingerprint } from '@homegroup/operations';

/**
 * Where a page of `GET /meetings` stopped: the last item's (start, distance, id), the instant the
 * search was made from (so every page sees the same "now"), and a fingerprint of the filters. Opaque to
 * clients (base64url JSON).
 */
export type SearchCursor = {
  search: string;
  origin: number;
  start: number;
  distanceKm: number | null;
  id: string;
};

export function encodeSearchCursor(c: SearchCursor): string {
  return encodeOpaqueCursor({ s: c.search, o: c.origin, t: c.start, d: c.distanceKm, i: c.id });
}

/** Undefined when the text is not one of our cursors. */
export function decodeSearchCursor(text: string): SearchCursor | undefined {
  const c = decodeOpaqueCursor(text);
  if (!c) return undefined;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (
    typeof c.s !== 'string' ||
    !finite(c.o) ||
    !finite(c.t) ||
    typeof c.i !== 'string' ||
    !UUID_PATTERN.test(c.i)
  )
    return undefined;
  if (c.d !== null && !(finite(c.d) && c.d >= 0)) return undefined;
  return { search: c.s, origin: c.o, start: c.t, distanceKm: c.d, id: c.i };
}

export type Ordered = { start: number; distanceKm: number | null; id: string };

/** The search order: next start, then distance (none last), then id. */
export function compareHits(a: Ordered, b: Ordered): number {
  if (a.start !== b.start) return a.start - b.start;
  const da = a.distanceKm ?? Number.POSITIVE_INFINITY;
  const db = b.distanceKm ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
