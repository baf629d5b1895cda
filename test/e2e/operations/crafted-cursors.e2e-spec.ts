import { randomUUID } from 'node:crypto';
import { INVALID_CURSOR_MESSAGE, searchFingerprint } from '@homegroup/operations';
import { registerMember, type TestMember } from '../../factories/member.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';

type ErrorBody = { message: string; fields?: { field: string; messages: string[] }[] };

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
const HEX36 = 'a'.repeat(36);
const AT = '2026-02-01T10:00:00.000Z';

/** What every paged route must refuse: garbage, JSON of the wrong shape, and cursors of the right shape with crafted fields. */
const GARBAGE: [string, string][] = [
  ['garbage base64', 'bm9wZQ'],
  ['not base64 at all', '%25%25%25'],
  ['base64 of a JSON array', b64([1, 2, 3])],
  ['base64 of a JSON string', b64('"x"')],
  ['base64 of JSON null', b64('null')],
  ['base64 of an object of another shape', b64({ x: 1 })],
  ['the old text form with 36 hex characters as the id', b64(`${AT}|${HEX36}`)],
];

/** Keyset cursors on (timestamp, id): GET /cravings and GET /practice-calls. */
const KEYSET: [string, string][] = [
  ...GARBAGE,
  ['36 hex characters as the id', b64({ t: AT, i: HEX36 })],
  ['an id with a quote', b64({ t: AT, i: `${randomUUID().slice(0, 35)}'` })],
  ['a date that does not exist', b64({ t: '2026-02-30T10:00:00.000Z', i: randomUUID() })],
  ['a date past year 9999', b64({ t: '+275760-09-13T00:00:00.000Z', i: randomUUID() })],
  ['a number as the date', b64({ t: 2147483648, i: randomUUID() })],
  ['an extra field', b64({ t: AT, i: randomUUID(), x: 1 })],
  ['a missing field', b64({ i: randomUUID() })],
];

/**
 * Issue 9 defect 4: crafted cursors answered 500 (PostgreSQL 22P02 for a 36-hex id, an int4 overflow for a
 * sponsor count of 2147483648, an invalid date). Every paged route uses the one codec of libs/operations and
 * answers 400 on `cursor`, telling the caller to start again without it.
 */
describe('crafted paging cursors are a 400 on every paged route', () => {
  let t: TestApp;
  let member: TestMember;

  beforeAll(async () => {
    t = await createTestApp();
    member = await registerMember(t.api);
  });

  afterAll(async () => {
    await t.close();
  });

  const expectInvalidCursor = (res: { status: number; body: ErrorBody }): void => {
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/cursor/i);
    expect(res.body.fields?.map((f) => f.field)).toEqual(['cursor']);
  };

  it.each(KEYSET)('GET /cravings: %s', async (_, cursor) => {
    expectInvalidCursor(await t.api.get<ErrorBody>(`/cravings?cursor=${cursor}`, { token: member.accessToken }));
  });

  it.each(KEYSET)('GET /practice-calls: %s', async (_, cursor) => {
    expectInvalidCursor(await t.api.get<ErrorBody>(`/practice-calls?cursor=${cursor}`, { token: member.accessToken }));
  });

  it('should still accept a well-formed cursor of the keyset routes (an empty next page)', async () => {
    const cursor = b64({ t: AT, i: randomUUID() });
    for (const path of ['/cravings', '/practice-calls']) {
      const res = await t.api.get<{ items: unknown[] }>(`${path}?cursor=${cursor}`, { token: member.accessToken });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
  });

  describe('GET /meetings', () => {
    const q = `crafted${Date.now().toString(36)}`;
    const search = searchFingerprint({ q });
    const base = { s: search, o: Date.parse(AT), t: Date.parse(AT), d: null, i: randomUUID() };

    it('should accept a cursor of the right shape for the same search (the fingerprint the tests craft is right)', async () => {
      const res = await t.api.get<{ items: unknown[] }>(`/meetings?q=${q}&cursor=${b64(base)}`);
      expect(res.status).toBe(200);
    });

    it.each<[string, string]>([
      ...GARBAGE,
      ['36 hex characters as the id', b64({ ...base, i: HEX36 })],
      ['an origin far past any date', b64({ ...base, o: 1e300 })],
      ['a start of 2^53', b64({ ...base, t: 2 ** 53 })],
      ['a fractional instant', b64({ ...base, t: base.t + 0.5 })],
      ['a negative distance', b64({ ...base, d: -1 })],
      ['a distance as text', b64({ ...base, d: '1' })],
      ['an extra field', b64({ ...base, x: 1 })],
    ])('%s', async (_, cursor) => {
      expectInvalidCursor(await t.api.get<ErrorBody>(`/meetings?q=${q}&cursor=${cursor}`));
    });
  });

  describe('GET /sponsors', () => {
    const region = `crafted${Date.now().toString(36)}`;
    const search = searchFingerprint({ f: null, l: null, r: region.toLowerCase(), g: null, n: null });
    const load = { o: 'l', s: search, c: 0, t: '2026-02-01 10:00:00.123456+00', i: randomUUID() };

    it('should accept a cursor of the right shape for the same search (the fingerprint the tests craft is right)', async () => {
      const res = await t.api.get<{ items: unknown[] }>(`/sponsors?region=${region}&cursor=${b64(load)}`, {
        token: member.accessToken,
      });
      expect(res.status).toBe(200);
    });

    it.each<[string, string]>([
      ...GARBAGE,
      ['a sponsee count of 2147483648 (int4 overflow)', b64({ ...load, c: 2147483648 })],
      ['a negative sponsee count', b64({ ...load, c: -1 })],
      ['a fractional sponsee count', b64({ ...load, c: 1.5 })],
      ['a month 13 timestamp', b64({ ...load, t: '2026-13-01 10:00:00+00' })],
      ['a 30 February timestamp', b64({ ...load, t: '2026-02-30 10:00:00+00' })],
      ['36 hex characters as the id', b64({ ...load, i: HEX36 })],
      ['a nearest cursor with a huge distance', b64({ o: 'n', s: search, d: 1e308, i: randomUUID() })],
      ['an unknown order', b64({ ...load, o: 'x' })],
    ])('%s', async (_, cursor) => {
      expectInvalidCursor(
        await t.api.get<ErrorBody>(`/sponsors?region=${region}&cursor=${cursor}`, { token: member.accessToken }),
      );
    });
  });

  it('should say what to do in the message', () => {
    expect(INVALID_CURSOR_MESSAGE).toMatch(/start again without it/);
  });
});
