import type { TestMember } from '../../factories/member.factory';
import {
  activeSponsorship,
  putSponsorProfile,
  registerSponsee,
  registerSponsor,
  SponsorProfileInput,
  transition,
  uniqueTag,
  updateMemberProfile,
  type MemberProfile,
} from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type Card = {
  id: string;
  displayName: string;
  fellowships: string[];
  languages: string[];
  bio: string | null;
  region: string | null;
  distanceKm?: number;
};
type Page = { items: Card[]; nextCursor: string | null };
type ErrorBody = { statusCode: number; message: string; fields?: { field: string }[] };

describe('sponsor discovery (GET /sponsors)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  /** Every test scopes its sponsors by a region tag nobody else uses (the database is shared by the file). */
  const sponsorIn = (
    tag: string,
    sponsorProfile: Partial<SponsorProfileInput> = {},
    profile: MemberProfile = {},
  ) => registerSponsor(t.api, { sponsorProfile: { region: `Town ${tag}`, ...sponsorProfile }, profile });

  const search = async (caller: TestMember, params: Record<string, string | number>): Promise<Page> => {
    const query = new URLSearchParams(
      Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const res = await t.api.get<Page>(`/sponsors?${query.toString()}`, { token: caller.accessToken });
    if (res.status !== 200)
      throw new Error(`GET /sponsors failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const ids = (page: Page): string[] => page.items.map((c) => c.id);

  it('should list available sponsors with room, fewest sponsees then newest first, never the caller', async () => {
    const tag = uniqueTag();
    const oldest = await sponsorIn(tag);
    const busy = await sponsorIn(tag);
    const newest = await sponsorIn(tag);
    await activeSponsorship(t.api, await registerSponsee(t.api), busy);
    const caller = await sponsorIn(tag);
    const page = await search(caller, { region: tag, gender: 'any' });
    expect(ids(page)).toEqual([newest.id, oldest.id, busy.id]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      id: newest.id,
      displayName: newest.displayName,
      fellowships: ['NA'],
      languages: [],
      bio: null,
      region: `Town ${tag}`,
    });
  });

  it('should filter by fellowship and language, and match the region case-insensitively', async () => {
    const tag = uniqueTag();
    const naEnglish = await sponsorIn(tag, { fellowships: ['NA'], languages: ['en'] });
    const aaSpanish = await sponsorIn(tag, { fellowships: ['AA'], languages: ['es'] });
    const bothSpanish = await sponsorIn(tag, { fellowships: ['NA', 'AA'], languages: ['en', 'es'] });
    const caller = await registerSponsee(t.api);
    expect(ids(await search(caller, { region: tag, fellowship: 'NA', language: 'es' }))).toEqual([
      bothSpanish.id,
    ]);
    expect(new Set(ids(await search(caller, { region: tag, fellowship: 'aa' })))).toEqual(
      new Set([aaSpanish.id, bothSpanish.id]),
    );
    expect(new Set(ids(await search(caller, { region: tag.toUpperCase(), language: 'en' })))).toEqual(
      new Set([naEnglish.id, bothSpanish.id]),
    );
    expect(ids(await search(caller, { region: `${tag}%` }))).toEqual([]);
  });

  it('should default to the caller’s same-gender preference and let gender=any override it', async () => {
    const tag = uniqueTag();
    const woman = await sponsorIn(tag, {}, { gender: 'woman' });
    const man = await sponsorIn(tag, {}, { gender: 'man' });
    const unsaid = await sponsorIn(tag);
    const caller = await registerSponsee(t.api, { gender: 'woman' });
    expect(ids(await search(caller, { region: tag }))).toEqual([woman.id]);
    expect(new Set(ids(await search(caller, { region: tag, gender: 'any' })))).toEqual(
      new Set([woman.id, man.id, unsaid.id]),
    );
    await updateMemberProfile(t.api, caller, { sponsorGenderPreference: 'any' });
    expect(ids(await search(caller, { region: tag }))).toHaveLength(3);
    expect(ids(await search(caller, { region: tag, gender: 'same' }))).toEqual([woman.id]);
    // 'same' does not filter for a member who has not said their gender.
    const noGender = await registerSponsee(t.api);
    expect(ids(await search(noGender, { region: tag }))).toHaveLength(3);
  });

  it('should hide sponsors at capacity and unavailable ones, and show them again when that changes', async () => {
    const tag = uniqueTag();
    const full = await sponsorIn(tag, { maxSponsees: 1 });
    const away = await sponsorIn(tag, { available: false });
    const open = await sponsorIn(tag);
    const sponsorship = await activeSponsorship(t.api, await registerSponsee(t.api), full);
    const caller = await registerSponsee(t.api);
    expect(ids(await search(caller, { region: tag }))).toEqual([open.id]);
    await transition(t.api, full, sponsorship.id, 'end');
    await putSponsorProfile(t.api, away, {
      available: true,
      maxSponsees: 3,
      fellowships: ['NA'],
      region: `Town ${tag}`,
    });
    expect(new Set(ids(await search(caller, { region: tag })))).toEqual(new Set([full.id, away.id, open.id]));
  });

  it('should hide members on either side of a block', async () => {
    const tag = uniqueTag();
    const blockedByCaller = await sponsorIn(tag);
    const blockedTheCaller = await sponsorIn(tag);
    const caller = await registerSponsee(t.api);
    await t.api.post('/blocks', { userId: blockedByCaller.id }, { token: caller.accessToken });
    await t.api.post('/blocks', { userId: caller.id }, { token: blockedTheCaller.accessToken });
    expect(ids(await search(caller, { region: tag }))).toEqual([]);
    const someoneElse = await registerSponsee(t.api);
    expect(ids(await search(someoneElse, { region: tag }))).toHaveLength(2);
  });

  it('should never carry an email, phone number or clean date in the answer', async () => {
    const tag = uniqueTag();
    const sponsor = await sponsorIn(
      tag,
      { bio: 'Clean and grateful, happy to take calls', location: { lat: 40.7128, lng: -74.006 } },
      { phone: '+14155550123', cleanDate: '2019-03-04', gender: 'man' },
    );
    const caller = await registerSponsee(t.api);
    for (const query of [`region=${tag}`, `region=${tag}&lat=40.7&lng=-74&radiusKm=20`]) {
      const res = await fetch(`${t.baseUrl}/api/v1/sponsors?${query}&gender=any`, {
        headers: { authorization: `Bearer ${caller.accessToken}` },
      });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toContain(sponsor.id);
      for (const secret of [
        sponsor.email,
        '+14155550123',
        '4155550123',
        '2019-03-04',
        'email',
        'phone',
        'cleanDate',
        'clean_date',
        '40.71',
        '-74.01',
        '"lat"',
        'gender',
      ]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('should refuse a bio or region that carries contact details (they would leak through discovery)', async () => {
    const member = await registerSponsee(t.api);
    const withPhone = await t.api.put<ErrorBody>(
      '/me/sponsor-profile',
      { available: true, maxSponsees: 2, fellowships: ['NA'], bio: 'call me on 415 555 0123' },
      { token: member.accessToken },
    );
    expect(withPhone.status).toBe(400);
    expect(withPhone.body.fields?.map((f) => f.field)).toEqual(['bio']);
    expect(withPhone.body.message).toMatch(/must not contain an email address or phone number/);
    const withEmail = await t.api.put<ErrorBody>(
      '/me/sponsor-profile',
      { available: true, maxSponsees: 2, fellowships: ['NA'], region: 'ask sam@example.org' },
      { token: member.accessToken },
    );
    expect(withEmail.status).toBe(400);
    expect(withEmail.body.fields?.map((f) => f.field)).toEqual(['region']);
  });

  describe('near a point', () => {
    // Fiji straddles the antimeridian: Taveuni at 179.9°E and Qamea's neighbour at 179.9°W are ~21 km apart.
    it('should find and order sponsors across the antimeridian', async () => {
      const tag = uniqueTag();
      const east = await sponsorIn(tag, { location: { lat: -16.8, lng: 179.9 } });
      const west = await sponsorIn(tag, { location: { lat: -16.8, lng: -179.9 } });
      const farther = await sponsorIn(tag, { location: { lat: -16.8, lng: 178.5 } });
      const farAway = await sponsorIn(tag, { location: { lat: -16.8, lng: 170 } });
      const noLocation = await sponsorIn(tag);
      const caller = await registerSponsee(t.api);

      const fromEast = await search(caller, { region: tag, lat: -16.8, lng: 179.95, radiusKm: 50 });
      expect(ids(fromEast)).toEqual([east.id, west.id]);
      expect(fromEast.items.map((c) => c.distanceKm)).toEqual([5, 16]);

      const fromWest = await search(caller, { region: tag, lat: -16.8, lng: -179.95, radiusKm: 200 });
      expect(ids(fromWest)).toEqual([west.id, east.id, farther.id]);
      expect(fromWest.items.map((c) => c.distanceKm)).toEqual([5, 16, 165]);
      expect(ids(fromWest)).not.toContain(farAway.id);
      expect(ids(fromWest)).not.toContain(noLocation.id);

      // Without a point: everyone in scope, no distance.
      const anywhere = await search(caller, { region: tag });
      expect(ids(anywhere)).toHaveLength(5);
      expect(anywhere.items.every((c) => c.distanceKm === undefined)).toBe(true);
    });

    it('should default the radius to 50 km', async () => {
      const tag = uniqueTag();
      const near = await sponsorIn(tag, { location: { lat: 51.5, lng: -0.12 } });
      await sponsorIn(tag, { location: { lat: 52.2, lng: 0.12 } }); // Cambridge, ~80 km
      const caller = await registerSponsee(t.api);
      expect(ids(await search(caller, { region: tag, lat: 51.5, lng: -0.1 }))).toEqual([near.id]);
    });
  });

  describe('pagination', () => {
    const collect = async (
      caller: TestMember,
      params: Record<string, string | number>,
    ): Promise<string[][]> => {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await search(caller, cursor ? { ...params, cursor } : params);
        pages.push(ids(page));
        cursor = page.nextCursor;
      } while (cursor && pages.length < 10);
      return pages;
    };

    it('should page through every sponsor exactly once in both orders', async () => {
      const tag = uniqueTag();
      const all: TestMember[] = [];
      for (let i = 0; i < 5; i += 1)
        all.push(await sponsorIn(tag, { location: { lat: 48.85 + i * 0.01, lng: 2.35 } }));
      await activeSponsorship(t.api, await registerSponsee(t.api), all[1]);
      const caller = await registerSponsee(t.api);

      const byLoad = await collect(caller, { region: tag, limit: 2 });
      expect(byLoad.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(byLoad.flat()).toEqual([all[4].id, all[3].id, all[2].id, all[0].id, all[1].id]);

      const byDistance = await collect(caller, { region: tag, limit: 2, lat: 48.85, lng: 2.35 });
      expect(byDistance.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(byDistance.flat()).toEqual(all.map((m) => m.id));
    });

    it('should refuse a tampered cursor, or one from another search, with 400 naming cursor', async () => {
      const tag = uniqueTag();
      await sponsorIn(tag);
      await sponsorIn(tag);
      const caller = await registerSponsee(t.api);
      const first = await search(caller, { region: tag, limit: 1 });
      expect(first.nextCursor).toEqual(expect.any(String));
      const cursor = first.nextCursor ?? '';
      for (const query of [
        `region=${tag}&limit=1&cursor=${cursor.slice(0, -3)}xyz`,
        `region=${tag}&limit=1&cursor=${cursor}&fellowship=AA`,
        `region=${tag}&limit=1&cursor=${cursor}&lat=1&lng=1`,
      ]) {
        const res = await t.api.get<ErrorBody>(`/sponsors?${query}`, { token: caller.accessToken });
        expect(res.status).toBe(400);
        expect(res.body.fields?.map((f) => f.field)).toEqual(['cursor']);
      }
    });
  });

  it.each([
    ['fellowship=SMART', 'fellowship', /SMART Recovery has no sponsors/],
    ['fellowship=XYZ', 'fellowship', /not one Homegroup knows/],
    ['lat=10', 'lng', /lat and lng go together/],
    ['radiusKm=10', 'lat', /lat and lng go together/],
    ['lat=10&lng=10&radiusKm=900', 'radiusKm', /between 1 and 500/],
    ['limit=51', 'limit', /between 1 and 50/],
    ['gender=women', 'gender', /must be one of same, any/],
    ['language=Spanish', 'language', /language tag/],
    ['sort=desc', 'sort', /should not exist/],
  ])('should refuse %s with 400 naming %s', async (query, field, message) => {
    const caller = await registerSponsee(t.api);
    const res = await t.api.get<ErrorBody>(`/sponsors?${query}`, { token: caller.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.fields?.map((f) => f.field)).toContain(field);
    expect(res.body.message).toMatch(message);
  });
});
