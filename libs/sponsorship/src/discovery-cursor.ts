import { CursorCodec, cursorField, FINGERPRINT } from '@homegroup/operations';

export { searchFingerprint } from '@homegroup/operations';

/** Where the previous page of `GET /sponsors` stopped; opaque to clients (base64url JSON). */
export type DiscoveryCursor =
  | { order: 'nearest'; search: string; distanceKm: number; id: string }
  | { order: 'load'; search: string; activeSponsees: number; createdAt: string; id: string };

/** Half the earth's circumference, with room: no distance between two points is larger. */
const MAX_DISTANCE_KM = 25_000;

/** The two shapes, in the one codec of libs/operations (every field checked against its column). */
const NEAREST = new CursorCodec({
  o: cursorField.oneOf('n'),
  s: FINGERPRINT,
  d: cursorField.number(0, MAX_DISTANCE_KM),
  i: cursorField.uuid(),
});
const LOAD = new CursorCodec({
  o: cursorField.oneOf('l'),
  s: FINGERPRINT,
  c: cursorField.integer(0), // active_sponsee_count is an int4
  t: cursorField.pgTimestamp(),
  i: cursorField.uuid(),
});

export function encodeCursor(cursor: DiscoveryCursor): string {
  return cursor.order === 'nearest'
    ? NEAREST.encode({ o: 'n', s: cursor.search, d: cursor.distanceKm, i: cursor.id })
    : LOAD.encode({ o: 'l', s: cursor.search, c: cursor.activeSponsees, t: cursor.createdAt, i: cursor.id });
}

/** Parses a cursor; undefined when it is not one of ours (tampered, truncated, from another version). */
export function decodeCursor(text: string): DiscoveryCursor | undefined {
  const near = NEAREST.tryDecode(text);
  if (near) return { order: 'nearest', search: near.s, distanceKm: near.d, id: near.i };
  const load = LOAD.tryDecode(text);
  if (load) return { order: 'load', search: load.s, activeSponsees: load.c, createdAt: load.t, id: load.i };
  return undefined;
}
