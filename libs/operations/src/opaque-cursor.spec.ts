import { BadRequestException } from '@nestjs/common';
import { CursorCodec, cursorField, encodeOpaqueCursor, FINGERPRINT, INVALID_CURSOR_MESSAGE } from './opaque-cursor';

const ID = '6f1c2b8e-3d4a-4f5b-9c6d-7e8f9a0b1c2d';
const codec = new CursorCodec({
  s: FINGERPRINT,
  i: cursorField.uuid(),
  n: cursorField.integer(0),
  t: cursorField.instant(),
  p: cursorField.pgTimestamp(),
  d: cursorField.nullable(cursorField.number(0, 100)),
  o: cursorField.oneOf('a', 'b'),
});
const good = { s: 'abc_DEF-123', i: ID, n: 5, t: new Date('2026-02-01T10:00:00.123Z'), p: '2026-02-01 10:00:00.123456+00', d: null, o: 'a' as const };
const raw = { ...good, t: good.t.toISOString() };

describe('CursorCodec', () => {
  it('should read back what it wrote', () => {
    expect(codec.decode(codec.encode(good))).toEqual(good);
    expect(codec.decode(codec.encode({ ...good, d: 12.5, o: 'b' }))).toEqual({ ...good, d: 12.5, o: 'b' });
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['not base64url', '***'],
    ['base64 of garbage', Buffer.from('nope').toString('base64url')],
    ['a JSON array', encodeOpaqueCursor([1] as unknown as Record<string, unknown>)],
    ['a missing key', encodeOpaqueCursor({ ...raw, o: undefined })],
    ['an extra key', encodeOpaqueCursor({ ...raw, x: 1 })],
    ['36 hex characters as a uuid', encodeOpaqueCursor({ ...raw, i: 'a'.repeat(36) })],
    ['an int4 overflow', encodeOpaqueCursor({ ...raw, n: 2147483648 })],
    ['a negative count', encodeOpaqueCursor({ ...raw, n: -1 })],
    ['a fraction', encodeOpaqueCursor({ ...raw, n: 1.5 })],
    ['a number as text', encodeOpaqueCursor({ ...raw, n: '5' })],
    ['30 February', encodeOpaqueCursor({ ...raw, t: '2026-02-30T10:00:00.000Z' })],
    ['an instant without a zone', encodeOpaqueCursor({ ...raw, t: '2026-02-01T10:00:00' })],
    ['month 13 in PostgreSQL text', encodeOpaqueCursor({ ...raw, p: '2026-13-01 10:00:00+00' })],
    ['hour 24 in PostgreSQL text', encodeOpaqueCursor({ ...raw, p: '2026-01-01 24:00:00+00' })],
    ['a distance out of range', encodeOpaqueCursor({ ...raw, d: 1e308 })],
    ['an unknown constant', encodeOpaqueCursor({ ...raw, o: 'c' })],
    ['a fingerprint with a quote', encodeOpaqueCursor({ ...raw, s: "a'b" })],
    ['a very long text', 'A'.repeat(5000)],
  ])('should refuse %s with a 400 on cursor', (_, text) => {
    expect(codec.tryDecode(text)).toBeUndefined();
    let error: unknown;
    try {
      codec.decode(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toMatchObject({
      statusCode: 400,
      message: INVALID_CURSOR_MESSAGE,
      fields: [{ field: 'cursor', messages: [INVALID_CURSOR_MESSAGE] }],
    });
  });
});
