import ICAL from 'ical.js';
import { Clock } from '@homegroup/operations';
import { registerMember } from '../../factories/member.factory';
import { createMeeting, leadWithGroup, makeAdmin, uniqueTag, type MeetingBody, type SearchPage } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type FeedItem = Record<string, unknown> & { slug: string; types: string[] };

/** Parses an iCalendar text with ical.js and registers its VTIMEZONEs (only those: no built-in zone data). */
function parseCalendar(text: string): { calendar: ICAL.Component; events: ICAL.Event[] } {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevents = calendar.getAllSubcomponents('vevent');
  const masters = vevents.filter((v) => !v.hasProperty('recurrence-id')).map((v) => new ICAL.Event(v));
  for (const exception of vevents.filter((v) => v.hasProperty('recurrence-id'))) {
    const uid = exception.getFirstPropertyValue('uid');
    masters.find((m) => m.uid === uid)?.relateException(exception);
  }
  return { calendar, events: masters };
}

/** The first `count` occurrences from `from` as ical.js expands them, in UTC. */
function expand(event: ICAL.Event, from: string, count: number): string[] {
  const iterator = event.iterator();
  const out: string[] = [];
  for (let next = iterator.next(); next && out.length < count; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next) as { startDate: ICAL.Time };
    const start = details.startDate.toJSDate().toISOString();
    if (start >= from) out.push(start);
  }
  return out;
}

/**
 * Every occurrence from `from` as ical.js expands it (at most `count`), in UTC, leaving out what the
 * calendar marks cancelled: a cancelled series, or a cancelled override of one occurrence.
 */
function expandConfirmed(event: ICAL.Event, from: string, count: number): string[] {
  if (event.component.getFirstPropertyValue('status') === 'CANCELLED') return [];
  const iterator = event.iterator();
  const out: string[] = [];
  for (let next = iterator.next(), seen = 0; next && out.length < count && seen < 200; next = iterator.next(), seen += 1) {
    const details = event.getOccurrenceDetails(next) as { startDate: ICAL.Time; item: ICAL.Event };
    if (details.item.component.getFirstPropertyValue('status') === 'CANCELLED') continue;
    const start = details.startDate.toJSDate().toISOString();
    if (start >= from) out.push(start);
  }
  return out.sort();
}

