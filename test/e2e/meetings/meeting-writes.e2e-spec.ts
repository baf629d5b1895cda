import { Clock } from '@homegroup/operations';
import { createMeeting, leadWithGroup, meetingInput, type MeetingBody } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type ErrorBody = { statusCode: number; message: string; fields?: { field: string }[] };

describe('writing meetings (leads)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterEach(() => t.app.get(Clock).resume());

  afterAll(async () => {
    await t.close();
  });

  it('should create a meeting with a stable slug, and keep the slug when the name changes', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const first = await createMeeting(t.api, lead, group.id, { name: 'Serenity Now!' });
    const second = await createMeeting(t.api, lead, group.id, { name: 'Serenity now' });
    expect(first.slug).toMatch(/^serenity-now(-\d+)?$/);
    expect(second.slug).not.toBe(first.slug);
    const renamed = await t.api.patch<MeetingBody>(`/meetings/${first.id}`, { name: 'Calm Tuesday' }, { token: lead.accessToken });
    expect(renamed.body).toMatchObject({ name: 'Calm Tuesday', slug: first.slug });
  });

  it('should answer every bad meeting with a 400 naming the field and saying what to do', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ timezone: 'Eastern' }, /IANA time zone/],
      [{ startTime: '7pm' }, /startTime must be a local time HH:MM/],
      [{ weekdays: [7] }, /weekdays must be 0 \(Sunday\) to 6/],
      [{ weekdays: undefined }, /weekdays is needed/],
      [{ durationMinutes: 600 }, /durationMinutes must be 5 to 360/],
      [{ attendance: 'zoom' }, /attendance must be one of in_person, online, hybrid/],
      [{ attendance: 'online', location: undefined }, /online meeting needs conference.url or conference.phone/],
      [{ location: undefined }, /in-person meeting needs a location/],
      [{ location: { formattedAddress: 'Somewhere', lat: 10 } }, /location.lat and location.lng go together/],
      [{ location: { formattedAddress: 'Leeds', lat: 53.8, lng: -1.5, approximate: true } }, /real address, not an approximate one/],
      [{ rrule: 'FREQ=DAILY' }, /FREQ must be WEEKLY/],
      [{ rrule: 'FREQ=WEEKLY;BYDAY=TU', weekdays: [1] }, /disagree with the rrule/],
      [{ types: ['NOPE'] }, /type code NOPE is not one Homegroup knows/],
      [{ types: ['TC'] }, /set status temporarily_closed/],
      [{ statusUntil: '2027-01-01' }, /statusUntil goes with status/],
      [{ conference: { url: 'zoom.us/j/1' }, attendance: 'hybrid' }, /conference.url must be a link/],
      [{ startsOn: '2026-02-30' }, /startsOn must be a date/],
      [{ surprise: true }, /property surprise should not exist/],
    ];
    for (const [overrides, message] of cases) {
      const res = await t.api.post<ErrorBody>(`/groups/${group.id}/meetings`, meetingInput(overrides), { token: lead.accessToken });
      expect({ overrides, status: res.status }).toEqual({ overrides, status: 400 });
      expect(res.body.message).toMatch(message);
    }
    const notJson = await t.api.post<ErrorBody>(`/groups/${group.id}/meetings`, undefined, { token: lead.accessToken, rawBody: '{oops', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect((await t.api.get('/meetings/not-a-uuid')).status).toBe(400);
    expect((await t.api.get('/meetings/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('should refuse a nested object (moveTo, location, conference) sent as an array or a primitive with a 400 naming the field', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id, { weekdays: [1], startsOn: '2026-01-01' });
    const expect400 = (res: { status: number; body: ErrorBody }, field: string) => {
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.fields?.map((f) => f.field)).toContain(field);
      expect(res.body.message).toMatch(new RegExp(`${field} must be an object`));
    };
    for (const moveTo of [[], [{ startTime: '18:00' }], 'tomorrow', 5, true]) {
      const res = await t.api.post<ErrorBody>(`/meetings/${meeting.id}/exceptions`, { date: '2027-01-04', kind: 'move', moveTo }, { token: lead.accessToken });
      expect400(res, 'moveTo');
    }
    for (const field of ['location', 'conference']) {
      for (const value of [[], [{ url: 'https://example.org/j/1' }], 'somewhere', 7]) {
        const created = await t.api.post<ErrorBody>(`/groups/${group.id}/meetings`, meetingInput({ attendance: 'hybrid', conference: { url: 'https://example.org/j/1' }, [field]: value }), { token: lead.accessToken });
        expect400(created, field);
        const patched = await t.api.patch<ErrorBody>(`/meetings/${meeting.id}`, { [field]: value }, { token: lead.accessToken });
        expect400(patched, field);
      }
    }
    // Lists sent as one value are a 400 naming the list (ArrayMaxSize already refuses a non-list).
    for (const [field, value] of [['types', 'O'], ['languages', 'en'], ['weekdays', 1], ['location', { formattedAddress: '1 A St, London', regions: 'Soho' }]] as const) {
      const res = await t.api.post<ErrorBody>(`/groups/${group.id}/meetings`, meetingInput({ [field]: value }), { token: lead.accessToken });
      const named = field === 'location' ? 'location.regions' : field;
      expect({ named, status: res.status, fields: res.body.fields?.map((f) => f.field) }).toEqual({ named, status: 400, fields: [named] });
    }
    // The meeting is as it was.
    const after = await t.api.get<MeetingBody>(`/meetings/${meeting.id}`);
    expect(after.body.exceptions).toEqual([]);
    expect(after.body.location?.formattedAddress).toBe(meeting.location?.formattedAddress);
  });

  it('should normalise language type codes into languages and keep canonical type spelling', async () => {
    const { lead, group } = await leadWithGroup(t.api, { fellowship: 'AA' });
    const m = await createMeeting(t.api, lead, group.id, { types: ['o', '12X12', 'S'], languages: ['en'] });
    expect(m.types).toEqual(['O', '12x12']);
    expect(m.languages).toEqual(['en', 'es']);
  });

  it('should change a schedule, clear fields with null, and refuse exceptions on dates it does not meet', async () => {
    const clock = t.app.get(Clock);
    clock.freeze(new Date('2026-06-01T10:00:00Z')); // Monday
    const { lead, group } = await leadWithGroup(t.api);
    const m = await createMeeting(t.api, lead, group.id, {
      attendance: 'hybrid',
      conference: { url: 'https://meet.example.org/x' },
      notes: 'Some notes',
    });
    expect(m.nextStart).toBe('2026-06-01T18:00:00.000Z'); // 19:00 BST
    const edited = await t.api.patch<MeetingBody>(
      `/meetings/${m.id}`,
      { weekdays: [3], startTime: '07:15', attendance: 'in_person', conference: null, notes: null },
      { token: lead.accessToken },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ weekdays: [3], startTime: '07:15', conference: null, nextStart: '2026-06-03T06:15:00.000Z' });
    expect((edited.body as unknown as { notes: null }).notes).toBeNull();
    const toOnline = await t.api.patch<ErrorBody>(`/meetings/${m.id}`, { attendance: 'online' }, { token: lead.accessToken });
    expect(toOnline.status).toBe(400);
    expect(toOnline.body.fields?.[0].field).toBe('conference');

    const wrongDay = await t.api.post<ErrorBody>(`/meetings/${m.id}/exceptions`, { date: '2026-06-04', kind: 'cancel' }, { token: lead.accessToken });
    expect(wrongDay.status).toBe(400);
    expect(wrongDay.body.message).toMatch(/does not meet on 2026-06-04/);
    const noTarget = await t.api.post<ErrorBody>(`/meetings/${m.id}/exceptions`, { date: '2026-06-03', kind: 'move' }, { token: lead.accessToken });
    expect(noTarget.status).toBe(400);
    const cancelled = await t.api.post<MeetingBody>(`/meetings/${m.id}/exceptions`, { date: '2026-06-03', kind: 'cancel' }, { token: lead.accessToken });
    expect(cancelled.body.nextStart).toBe('2026-06-10T06:15:00.000Z');
    const restored = await t.api.delete<MeetingBody>(`/meetings/${m.id}/exceptions/${cancelled.body.exceptions[0].id}`, { token: lead.accessToken });
    expect(restored.body).toMatchObject({ exceptions: [], nextStart: '2026-06-03T06:15:00.000Z' });
  });

  it('should take a temporarily closed or suspended meeting out of the search until its until-date', async () => {
    const clock = t.app.get(Clock);
    clock.freeze(new Date('2026-06-01T10:00:00Z'));
    const { lead, group } = await leadWithGroup(t.api);
    const m = await createMeeting(t.api, lead, group.id, { name: 'Summer break test', weekdays: [1, 3] });
    const paused = await t.api.patch<MeetingBody>(`/meetings/${m.id}`, { status: 'suspended', statusUntil: '2026-06-07' }, { token: lead.accessToken });
    expect(paused.body.nextStart).toBe('2026-06-08T18:00:00.000Z');
    const search = await t.api.get<{ items: MeetingBody[] }>('/meetings?q=summer%20break%20test');
    expect(search.body.items.map((i) => i.nextStart)).toEqual(['2026-06-08T18:00:00.000Z']);
    await t.api.patch(`/meetings/${m.id}`, { status: 'suspended', statusUntil: null }, { token: lead.accessToken });
    expect((await t.api.get<{ items: unknown[] }>('/meetings?q=summer%20break%20test')).body.items).toEqual([]);
    expect((await t.api.get<MeetingBody>(`/meetings/${m.id}`)).body.nextStart).toBeNull();
    const verified = await t.api.post<{ lastVerifiedAt: string }>(`/meetings/${m.id}/verify`, undefined, { token: lead.accessToken });
    expect(verified.body.lastVerifiedAt).toBe('2026-06-01T10:00:00.000Z');
  });

  it('should document every meetings route in OpenAPI', async () => {
    const res = await t.api.get<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json');
    const documented = new Set(Object.entries(res.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    for (const route of [
      'POST /api/v1/groups',
      'GET /api/v1/groups/{groupId}',
      'PATCH /api/v1/groups/{groupId}',
      'DELETE /api/v1/groups/{groupId}',
      'GET /api/v1/groups/{groupId}/leads',
      'POST /api/v1/groups/{groupId}/leads',
      'DELETE /api/v1/groups/{groupId}/leads/{userId}',
      'GET /api/v1/groups/{groupId}/changes',
      'GET /api/v1/groups/{groupId}/meetings',
      'POST /api/v1/groups/{groupId}/meetings',
      'GET /api/v1/me/groups',
      'GET /api/v1/meetings',
      'GET /api/v1/meetings/{id}',
      'PATCH /api/v1/meetings/{id}',
      'DELETE /api/v1/meetings/{id}',
      'POST /api/v1/meetings/{id}/exceptions',
      'DELETE /api/v1/meetings/{id}/exceptions/{exceptionId}',
      'POST /api/v1/meetings/{id}/verify',
      'GET /api/v1/meetings/{id}/calendar.ics',
      'GET /api/v1/groups/{groupId}/calendar.ics',
      'GET /api/v1/feeds/meeting-guide.json',
      'POST /api/v1/imports/meeting-guide',
      'GET /api/v1/meeting-types',
      'POST /api/v1/meetings/{id}/phone-list',
      'DELETE /api/v1/meetings/{id}/phone-list',
      'GET /api/v1/meetings/{id}/phone-list',
      'POST /api/v1/meetings/{id}/phone-list/requests',
      'GET /api/v1/me/meeting-contact-requests',
      'POST /api/v1/meeting-contact-requests/{requestId}/accept',
      'POST /api/v1/meeting-contact-requests/{requestId}/decline',
      'POST /api/v1/meeting-contact-requests/{requestId}/withdraw',
    ]) {
      expect(documented).toContain(route);
    }
    const types = await t.api.get<{ vocabulary: string; code: string; meetingGuideCode: string | null; labels: Record<string, string> }[]>('/meeting-types');
    expect(types.body.filter((r) => r.vocabulary === 'MG')).toHaveLength(87);
    expect(types.body.find((r) => r.vocabulary === 'MG' && r.code === 'O')?.labels.es).toBe('Abierta');
    expect(types.body.find((r) => r.vocabulary === 'NA' && r.code === 'CLOSED')?.meetingGuideCode).toBe('C');
  });
});
