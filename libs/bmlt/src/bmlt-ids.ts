import { createHash } from 'node:crypto';

/**
 * Stable numeric ids for BMLT clients, derived (nothing is stored): BMLT ids are numbers, ours are UUIDs.
 *
 * A listing (one meeting on one local weekday) is `prefix × 8 + weekday + 1`, where `prefix` is the first 48 bits
 * of the meeting's UUID: below 2^51, so exact in JavaScript. Its weekday is part of it because BMLT has one weekday
 * per meeting; a meeting on Monday and Thursday is two listings. Two meetings sharing a 48-bit prefix are
 * possible but unlikely (about 1 in 500 with a million meetings); they would then share the id.
 */
export const LISTING_ID_SQL = (meetingId: string, weekday: string): string =>
  `((('x' || left(replace(${meetingId}::text, '-', ''), 12))::bit(48)::bigint) * 8 + ${weekday} + 1)`;

/** The same prefix alone (× 8): a change of a meeting, whatever its weekdays. */
export const MEETING_PREFIX_SQL = (meetingId: string): string =>
  `((('x' || left(replace(${meetingId}::text, '-', ''), 12))::bit(48)::bigint) * 8)`;

export function listingId(meetingId: string, weekday: number): number {
  return Number.parseInt(meetingId.replaceAll('-', '').slice(0, 12), 16) * 8 + weekday + 1;
}

/** The root service body: this server. Meetings without a region belong to it. */
export const ROOT_SERVICE_BODY_ID = 1;

/**
 * A region path (["Brooklyn", "Park Slope"], general to specific, any case) as a service body id: 31 bits of the
 * SHA-256 of the lower-case path, kept above 1000 so it never meets the root's.
 */
export function serviceBodyId(path: readonly string[]): number {
  if (path.length === 0) return ROOT_SERVICE_BODY_ID;
  const hash = createHash('sha256')
    .update(path.map((p) => p.trim().toLowerCase()).join('\u001f'))
    .digest();
  return 1000 + (hash.readUInt32BE(0) % 2_147_000_000);
}