describe('meeting feeds: Meeting Guide JSON and iCal', () => {
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

  const feed = async (): Promise<FeedItem[]> => {
    const res = await t.api.get<FeedItem[]>('/feeds/meeting-guide.json');
    expect(res.status).toBe(200);
    return res.body;
  };

  it('should publish each weekly meeting with exactly the spec’s fields and reserved type codes only', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api, { fellowship: 'NA', name: `Feed group ${tag}` });
    const room = await createMeeting(t.api, lead, group.id, {
      name: `Room ${tag}`,
      timezone: 'America/Chicago',
      weekdays: [1, 3],
      startTime: '23:30',
      durationMinutes: 90,
      types: ['OPEN', 'JFT', 'WCHR', 'CPT'],
      languages: ['en', 'es', 'mi'],
      notes: 'Side door',
      location: {
        name: 'St. Luke’s',
        address: '1500 N Clark St',
        city: 'Chicago',
        state: 'IL',
        postalCode: '60610',
        country: 'USA',
        formattedAddress: '1500 N Clark St, Chicago, IL 60610, USA',
        lat: 41.91,
        lng: -87.63,
        regions: ['North Side', 'Old Town'],
        notes: 'Basement',
      },
    });
    const online = await createMeeting(t.api, lead, group.id, {
      name: `Online ${tag}`,
      timezone: 'America/Chicago',
      weekdays: [6],
      startTime: '08:00',
      attendance: 'online',
      conference: { url: 'https://zoom.us/j/555', notes: 'Passcode 1', phone: '+1 312 555 0100,,555#', phoneNotes: 'ID 555' },
      location: { formattedAddress: 'Chicago, IL, USA', city: 'Chicago', state: 'IL', country: 'USA', lat: 41.88, lng: -87.63, approximate: true },
    });
    const closed = await createMeeting(t.api, lead, group.id, {
      name: `Closed ${tag}`,
      attendance: 'hybrid',
      conference: { url: 'https://meet.example.org/closed' },
      status: 'temporarily_closed',
    });
    const monthly = await createMeeting(t.api, lead, group.id, { name: `Monthly ${tag}`, weekdays: undefined, rrule: 'FREQ=MONTHLY;BYDAY=1SU' });
    const suspended = await createMeeting(t.api, lead, group.id, { name: `Suspended ${tag}`, status: 'suspended' });

    const items = await feed();
    const bySlug = new Map(items.map((i) => [i.slug, i]));
    expect(new Set(items.map((i) => i.slug)).size).toBe(items.length);
    expect(bySlug.has(monthly.slug)).toBe(false);
    expect(bySlug.has(suspended.slug)).toBe(false);

    const updated = (m: MeetingBody): string => m.updatedAt.slice(0, 19).replace('T', ' ');
    expect(bySlug.get(room.slug)).toEqual({
      name: `Room ${tag}`,
      slug: room.slug,
      day: [1, 3],
      time: '23:30',
      end_time: '01:00',
      timezone: 'America/Chicago',
      formatted_address: '1500 N Clark St, Chicago, IL 60610, USA',
      address: '1500 N Clark St',
      city: 'Chicago',
      state: 'IL',
      postal_code: '60610',
      country: 'USA',
      approximate: 'no',
      latitude: 41.91,
      longitude: -87.63,
      regions: ['North Side', 'Old Town'],
      location: 'St. Luke’s',
      location_notes: 'Basement',
      // OPEN → O, JFT → LIT, WCHR → X; CPT has no Meeting Guide code; en → EN, es → S, mi has none.
      types: ['O', 'LIT', 'X', 'EN', 'S'],
      notes: 'Side door',
      group: `Feed group ${tag}`,
      updated: updated(room),
    });
    expect(bySlug.get(room.slug)?.updated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(bySlug.get(online.slug)).toMatchObject({
      day: 6,
      formatted_address: 'Chicago, IL, USA',
      approximate: 'yes',
      conference_url: 'https://zoom.us/j/555',
      conference_url_notes: 'Passcode 1',
      conference_phone: '+13125550100,,555#',
      conference_phone_notes: 'ID 555',
    });
    expect(bySlug.get(online.slug)).not.toHaveProperty('address');
    expect(bySlug.get(closed.slug)?.types).toEqual(['TC']);

    const res = await t.api.get('/feeds/meeting-guide.json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('should give a city-level address for an online meeting that has a street address', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const online = await createMeeting(t.api, lead, group.id, {
      attendance: 'online',
      conference: { phone: '+442071234567' },
      location: { formattedAddress: '10 Downing St, London SW1A 2AA, UK', address: '10 Downing St', city: 'London', country: 'UK', lat: 51.5, lng: -0.13 },
    });
    const item = (await feed()).find((i) => i.slug === online.slug);
    expect(item).toMatchObject({ formatted_address: 'London, UK', city: 'London', approximate: 'yes' });
    expect(item).not.toHaveProperty('address');
    expect(item).not.toHaveProperty('latitude');
  });

  it('should serve iCal with a VTIMEZONE, the RRULE and EXDATE that a real iCalendar library reads back right', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    clock.freeze(new Date('2026-10-20T12:00:00Z'));
    const meeting = await createMeeting(t.api, lead, group.id, {
      name: 'Night owls; "quoted", long name that needs folding when the calendar line gets past seventy-five octets',
      timezone: 'America/New_York',
      weekdays: [0],
      startTime: '01:30',
      startsOn: '2026-10-01',
      location: { formattedAddress: '1 Main St, New York, NY', lat: 40.71, lng: -74.0 },
      notes: 'Line one\nLine two',
    });
    await t.api.post(`/meetings/${meeting.id}/exceptions`, { date: '2026-11-15', kind: 'cancel' }, { token: lead.accessToken });
    await t.api.post(`/meetings/${meeting.id}/exceptions`, { date: '2026-11-22', kind: 'move', moveTo: { startTime: '03:00', durationMinutes: 45 } }, { token: lead.accessToken });

    const res = await t.api.get<string>(`/meetings/${meeting.id}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = res.body;
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);

    const { calendar, events } = parseCalendar(text);
    const vtimezone = calendar.getFirstSubcomponent('vtimezone');
    expect(vtimezone?.getFirstPropertyValue('tzid')).toBe('America/New_York');
    expect(vtimezone?.getAllSubcomponents('daylight').length).toBeGreaterThan(5);
    const [event] = events;
    expect(event.summary).toBe('Night owls; "quoted", long name that needs folding when the calendar line gets past seventy-five octets');
    expect(event.description).toContain('Line one\nLine two');
    expect(event.startDate.zone?.tzid).toBe('America/New_York');
    expect(event.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY;BYDAY=SU');
    const exdates = event.component.getAllProperties('exdate').flatMap((p) => p.getValues().map((v: ICAL.Time) => v.toString()));
    // The cancelled date, and the fall-back day's 01:30, which happens twice: it is pinned in UTC instead
    // (clients differ on which 01:30 a local time means; RFC 5545 says the first).
    expect(exdates).toContain('2026-11-15T01:30:00');
    expect(exdates).toContain('2026-11-01T01:30:00');
    const rdates = event.component.getAllProperties('rdate').flatMap((p) => p.getValues().map((v: ICAL.Time) => v.toString()));
    expect(rdates).toContain('2026-11-01T05:30:00Z');

    // ical.js, using only our VTIMEZONE, lands on the same instants as the API, across the fall-back change.
    expect(expand(event, '2026-10-20', 6)).toEqual([
      '2026-10-25T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-08T06:30:00.000Z',
      // 11-15 cancelled; 11-22 moved to 03:00 EST.
      '2026-11-22T08:00:00.000Z',
      '2026-11-29T06:30:00.000Z',
      '2026-12-06T06:30:00.000Z',
    ]);
    clock.freeze(new Date('2026-10-31T12:00:00Z'));
    const api = await t.api.get<MeetingBody>(`/meetings/${meeting.id}`);
    expect(api.body.nextStart).toBe('2026-11-01T05:30:00.000Z');
  });

  it('should agree with the API on a 02:30 meeting across the spring-forward gap', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    clock.freeze(new Date('2026-02-20T12:00:00Z'));
    const meeting = await createMeeting(t.api, lead, group.id, {
      timezone: 'America/New_York',
      weekdays: [0],
      startTime: '02:30',
      location: { formattedAddress: '1 Main St, New York, NY', lat: 40.71, lng: -74.0 },
    });
    const { events } = parseCalendar((await t.api.get<string>(`/meetings/${meeting.id}/calendar.ics`)).body);
    expect(expand(events[0], '2026-02-20', 4)).toEqual([
      '2026-02-22T07:30:00.000Z',
      '2026-03-01T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z', // 03:30 EDT: 02:30 does not exist that night
      '2026-03-15T06:30:00.000Z',
    ]);
    clock.freeze(new Date('2026-03-02T00:00:00Z'));
    expect((await t.api.get<MeetingBody>(`/meetings/${meeting.id}`)).body.nextStart).toBe('2026-03-08T07:30:00.000Z');
  });

  it('should carry RRULE schedules and put a group’s meetings in several zones into one calendar', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    clock.freeze(new Date('2026-01-01T12:00:00Z'));
    await createMeeting(t.api, lead, group.id, { name: 'Second Tuesday', weekdays: undefined, rrule: 'FREQ=MONTHLY;BYDAY=2TU', startTime: '19:00' });
    await createMeeting(t.api, lead, group.id, {
      name: 'Auckland fortnightly',
      timezone: 'Pacific/Auckland',
      weekdays: undefined,
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;COUNT=10',
      startsOn: '2026-03-28',
      startTime: '10:00',
      location: { formattedAddress: '1 Queen St, Auckland', lat: -36.85, lng: 174.76 },
    });
    const res = await t.api.get<string>(`/groups/${group.id}/calendar.ics`);
    expect(res.status).toBe(200);
    const { calendar, events } = parseCalendar(res.body);
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')).sort()).toEqual(['Europe/London', 'Pacific/Auckland']);
    const monthly = events.find((e) => e.summary === 'Second Tuesday')!;
    expect(expand(monthly, '2026-01-01', 4)).toEqual([
      '2026-01-13T19:00:00.000Z',
      '2026-02-10T19:00:00.000Z',
      '2026-03-10T19:00:00.000Z',
      '2026-04-14T18:00:00.000Z', // BST
    ]);
    const auckland = events.find((e) => e.summary === 'Auckland fortnightly')!;
    // 10:00 NZDT (+13) on 2026-03-28, then NZST (+12) after 5 April.
    expect(expand(auckland, '2026-01-01', 3)).toEqual(['2026-03-27T21:00:00.000Z', '2026-04-10T22:00:00.000Z', '2026-04-24T22:00:00.000Z']);
    expect(expand(auckland, '2026-01-01', 20)).toHaveLength(10);
  });

  it('should agree with the search on every occurrence: UNTIL (a date, a local time, UTC), COUNT, EXDATE, moved occurrences, closed periods', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const from = '2026-01-01T12:00:00.000Z';
    clock.freeze(new Date(from));
    const tag = uniqueTag();
    const ny = { timezone: 'America/New_York', location: { formattedAddress: '1 Main St, New York, NY 10001, USA', lat: 40.71, lng: -74.0 } };
    const rule = (name: string, rrule: string, extra: Record<string, unknown> = {}) =>
      createMeeting(t.api, lead, group.id, { name: `${name} ${tag}`, weekdays: undefined, rrule, startsOn: '2026-01-01', startTime: '19:00', ...ny, ...extra });
    const cases: [string, MeetingBody][] = [
      // UNTIL as a date: the whole local last day, so 20 January (a Tuesday) is the last.
      ['until-date', await rule('Until date', 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120')],
      // UNTIL in UTC: 19:00 EST on 20 January is 00:00Z on the 21st, after 23:59Z on the 20th.
      ['until-utc', await rule('Until utc', 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120T235900Z')],
      // UNTIL as a local time: exactly the last start counts.
      ['until-local', await rule('Until local', 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120T190000')],
      ['count', await rule('Count', 'FREQ=MONTHLY;BYDAY=1TH;COUNT=3')],
      ['weekly', await rule('Weekly', 'FREQ=WEEKLY;BYDAY=WE;UNTIL=20260225')],
      ['closed-until', await rule('Closed until', 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260216', { status: 'temporarily_closed', statusUntil: '2026-01-19' })],
      ['closed', await rule('Closed', 'FREQ=WEEKLY;BYDAY=MO', { status: 'temporarily_closed' })],
    ];
    const weekly = cases.find(([name]) => name === 'weekly')![1];
    for (const body of [
      { date: '2026-01-14', kind: 'cancel' },
      { date: '2026-01-21', kind: 'move', moveTo: { date: '2026-01-22', startTime: '18:30', durationMinutes: 45 } },
      { date: '2026-02-04', kind: 'move', moveTo: { startTime: '20:00' } },
    ]) {
      expect((await t.api.post(`/meetings/${weekly.id}/exceptions`, body, { token: lead.accessToken })).status).toBe(201);
    }
    const closed = cases.find(([name]) => name === 'closed')![1];
    expect((await t.api.post(`/meetings/${closed.id}/exceptions`, { date: '2026-01-12', kind: 'move', moveTo: { startTime: '18:00' } }, { token: lead.accessToken })).status).toBe(201);

    /** The search's occurrences: its next start, then the next start after that one, and so on. */
    const searched = async (m: MeetingBody): Promise<string[]> => {
      const out: string[] = [];
      let at = Date.parse(from);
      for (let i = 0; i < 12; i++) {
        clock.freeze(new Date(at));
        const res = await t.api.get<SearchPage>(`/meetings?q=${encodeURIComponent(m.name)}`);
        expect(res.status).toBe(200);
        const next = res.body.items.find((item) => item.id === m.id)?.nextStart;
        const detail = await t.api.get<MeetingBody>(`/meetings/${m.id}`);
        expect(detail.body.nextStart ?? undefined).toBe(next); // the meeting's own page says the same
        if (!next) break;
        out.push(next);
        at = Date.parse(next) + 60_000;
      }
      return out;
    };
    clock.freeze(new Date(from));
    const { events } = parseCalendar((await t.api.get<string>(`/groups/${group.id}/calendar.ics`)).body);
    const expected: Record<string, string[]> = {
      'until-date': ['2026-01-07T00:00:00.000Z', '2026-01-14T00:00:00.000Z', '2026-01-21T00:00:00.000Z'],
      'until-utc': ['2026-01-07T00:00:00.000Z', '2026-01-14T00:00:00.000Z'],
      'until-local': ['2026-01-07T00:00:00.000Z', '2026-01-14T00:00:00.000Z', '2026-01-21T00:00:00.000Z'],
      count: ['2026-01-02T00:00:00.000Z', '2026-02-06T00:00:00.000Z', '2026-03-06T00:00:00.000Z'],
      weekly: [
        '2026-01-08T00:00:00.000Z',
        '2026-01-22T23:30:00.000Z', // 21 January moved to the 22nd, 18:30
        '2026-01-29T00:00:00.000Z',
        '2026-02-05T01:00:00.000Z', // 4 February moved to 20:00
        '2026-02-12T00:00:00.000Z',
        '2026-02-19T00:00:00.000Z',
        '2026-02-26T00:00:00.000Z',
      ],
      'closed-until': ['2026-01-27T00:00:00.000Z', '2026-02-03T00:00:00.000Z', '2026-02-10T00:00:00.000Z', '2026-02-17T00:00:00.000Z'],
      closed: [],
    };
    for (const [name, meeting] of cases) {
      const event = events.find((e) => e.summary === meeting.name)!;
      const viaIcal = expandConfirmed(event, from, 12);
      expect({ name, ical: viaIcal }).toEqual({ name, ical: expected[name] });
      expect({ name, search: await searched(meeting) }).toEqual({ name, search: expected[name] });
    }
    // An in-person meeting closed with no end date: the series is cancelled, as nextStart: null says.
    const closedEvent = events.find((e) => e.summary === closed.name)!;
    expect(closedEvent.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('should round-trip its own feed through the import with no loss of the fields the spec carries', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api, { fellowship: 'NA', name: `Round trip ${tag}` });
    await createMeeting(t.api, lead, group.id, {
      name: `In person ${tag}`,
      weekdays: [2, 4],
      startTime: '23:00',
      durationMinutes: 75,
      types: ['OPEN', 'BT'],
      languages: ['en', 'fr'],
      notes: 'Newcomers welcome',
      location: { name: 'Hall', address: '5 High St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'UK', formattedAddress: '5 High St, Leeds LS1 1AA, UK', lat: 53.8, lng: -1.55, regions: ['Yorkshire', 'Leeds'], notes: 'Ramp at the back' },
    });
    await createMeeting(t.api, lead, group.id, {
      name: `Online ${tag}`,
      weekdays: [0],
      startTime: '07:15',
      attendance: 'online',
      conference: { url: 'https://zoom.us/j/98765', notes: 'Passcode 2', phone: '+441234567890', phoneNotes: 'PIN 9' },
      location: { formattedAddress: 'Leeds, UK', city: 'Leeds', country: 'UK', lat: 53.8, lng: -1.55, approximate: true },
    });
    await createMeeting(t.api, lead, group.id, {
      name: `Hybrid closed ${tag}`,
      attendance: 'hybrid',
      status: 'temporarily_closed',
      conference: { url: 'https://meet.example.org/h' },
      types: ['C'],
    });
    const exported = (await feed()).filter((i) => String(i.name).endsWith(tag));
    expect(exported).toHaveLength(3);

    const other = await createTestApp();
    try {
      const admin = await registerMember(other.api);
      await makeAdmin(other, admin);
      const imported = await other.api.post<{ created: number; rejected: unknown[]; warnings: unknown[] }>(
        '/imports/meeting-guide',
        { source: 'homegroup-a', meetings: exported },
        { token: admin.accessToken },
      );
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({ created: 3, rejected: [], warnings: [] });
      const again = (await other.api.get<FeedItem[]>('/feeds/meeting-guide.json')).body;
      const sort = (items: FeedItem[]) => [...items].sort((a, b) => a.slug.localeCompare(b.slug));
      expect(sort(again)).toEqual(sort(exported));
      // Importing the copy again changes nothing.
      const twice = await other.api.post('/imports/meeting-guide', { source: 'homegroup-a', meetings: again }, { token: admin.accessToken });
      expect(twice.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    } finally {
      await other.close();
    }
  });
});
