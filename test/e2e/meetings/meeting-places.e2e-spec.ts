import { registerMember } from '../../factories/member.factory';
import { createGroup, createMeeting, leadWithGroup, uniqueTag } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type Place = { label: string; city: string; region: string | null; country: string | null; lat: number; lng: number; meetings: number };
type Places = { items: Place[] };

/** A location in `city` (a tag, so this file's places never mix), state `region`, country `country`. */
const place = (city: string, lat: number, lng: number, extra: Record<string, unknown> = {}) => ({
  location: { formattedAddress: `1 Main St, ${city}`, address: '1 Main St', city, state: 'Region', country: 'Testland', lat, lng, ...extra },
});

describe('meeting places (GET /meetings/places)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const places = async (query: string): Promise<Place[]> => {
    const res = await t.api.get<Places>(`/meetings/places?${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };

  it('should count the published in-person and hybrid meetings of a city and centre it on their mean, for anyone, cacheable', async () => {
    const city = `Alpha${uniqueTag()}`;
    const { lead, group } = await leadWithGroup(t.api);
    await createMeeting(t.api, lead, group.id, place(city, 10.0, 20.0));
    await createMeeting(t.api, lead, group.id, place(city, 10.02, 20.04, { name: 'Hall' }));
    await createMeeting(t.api, lead, group.id, { ...place(city, 10.04, 20.08), attendance: 'hybrid', conference: { url: 'https://meet.example.org/a' } });
    // Not places a person goes to, or not listed: an online meeting (its area only), no coordinates, a suspended
    // meeting.
    await createMeeting(t.api, lead, group.id, { ...place(city, 10.0, 20.0), attendance: 'online', conference: { url: 'https://meet.example.org/b' } });
    await createMeeting(t.api, lead, group.id, { location: { formattedAddress: `2 Main St, ${city}`, city, state: 'Region', country: 'Testland' } });
    const suspended = await createMeeting(t.api, lead, group.id, place(city, 11, 21));
    expect((await t.api.patch(`/meetings/${suspended.id}`, { status: 'suspended' }, { token: lead.accessToken })).status).toBe(200);

    const res = await t.api.get<Places>(`/meetings/places?q=${city}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body.items).toEqual([
      { label: `${city}, Region, Testland`, city, region: 'Region', country: 'Testland', lat: 10.02, lng: 20.04, meetings: 3 },
    ]);
    // A token changes nothing (the answer is the same for everyone).
    const member = await registerMember(t.api);
    expect((await t.api.get<Places>(`/meetings/places?q=${city}`, { token: member.accessToken })).body).toEqual(res.body);
  });

  it('should never show a place, or count a meeting, of an unpublished group', async () => {
    const tag = uniqueTag();
    const hidden = `Hidden${tag}`;
    const shared = `Shared${tag}`;
    const { lead, group } = await leadWithGroup(t.api, { published: false });
    await createMeeting(t.api, lead, group.id, place(hidden, 5, 5));
    await createMeeting(t.api, lead, group.id, place(shared, 6, 6));
    const visible = await createGroup(t.api, lead);
    await createMeeting(t.api, lead, visible.id, place(shared, 6.1, 6.1));

    expect(await places(`q=${hidden}`)).toEqual([]);
    expect((await places(`q=${shared}`)).map((p) => [p.city, p.meetings, p.lat])).toEqual([[shared, 1, 6.1]]);
    // Nowhere in the whole list either, even asked by its own lead.
    const all = await t.api.get<Places>('/meetings/places?limit=500', { token: lead.accessToken });
    expect(all.body.items.some((p) => p.city === hidden)).toBe(false);

    // Published: it shows; unpublished again: it is gone at once.
    expect((await t.api.patch(`/groups/${group.id}`, { published: true }, { token: lead.accessToken })).status).toBe(200);
    expect((await places(`q=${hidden}`)).map((p) => p.meetings)).toEqual([1]);
    expect((await places(`q=${shared}`)).map((p) => [p.meetings, p.lat, p.lng])).toEqual([[2, 6.05, 6.05]]);
    expect((await t.api.patch(`/groups/${group.id}`, { published: false }, { token: lead.accessToken })).status).toBe(200);
    expect(await places(`q=${hidden}`)).toEqual([]);
    expect((await places(`q=${shared}`)).map((p) => p.meetings)).toEqual([1]);
  });

  it('should order by count then label, match a prefix of the city, region or country in any case, and honour limit', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    const region = { state: `Reg${tag}`, country: `Land${tag}` };
    const add = (city: string, n: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => createMeeting(t.api, lead, group.id, place(city, 1 + i / 100, 2, region))));
    await add(`Bravo${tag}`, 1);
    await add(`Alpha${tag}`, 1);
    await add(`Charlie${tag}`, 2);
    // Another city of the same name, in another region: another place.
    await createMeeting(t.api, lead, group.id, place(`Alpha${tag}`, 40, 40, { state: `Other${tag}`, country: `Land${tag}` }));

    const byRegion = await places(`q=reg${tag.toUpperCase()}`);
    expect(byRegion.map((p) => [p.city, p.meetings])).toEqual([
      [`Charlie${tag}`, 2],
      [`Alpha${tag}`, 1],
      [`Bravo${tag}`, 1],
    ]);
    expect(byRegion[0].label).toBe(`Charlie${tag}, Reg${tag}, Land${tag}`);
    expect((await places(`q=land${tag}`)).length).toBe(4);
    expect((await places(`q=ALPHA${tag}`)).map((p) => p.region)).toEqual([`Other${tag}`, `Reg${tag}`]);
    expect((await places(`q=land${tag}&limit=2`)).map((p) => p.city)).toEqual([`Charlie${tag}`, `Alpha${tag}`]);
    // A prefix, not a substring; LIKE's wildcards are plain characters.
    expect(await places(`q=harlie${tag}`)).toEqual([]);
    expect(await places(`q=${encodeURIComponent('%')}${tag}`)).toEqual([]);
    expect(await places(`q=_lpha${tag}`)).toEqual([]);
  });

  it('should centre a place that straddles the antimeridian on it, not on the other side of the earth', async () => {
    const city = `Taveuni${uniqueTag()}`;
    const { lead, group } = await leadWithGroup(t.api);
    await createMeeting(t.api, lead, group.id, { ...place(city, -16.8, 179.7), timezone: 'Pacific/Fiji' });
    await createMeeting(t.api, lead, group.id, { ...place(city, -16.9, -179.9), timezone: 'Pacific/Fiji' });
    const [found] = await places(`q=${city}`);
    expect(found).toMatchObject({ lat: -16.85, lng: 179.9, meetings: 2 });
  });

  it('should say what is wrong with q or limit', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=two', 'limit'],
      ['q=%20%20', 'q'],
      [`q=${'x'.repeat(101)}`, 'q'],
    ]) {
      const res = await t.api.get<{ message: string; fields: { field: string }[] }>(`/meetings/places?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f) => f.field)).toContain(field);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});
