import { compareHits, decodeSearchCursor, encodeSearchCursor } from './search-cursor';

describe('search cursor', () => {
  const id = '8f14e45f-ceea-4e7a-9c2b-1f3a6d7e8b90';

  it('should round-trip and refuse anything that is not one of ours', () => {
    const cursor = { search: 'abc', origin: 1_700_000_000_000, start: 1_700_000_360_000, distanceKm: 3.5, id };
    expect(decodeSearchCursor(encodeSearchCursor(cursor))).toEqual(cursor);
    expect(decodeSearchCursor(encodeSearchCursor({ ...cursor, distanceKm: null }))?.distanceKm).toBeNull();
    expect(decodeSearchCursor('not-base64-json')).toBeUndefined();
    expect(decodeSearchCursor(Buffer.from(JSON.stringify({ s: 'abc', o: 1, t: 2, d: -1, i: id })).toString('base64url'))).toBeUndefined();
    expect(decodeSearchCursor(Buffer.from(JSON.stringify({ s: 'abc', o: 1, t: 2, d: 1, i: 'x' })).toString('base64url'))).toBeUndefined();
  });

  it('should order by start, then distance (none last), then id', () => {
    const a = { start: 1, distanceKm: 5, id: 'b' };
    const b = { start: 1, distanceKm: 2, id: 'c' };
    const c = { start: 1, distanceKm: null, id: 'a' };
    const d = { start: 0, distanceKm: 9, id: 'z' };
    expect([a, b, c, d].sort(compareHits)).toEqual([d, b, a, c]);
  });
});
