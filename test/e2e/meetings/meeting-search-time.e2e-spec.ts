import { Clock } from '@homegroup/operations';
import { registerMember } from '../../factories/member.factory';
import { createMeeting, leadWithGroup, searchMeetings, uniqueTag } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

/** Every time filter is evaluated in each meeting's own IANA zone; the clock is the only fake. */
describe('meeting search in time (GET /meetings)', () => {
  let t: TestApp;
  let clock: Clock;

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.app.get(Clock);
  });

  afterEach(() => clock.resume());

  afterAll(async () => {
    await t.close();
  });

  const names = (page: { items: { name: string }[] }): string[] => page.items.map((i) => i.name);

  it('should find a 01:30 America/New_York meeting once on the fall-back day, at 01:30 EDT', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    await createMeeting(t.api, lead, group.id, {
      name: `Night owls ${tag}`,
      timezone: 'America/New_York',
      weekdays: [0],
      startTime: '01:30',
      startsOn: '2026-01-01',
      location: { formattedAddress: '1 Main St, New York, NY', lat: 40.71, lng: -74.0 },
    });

    clock.freeze(new Date('2026-11-01T05:00:00Z')); // 01:00 EDT, the first 01:00 of the night
    const soon = await searchMeetings(t.api, { q: tag, startsWithinMinutes: 60 });
    expect(soon.items).toHaveLength(1);
    expect(soon.items[0]).toMatchObject({
      nextStart: '2026-11-01T05:30:00.000Z',
      nextEnd: '2026-11-01T06:30:00.000Z',
      nextStartLocal: '2026-11-01T01:30:00-04:00[America/New_York]',
      inProgress: false,
    });

    // 01:10 EST, the second 01:10 of the night: the meeting already ran and is still running; it does not start again.
    clock.freeze(new Date('2026-11-01T06:10:00Z'));
    expect(names(await searchMeetings(t.api, { q: tag, startsWithinMinutes: 60 }))).toEqual([]);
    const running = await searchMeetings(t.api, { q: tag, inProgress: true });
    expect(running.items.map((i) => [i.nextStart, i.inProgress])).toEqual([['2026-11-01T05:30:00.000Z', true]]);

    // A week later it is 01:30 EST.
    clock.freeze(new Date('2026-11-08T06:00:00Z'));
    const next = await searchMeetings(t.api, { q: tag, startsWithinMinutes: 60 });
    expect(next.items.map((i) => i.nextStartLocal)).toEqual(['2026-11-08T01:30:00-05:00[America/New_York]']);
  });

  it('should place a 02:30 meeting on the spring-forward day at 03:30 EDT (the local time does not exist)', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    await createMeeting(t.api, lead, group.id, {
      name: `Early birds ${tag}`,
      timezone: 'America/New_York',
      weekdays: [0],
      startTime: '02:30',
      startsOn: '2026-01-01',
      location: { formattedAddress: '1 Main St, New York, NY', lat: 40.71, lng: -74.0 },
    });
    clock.freeze(new Date('2026-03-08T06:45:00Z')); // 01:45 EST
    const page = await searchMeetings(t.api, { q: tag, startsWithinMinutes: 60 });
    expect(page.items.map((i) => [i.nextStart, i.nextStartLocal])).toEqual([
      ['2026-03-08T07:30:00.000Z', '2026-03-08T03:30:00-04:00[America/New_York]'],
    ]);
    // The week before, 02:30 EST.
    clock.freeze(new Date('2026-03-01T07:00:00Z'));
    expect((await searchMeetings(t.api, { q: tag, startsWithinMinutes: 60 })).items[0].nextStart).toBe('2026-03-01T07:30:00.000Z');
  });

  it('should show a 23:30–00:30 meeting as in progress at 00:10, on the weekday it started', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    await createMeeting(t.api, lead, group.id, {
      name: `Midnight ${tag}`,
      timezone: 'Europe/London',
      weekdays: [6],
      startTime: '23:30',
      durationMinutes: 60,
      startsOn: '2026-01-01',
    });
    clock.freeze(new Date('2026-01-11T00:10:00Z')); // Sunday 00:10 in London
    const page = await searchMeetings(t.api, { q: tag, inProgress: true });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ inProgress: true, nextStart: '2026-01-10T23:30:00.000Z', endTime: '00:30' });
    expect(names(await searchMeetings(t.api, { q: tag, inProgress: true, weekday: 6 }))).toHaveLength(1);
    expect(names(await searchMeetings(t.api, { q: tag, inProgress: true, weekday: 0 }))).toEqual([]);
    // Not "starting soon": it started 40 minutes ago.
    expect(names(await searchMeetings(t.api, { q: tag, startsWithinMinutes: 120 }))).toEqual([]);
    // In summer the same local times are 22:30–23:30 UTC: at 00:10 BST (23:10 UTC) it is running too.
    clock.freeze(new Date('2026-07-04T23:10:00Z'));
    expect((await searchMeetings(t.api, { q: tag, inProgress: true })).items.map((i) => i.nextStartLocal)).toEqual([
      '2026-07-04T23:30:00+01:00[Europe/London]',
    ]);
  });

  it('should answer a viewer in Pacific/Auckland with the London meetings starting within 60 minutes', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    const base = { timezone: 'Europe/London', weekdays: [1], startsOn: '2026-01-01' };
    await createMeeting(t.api, lead, group.id, { ...base, name: `London seven ${tag}`, startTime: '19:00' });
    await createMeeting(t.api, lead, group.id, { ...base, name: `London eight ${tag}`, startTime: '20:00' });
    // 07:30 on Tuesday in Auckland is 18:30 UTC on Monday: in its own zone it starts within the hour too.
    await createMeeting(t.api, lead, group.id, {
      name: `Auckland breakfast ${tag}`,
      timezone: 'Pacific/Auckland',
      weekdays: [2],
      startTime: '07:30',
      startsOn: '2026-01-01',
      location: { formattedAddress: '1 Queen St, Auckland', lat: -36.85, lng: 174.76 },
    });
    const viewer = await registerMember(t.api, { timezone: 'Pacific/Auckland' });
    clock.freeze(new Date('2026-01-12T18:20:00Z')); // Monday 18:20 in London, Tuesday 07:20 in Auckland
    const page = await searchMeetings(t.api, { q: tag, startsWithinMinutes: 60 }, viewer.accessToken);
    expect(page.items.map((i) => [i.name, i.nextStart, i.nextStartLocal, i.nextStartViewer])).toEqual([
      [`Auckland breakfast ${tag}`, '2026-01-12T18:30:00.000Z', '2026-01-13T07:30:00+13:00[Pacific/Auckland]', '2026-01-13T07:30:00+13:00[Pacific/Auckland]'],
      [`London seven ${tag}`, '2026-01-12T19:00:00.000Z', '2026-01-12T19:00:00+00:00[Europe/London]', '2026-01-13T08:00:00+13:00[Pacific/Auckland]'],
    ]);
    // The same without an account, naming the viewer's zone.
    const anonymous = await searchMeetings(t.api, { q: tag, startsWithinMinutes: 60, viewerTimezone: 'Pacific/Auckland' });
    expect(anonymous.items.map((i) => i.nextStartViewer)).toEqual(page.items.map((i) => i.nextStartViewer));
  });

  it('should filter by the meeting’s local weekday and local time window, whatever its zone', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    const ny = { timezone: 'America/New_York', location: { formattedAddress: 'New York', lat: 40.71, lng: -74.0 } };
    await createMeeting(t.api, lead, group.id, { name: `NY Tue 18 ${tag}`, ...ny, weekdays: [2], startTime: '18:00' });
    await createMeeting(t.api, lead, group.id, { name: `LDN Tue 18 ${tag}`, weekdays: [2], startTime: '18:00' });
    await createMeeting(t.api, lead, group.id, { name: `LDN Wed 18 ${tag}`, weekdays: [3], startTime: '18:00' });
    await createMeeting(t.api, lead, group.id, { name: `LDN Tue 21 ${tag}`, weekdays: [2], startTime: '21:00' });
    clock.freeze(new Date('2026-01-12T12:00:00Z')); // a Monday
    const page = await searchMeetings(t.api, { q: tag, weekday: 2, startTimeFrom: '17:00', startTimeTo: '19:00' });
    expect(names(page)).toEqual([`LDN Tue 18 ${tag}`, `NY Tue 18 ${tag}`]);
    expect(page.items.map((i) => i.nextStartLocal)).toEqual([
      '2026-01-13T18:00:00+00:00[Europe/London]',
      '2026-01-13T18:00:00-05:00[America/New_York]',
    ]);
    // A window past midnight: 20:30 to 01:00.
    expect(names(await searchMeetings(t.api, { q: tag, startTimeFrom: '20:30', startTimeTo: '01:00' }))).toEqual([`LDN Tue 21 ${tag}`]);
  });

  it('should honour every-other-week and monthly rules, cancellations and moves', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    clock.freeze(new Date('2026-01-05T12:00:00Z')); // Monday
    const biweekly = await createMeeting(t.api, lead, group.id, {
      name: `Biweekly ${tag}`,
      weekdays: undefined,
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      startsOn: '2026-01-06',
      startTime: '19:00',
    });
    expect(biweekly).toMatchObject({ weekdays: [2], rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', nextStart: '2026-01-06T19:00:00.000Z' });
    const monthly = await createMeeting(t.api, lead, group.id, {
      name: `Second Thursday ${tag}`,
      weekdays: undefined,
      rrule: 'FREQ=MONTHLY;BYDAY=2TH',
      startTime: '19:00',
    });
    expect(monthly.nextStart).toBe('2026-01-08T19:00:00.000Z');
    const weekly = await createMeeting(t.api, lead, group.id, { name: `Weekly Tue ${tag}`, weekdays: [2], startTime: '19:30' });

    clock.freeze(new Date('2026-01-13T18:30:00Z')); // the off week of the biweekly one
    expect(names(await searchMeetings(t.api, { q: tag, startsWithinMinutes: 120 }))).toEqual([`Weekly Tue ${tag}`]);

    // Without a time filter: next start first, the monthly one weeks away at the end.
    const all = await searchMeetings(t.api, { q: tag });
    expect(all.items.map((i) => [i.name, i.nextStart])).toEqual([
      [`Weekly Tue ${tag}`, '2026-01-13T19:30:00.000Z'],
      [`Biweekly ${tag}`, '2026-01-20T19:00:00.000Z'],
      [`Second Thursday ${tag}`, '2026-02-12T19:00:00.000Z'],
    ]);

    // Cancel next week's weekly occurrence and move the biweekly one to Wednesday 18:00.
    const cancel = await t.api.post(`/meetings/${weekly.id}/exceptions`, { date: '2026-01-20', kind: 'cancel', note: 'Hall closed' }, { token: lead.accessToken });
    expect(cancel.status).toBe(201);
    const move = await t.api.post<{ exceptions: { kind: string; movedStart: string }[] }>(
      `/meetings/${biweekly.id}/exceptions`,
      { date: '2026-01-20', kind: 'move', moveTo: { date: '2026-01-21', startTime: '18:00' } },
      { token: lead.accessToken },
    );
    expect(move.status).toBe(201);
    expect(move.body.exceptions).toEqual([expect.objectContaining({ kind: 'move', movedStart: '2026-01-21T18:00:00.000Z' })]);

    clock.freeze(new Date('2026-01-20T18:00:00Z'));
    expect(names(await searchMeetings(t.api, { q: tag, startsWithinMinutes: 180 }))).toEqual([]);
    clock.freeze(new Date('2026-01-21T17:30:00Z'));
    const moved = await searchMeetings(t.api, { q: tag, startsWithinMinutes: 60 });
    expect(moved.items.map((i) => [i.name, i.nextStart])).toEqual([[`Biweekly ${tag}`, '2026-01-21T18:00:00.000Z']]);
    const afterCancel = await searchMeetings(t.api, { q: tag, weekday: 2 });
    expect(afterCancel.items.find((i) => i.name === `Weekly Tue ${tag}`)?.nextStart).toBe('2026-01-27T19:30:00.000Z');
  });

  it('should page with a cursor in order, without repeats, and refuse a cursor from another search', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    clock.freeze(new Date('2026-01-05T06:00:00Z'));
    for (const hour of ['07', '08', '09', '10', '11']) {
      await createMeeting(t.api, lead, group.id, { name: `Hour ${hour} ${tag}`, weekdays: [1], startTime: `${hour}:00` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await searchMeetings(t.api, { q: tag, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...names(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['07', '08', '09', '10', '11'].map((h) => `Hour ${h} ${tag}`));

    const first = await searchMeetings(t.api, { q: tag, limit: 2 });
    const other = await t.api.get<{ message: string }>(`/meetings?q=${tag}&limit=2&weekday=1&cursor=${first.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.message).toMatch(/different search/);
    const broken = await t.api.get<{ message: string }>(`/meetings?cursor=not-a-cursor`);
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/cursor is not valid/);
  });

  it.each([
    ['radiusKm=5', /radiusKm or nearest need them/],
    ['lat=51.5', /lat and lng go together/],
    ['lat=51.5&lng=0&radiusKm=5&nearest=3', /not both/],
    ['fellowship=XYZ', /not one Homegroup knows/],
    ['startsWithinMinutes=0', /startsWithinMinutes must be between/],
    ['inProgress=maybe', /inProgress must be true or false/],
    ['startTimeFrom=25:00', /startTimeFrom must be a local time/],
    ['attendance=zoom', /attendance must be one of/],
    ['viewerTimezone=Mars/Base', /IANA time zone/],
  ])('should answer %s with a 400 that says what to fix', async (query, message) => {
    const res = await t.api.get<{ statusCode: number; message: string }>(`/meetings?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });
});
