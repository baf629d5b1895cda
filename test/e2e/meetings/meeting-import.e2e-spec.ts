import { registerMember, type TestMember } from '../../factories/member.factory';
import { createGroup, makeAdmin, uniqueTag, type MeetingBody } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type Report = {
  source: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { index: number; slug?: string; reason: string }[];
  warnings: { index: number; slug: string; message: string }[];
  missing: { slug: string; meetingId: string; name: string }[];
};
type FeedItem = Record<string, unknown> & { slug: string };

describe('Meeting Guide import (POST /imports/meeting-guide)', () => {
  let t: TestApp;
  let admin: TestMember;

  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true });
    admin = await registerMember(t.api);
    await makeAdmin(t, admin);
  });

  afterAll(async () => {
    await t.close();
  });

  const importFeed = async (body: Record<string, unknown>, member: TestMember = admin) => {
    const res = await t.api.post<Report>('/imports/meeting-guide', body, { token: member.accessToken });
    if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const feedItems = async (): Promise<Map<string, FeedItem>> =>
    new Map((await t.api.get<FeedItem[]>('/feeds/meeting-guide.json')).body.map((i) => [i.slug, i]));

  it('should read the forms feeds really use: day as a number or array, regions or region/sub_region, approximate as text or boolean, coordinates, no timezone', async () => {
    const tag = uniqueTag();
    const report = await importFeed({
      source: `chicago-${tag}`,
      timezone: 'America/Chicago',
      meetings: [
        {
          name: 'Array day',
          slug: `array-${tag}`,
          day: [1, 3, 5],
          time: '7:00',
          end_time: '08:30',
          timezone: 'America/Chicago',
          formatted_address: '1 W Madison St, Chicago, IL 60602, USA',
          latitude: '41.88',
          longitude: -87.63,
          regions: ['Chicago', 'Loop'],
          types: ['O', 'D', 'S', 'NEWCODE'],
          approximate: 'no',
          group: `Loop group ${tag}`,
          updated: '2026-05-01 12:00:00',
        },
        {
          name: 'Number day, region and sub_region, coordinates',
          slug: `number-${tag}`,
          day: '2',
          time: '19:00:00',
          address: '2 N State St',
          city: 'Chicago',
          state: 'IL',
          postal_code: '60602',
          country: 'US',
          coordinates: '41.882,-87.628',
          region: 'Chicago',
          sub_region: 'Loop',
          approximate: false,
          group: `Loop group ${tag}`,
        },
        {
          name: 'Online only',
          slug: 1234,
          day: 0,
          time: '10:00',
          formatted_address: 'Chicago, IL, USA',
          approximate: true,
          conference_url: 'https://zoom.us/j/42',
          conference_phone: '+13125550100',
        },
        {
          name: 'Hybrid, location closed',
          slug: `tc-${tag}`,
          day: 4,
          time: '18:00',
          formatted_address: '3 E Ohio St, Chicago, IL 60611, USA',
          conference_url: 'https://meet.example.org/tc',
          types: ['TC', 'ONL', 'C'],
        },
      ],
    });
    expect(report).toMatchObject({
      total: 4,
      created: 4,
      updated: 0,
      unchanged: 0,
      rejected: [],
      missing: [],
    });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        { index: 0, slug: `array-${tag}`, message: 'unknown type codes kept: NEWCODE' },
        {
          index: 1,
          slug: `number-${tag}`,
          message: "no timezone: used the import's default America/Chicago",
        },
      ]),
    );

    const items = await feedItems();
    expect(items.get(`array-${tag}`)).toMatchObject({
      day: [1, 3, 5],
      time: '07:00',
      end_time: '08:30',
      latitude: 41.88,
      regions: ['Chicago', 'Loop'],
      types: ['O', 'D', 'S'], // NEWCODE is kept on the meeting but is not a reserved code
      updated: '2026-05-01 12:00:00',
      group: `Loop group ${tag}`,
    });
    expect(items.get(`number-${tag}`)).toMatchObject({
      day: 2,
      time: '19:00',
      end_time: '20:00',
      timezone: 'America/Chicago',
      latitude: 41.882,
      longitude: -87.628,
      regions: ['Chicago', 'Loop'],
      formatted_address: '2 N State St, Chicago, IL, 60602, US',
      approximate: 'no',
    });
    expect(items.get('1234')).toMatchObject({ approximate: 'yes', conference_url: 'https://zoom.us/j/42' });
    expect(items.get(`tc-${tag}`)?.types).toEqual(['C', 'TC']);

    // What the meetings became: explicit attendance, status, languages, the unknown code kept.
    const search = await t.api.get<{ items: (MeetingBody & { slug: string })[] }>(
      `/meetings?q=${encodeURIComponent('loop group ' + tag)}`,
    );
    const array = search.body.items.find((m) => m.slug === `array-${tag}`);
    expect(array).toMatchObject({
      attendance: 'in_person',
      types: ['O', 'D', 'NEWCODE'],
      languages: ['es'],
      durationMinutes: 90,
    });
    const online = await t.api.get<{ items: MeetingBody[] }>(
      `/meetings?q=online%20only&attendance=online&limit=50`,
    );
    expect(online.body.items.find((m) => m.slug === '1234')).toMatchObject({
      attendance: 'online',
      location: { approximate: true },
    });
    const closed = await t.api.get<{ items: MeetingBody[] }>(
      `/meetings?q=${encodeURIComponent('hybrid, location closed')}&limit=50`,
    );
    // Temporarily closed with a link: it still meets, online only, so the search shows it.
    expect(closed.body.items.find((m) => m.slug === `tc-${tag}`)).toMatchObject({
      attendance: 'hybrid',
      status: 'temporarily_closed',
      types: ['C'],
    });
    const inPerson = await t.api.get<{ items: MeetingBody[] }>(
      `/meetings?q=${encodeURIComponent('hybrid, location closed')}&attendance=in_person`,
    );
    expect(inPerson.body.items.find((m) => m.slug === `tc-${tag}`)).toBeUndefined();
  });

  it('should reject each bad row with its reason and still store the good ones', async () => {
    const tag = uniqueTag();
    const good = {
      name: 'Good',
      day: 1,
      time: '19:00',
      timezone: 'Europe/London',
      formatted_address: '1 High St, Leeds LS1 1AA, UK',
    };
    const report = await importFeed({
      source: `bad-rows-${tag}`,
      meetings: [
        { ...good, slug: `good-1-${tag}` },
        { ...good, slug: undefined },
        { ...good, slug: `no-name-${tag}`, name: '' },
        { ...good, slug: `appointment-${tag}`, day: undefined, time: undefined },
        { ...good, slug: `bad-time-${tag}`, time: '7pm' },
        { ...good, slug: `bad-zone-${tag}`, timezone: 'Central' },
        { ...good, slug: `no-zone-${tag}`, timezone: undefined },
        { ...good, slug: `no-address-${tag}`, formatted_address: undefined },
        { ...good, slug: `good-1-${tag}` },
        'not an object',
        { ...good, slug: `too-long-${tag}`, end_time: '03:00' },
        { ...good, slug: `good-2-${tag}`, day: 2 },
      ],
    });
    expect(report.created).toBe(2);
    expect(report.rejected.map((r) => [r.index, r.reason])).toEqual([
      [1, 'slug is missing: every meeting needs a slug that is unique in the feed'],
      [2, 'name is missing'],
      [3, 'day is missing: meetings by appointment (no day and time) are not listed'],
      [4, 'time "7pm" is not HH:MM'],
      [5, 'timezone Central is not an IANA time zone such as America/Chicago'],
      [6, 'timezone is missing and the import has no default: send "timezone" with the import'],
      [7, 'an in-person meeting needs a location'],
      [8, `slug good-1-${tag} is also at index 0: slugs must be unique in a feed`],
      [9, 'not a JSON object'],
      [10, 'the meeting would last 480 minutes (end_time 03:00); at most 360'],
    ]);
    expect(report.rejected[1].slug).toBe(`no-name-${tag}`);
  });

  it('should be idempotent per source and slug: update, leave unchanged, report what went missing, never duplicate', async () => {
    const tag = uniqueTag();
    const source = `idem-${tag}`;
    const row = (n: number, extra: Record<string, unknown> = {}) => ({
      name: `Idem ${n} ${tag}`,
      slug: `idem-${n}`,
      day: n % 7,
      time: '12:00',
      timezone: 'Europe/Berlin',
      formatted_address: `Strasse ${n}, 10115 Berlin, Germany, EU`,
      ...extra,
    });
    expect(await importFeed({ source, meetings: [row(1), row(2), row(3)] })).toMatchObject({
      created: 3,
      updated: 0,
      unchanged: 0,
    });
    expect(await importFeed({ source, meetings: [row(1), row(2), row(3)] })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
    });
    const changed = await importFeed({ source, meetings: [row(1, { time: '13:00' }), row(2)] });
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(changed.missing.map((m) => m.slug)).toEqual(['idem-3']);
    // Reported, not deleted.
    expect((await t.api.get(`/meetings/${changed.missing[0].meetingId}`)).status).toBe(200);
    const found = await t.api.get<{ items: { name: string; startTime: string }[] }>(
      `/meetings?q=${encodeURIComponent(`idem 1 ${tag}`)}`,
    );
    expect(found.body.items.map((i) => i.startTime)).toEqual(['13:00']);
    // Another source with the same slugs makes its own meetings.
    expect(await importFeed({ source: `${source}-other`, meetings: [row(1)] })).toMatchObject({ created: 1 });
    const all = await t.api.get<{ items: { slug: string }[] }>(
      `/meetings?q=${encodeURIComponent(`idem 1 ${tag}`)}`,
    );
    expect(all.body.items.map((i) => i.slug).sort()).toEqual(['idem-1', 'idem-1-2']);
  });

  it('should let admins import whole feeds and a lead only into their own group', async () => {
    const tag = uniqueTag();
    const lead = await registerMember(t.api);
    const group = await createGroup(t.api, lead, { fellowship: 'NA' });
    const meetings = [
      {
        name: `Lead import ${tag}`,
        slug: `lead-${tag}`,
        day: 1,
        time: '19:00',
        timezone: 'Europe/London',
        formatted_address: '1 A St, London E1 6AN, UK',
        types: ['JFT'],
      },
    ];

    const noGroup = await t.api.post<{ message: string }>(
      '/imports/meeting-guide',
      { source: `lead-${tag}`, meetings },
      { token: lead.accessToken },
    );
    expect(noGroup.status).toBe(403);
    expect(noGroup.body.message).toMatch(/send groupId/);
    const other = await createGroup(t.api, await registerMember(t.api));
    const notTheirs = await t.api.post(
      '/imports/meeting-guide',
      { source: `lead-${tag}`, groupId: other.id, meetings },
      { token: lead.accessToken },
    );
    expect(notTheirs.status).toBe(403);
    expect((await t.api.post('/imports/meeting-guide', { source: `lead-${tag}`, meetings })).status).toBe(
      401,
    );

    const report = await importFeed({ source: `lead-${tag}`, groupId: group.id, meetings }, lead);
    // JFT is an NA code: known for an NA group, so no warning.
    expect(report).toMatchObject({ created: 1, warnings: [], rejected: [] });
    const theirs = await t.api.get<{ name: string; types: string[] }[]>(`/groups/${group.id}/meetings`);
    expect(theirs.body.map((m) => [m.name, m.types])).toEqual([[`Lead import ${tag}`, ['JFT']]]);

    const bad = await t.api.post<{ message: string }>(
      '/imports/meeting-guide',
      { source: 'x y', meetings: 'nope' },
      { token: admin.accessToken },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/source must be/);
  });

  it("should keep a lead's import to their own group: another group's meetings are never reported missing and its slugs are neither confirmed nor touched", async () => {
    const tag = uniqueTag();
    const source = `shared-${tag}`;
    const row = (slug: string, name: string) => ({
      name,
      slug,
      day: 2,
      time: '18:00',
      timezone: 'Europe/London',
      formatted_address: '2 B St, London E1 6AN, UK',
    });
    const leadA = await registerMember(t.api);
    const hidden = await createGroup(t.api, leadA, { published: false });
    expect(
      await importFeed(
        {
          source,
          groupId: hidden.id,
          meetings: [row('one', `Hidden one ${tag}`), row('two', `Hidden two ${tag}`)],
        },
        leadA,
      ),
    ).toMatchObject({ created: 2 });

    // Another lead names the same source and one of the same slugs.
    const leadB = await registerMember(t.api);
    const theirs = await createGroup(t.api, leadB);
    const report = await importFeed(
      { source, groupId: theirs.id, meetings: [row('one', `B one ${tag}`)] },
      leadB,
    );
    expect(report).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: [], missing: [] });
    expect(JSON.stringify(report)).not.toContain('Hidden');
    const empty = await importFeed({ source, groupId: theirs.id, meetings: [] }, leadB);
    expect(empty.missing.map((m) => [m.slug, m.name])).toEqual([['one', `B one ${tag}`]]);
    // A whole-feed import of the same source is its own namespace too.
    const feed = await importFeed({ source, meetings: [] });
    expect(feed.missing).toEqual([]);

    // The hidden group's meetings are as they were, and its lead's re-import is still "unchanged".
    const hiddenMeetings = await t.api.get<{ name: string }[]>(`/groups/${hidden.id}/meetings`, {
      token: leadA.accessToken,
    });
    expect(hiddenMeetings.body.map((m) => m.name).sort()).toEqual([`Hidden one ${tag}`, `Hidden two ${tag}`]);
    const again = await importFeed(
      {
        source,
        groupId: hidden.id,
        meetings: [row('one', `Hidden one ${tag}`), row('two', `Hidden two ${tag}`)],
      },
      leadA,
    );
    expect(again).toMatchObject({ created: 0, unchanged: 2, missing: [] });
  });

  it('should refuse a feed with text PostgreSQL cannot store (NUL, a lone surrogate) with a 400 naming the row and field, storing nothing', async () => {
    const tag = uniqueTag();
    const good = {
      name: `Text ${tag}`,
      day: 1,
      time: '19:00',
      timezone: 'Europe/London',
      formatted_address: '1 High St, Leeds LS1 1AA, UK',
    };
    for (const [bad, field] of [
      [{ notes: 'a\u0000b' }, 'meetings[1].notes'],
      [{ slug: `nul-\u0000-${tag}` }, 'meetings[1].slug'],
      [{ location: 'Hall \ud800' }, 'meetings[1].location'],
    ] as const) {
      const res = await t.api.post<{ message: string; fields: { field: string }[] }>(
        '/imports/meeting-guide',
        {
          source: `text-${tag}`,
          meetings: [
            { ...good, slug: `ok-${tag}` },
            { ...good, slug: `bad-${tag}`, ...bad },
          ],
        },
        { token: admin.accessToken },
      );
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f) => f.field)).toEqual([field]);
      expect(res.body.message).toMatch(/control characters|valid Unicode/);
    }
    expect((await importFeed({ source: `text-${tag}`, meetings: [] })).missing).toEqual([]);
  });

  it('should reject a row whose text does not fit with the field and limit, never as a server error', async () => {
    const tag = uniqueTag();
    const good = {
      name: `Fit ${tag}`,
      day: 1,
      time: '19:00',
      timezone: 'Europe/London',
      formatted_address: '1 High St, Leeds LS1 1AA, UK',
    };
    const report = await importFeed({
      source: `fit-${tag}`,
      meetings: [
        { ...good, slug: `ok-${tag}` },
        { ...good, slug: `notes-${tag}`, notes: 'n'.repeat(4001) },
        { ...good, slug: `address-${tag}`, formatted_address: `${'a'.repeat(400)}, Leeds` },
        { ...good, slug: `postcode-${tag}`, postal_code: '1'.repeat(21) },
        { ...good, slug: `url-${tag}`, conference_url: `https://example.org/${'u'.repeat(500)}` },
        { ...good, slug: `phone-${tag}`, conference_phone: '1'.repeat(65) },
      ],
    });
    expect(report.created).toBe(1);
    expect(report.rejected.map((r) => [r.index, r.reason])).toEqual([
      [1, 'notes is longer than 4000 characters'],
      [2, 'formatted_address is longer than 400 characters'],
      [3, 'postal_code is longer than 20 characters'],
      [4, 'conference_url is longer than 500 characters'],
      [5, 'conference_phone is longer than 64 characters'],
    ]);
    expect(t.logs()).not.toContain('import row failed');
  });

  it('should take a large feed (above the normal body limit), log progress with counts only', async () => {
    const tag = uniqueTag();
    const meetings = Array.from({ length: 600 }, (_, i) => ({
      name: `Bulk ${i} ${tag}`,
      slug: `bulk-${i}-${tag}`,
      day: i % 7,
      time: `${String(6 + (i % 16)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
      timezone: 'America/Los_Angeles',
      formatted_address: `${i} Mission St, San Francisco, CA 94105, USA`,
      latitude: 37.79 + (i % 50) / 1000,
      longitude: -122.4,
      notes: `Private note ${tag} please do not log`,
      conference_phone: '+14155550199',
    }));
    expect(Buffer.byteLength(JSON.stringify({ meetings }))).toBeGreaterThan(64 * 1024);
    const report = await importFeed({ source: `bulk-${tag}`, meetings });
    expect(report).toMatchObject({ total: 600, created: 600, rejected: [] });
    const logs = t.logs();
    expect(logs).toContain(`import bulk-${tag}: 500/600 rows`);
    expect(logs).toContain(`import bulk-${tag} done: 600 created`);
    expect(logs).not.toContain('Private note');
    expect(logs).not.toContain('4155550199');
  }, 120_000);
});
