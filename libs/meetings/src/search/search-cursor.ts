import { CursorCodec, cursorField, FINGERPRINT } from '@homegroup/operations';

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

/** Instants a search can be made from or find (years 2000–2999): enough for any real page, and every date
 *  arithmetic on them stays a valid Date. */
const FROM_MS = Date.UTC(2000, 0, 1);
const TO_MS = Date.UTC(3000, 0, 1);

/** The one codec of libs/operations: every field checked (instants as epoch ms, a uuid id). */
const CODEC = new CursorCodec({
  s: FINGERPRINT,
  o: cursorField.epochMs(FROM_MS, TO_MS),
  t: cursorField.epochMs(FROM_MS, TO_MS),
  d: cursorField.nullable(cursorField.number(0, 25_000)),
  i: cursorField.uuid(),
});

export function encodeSearchCursor(c: SearchCursor): string {
  return CODEC.encode({ s: c.search, o: c.origin, t: c.start, d: c.distanceKm, i: c.id });
}

/** Undefined when the text is not one of our cursors. */
export function decodeSearchCursor(text: string): SearchCursor | undefined {
  const c = CODEC.tryDecode(text);
  return c && { search: c.s, origin: c.o, start: c.t, distanceKm: c.d, id: c.i };
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
