import { Clock } from '@homegroup/operations';
import { registerMember, type TestMember } from '../../factories/member.factory';
import { createGroup, createMeeting, leadWithGroup, makeAdmin, searchMeetings, uniqueTag, type MeetingBody } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { collectEvents, connectSocket, type TestSocket } from '../../utils/socket-client';

type Listing = MeetingBody & { reported: boolean; reportedReasons: string[] };
type Receipt = { id: string; reason: string; createdAt: string; listingReported: boolean };
type Report = { id: string; meetingId: string; meetingName: string; reason: string; note: string | null; createdAt: string; closedAt: string | null };

const DAY = 86_400_000;

describe('members report a wrong listing in one tap (ADR 0042)', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];
  const clock = (): Clock => t.app.get(Clock);
  const roundTrip = (socket: TestSocket): Promise<void> => new Promise((resolve) => socket.emit('ping', {}, () => resolve()));
  const report = (who: TestMember, meetingId: string, body: Record<string, unknown>) =>
    t.api.post<Receipt & { message: string }>(`/meetings/${meetingId}/reports`, body, { token: who.accessToken });

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterEach(() => {
    clock().resume();
    for (const s of sockets.splice(0)) s.disconnect();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should take one report per member per week, tell the leads, mark it reported at three members within two weeks, and clear on verify', async () => {
    const start = new Date('2026-06-01T10:00:00Z'); // a Monday
    clock().freeze(start);
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id, { name: `Reported ${tag}`, startsOn: '2026-06-01' });
    const [a, b, c, d] = await Promise.all([registerMember(t.api), registerMember(t.api), registerMember(t.api), registerMember(t.api)]);
    const leadSocket = await connectSocket(t.baseUrl, lead.accessToken);
    const aSocket = await connectSocket(t.baseUrl, a.accessToken);
    sockets.push(leadSocket, aSocket);
    const leadEvents = collectEvents(leadSocket, 'listing.reported');
    const aEvents = collectEvents(aSocket, 'listing.reported');
    const searched = async (): Promise<Listing> => (await searchMeetings(t.api, { q: tag })).items[0] as unknown as Listing;

    const first = await report(a, meeting.id, { reason: 'nobody_there', note: 'Door locked at 19:10' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reason: 'nobody_there', listingReported: false });
    const again = await report(a, meeting.id, { reason: 'wrong_time' });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already reported this meeting this week/);

    // An old report (over two weeks) does not count towards the threshold.
    clock().freeze(new Date(start.getTime() + 15 * DAY));
    expect((await report(b, meeting.id, { reason: 'wrong_place' })).body.listingReported).toBe(false);
    expect((await report(c, meeting.id, { reason: 'wrong_place' })).body.listingReported).toBe(false);
    expect((await searched()).reported).toBe(false);
    const third = await report(d, meeting.id, { reason: 'link_broken' });
    expect(third.body.listingReported).toBe(true);

    await roundTrip(leadSocket);
    await roundTrip(aSocket);
    expect(leadEvents.map((e) => [e.meeting.id, e.reason, e.listingReported])).toEqual([
      [meeting.id, 'nobody_there', false],
      [meeting.id, 'wrong_place', false],
      [meeting.id, 'wrong_place', false],
      [meeting.id, 'link_broken', true],
    ]);
    expect(aEvents).toEqual([]);

    const found = await searched();
    expect(found.reported).toBe(true);
    expect(found.reportedReasons).toEqual(['link_broken', 'nobody_there', 'wrong_place']);
    expect((await t.api.get<Listing>(`/meetings/${meeting.id}`)).body.reported).toBe(true);

    // A new week: the first member may report again.
    expect((await report(a, meeting.id, { reason: 'wrong_time' })).status).toBe(201);

    const list = await t.api.get<Report[]>(`/groups/${group.id}/reports`, { token: lead.accessToken });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(5);
    expect(list.body.every((r) => r.closedAt === null && r.meetingName === `Reported ${tag}`)).toBe(true);
    expect(list.body.find((r) => r.reason === 'nobody_there')?.note).toBe('Door locked at 19:10');
    expect(JSON.stringify(list.body)).not.toContain(a.id);

    const verified = await t.api.post<Listing>(`/meetings/${meeting.id}/verify`, undefined, { token: lead.accessToken });
    expect(verified.body).toMatchObject({ reported: false, reportedReasons: [] });
    expect((await searched()).reported).toBe(false);
    const closed = (await t.api.get<Report[]>(`/groups/${group.id}/reports`, { token: lead.accessToken })).body;
    expect(closed.every((r) => r.closedAt !== null)).toBe(true);
  });

  it('should clear reported when a lead edits the listing', async () => {
    clock().freeze(new Date('2026-07-06T10:00:00Z'));
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id, { startsOn: '2026-07-06' });
    for (const member of await Promise.all([registerMember(t.api), registerMember(t.api), registerMember(t.api)])) {
      await report(member, meeting.id, { reason: 'wrong_time' });
    }
    expect((await t.api.get<Listing>(`/meetings/${meeting.id}`)).body).toMatchObject({ reported: true, reportedReasons: ['wrong_time'] });
    await t.api.patch(`/meetings/${meeting.id}`, { startTime: '19:30' }, { token: lead.accessToken });
    expect((await t.api.get<Listing>(`/meetings/${meeting.id}`)).body).toMatchObject({ reported: false, reportedReasons: [] });
  });

  it('should answer bad reports with a 400 naming the field, strangers 404 for unpublished listings, and only leads see reports', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id);
    const hidden = await createGroup(t.api, lead, { published: false });
    const hiddenMeeting = await createMeeting(t.api, lead, hidden.id);
    const stranger = await registerMember(t.api);
    for (const body of [{}, { reason: 'rude' }, { reason: 'nobody_there', note: 'x'.repeat(501) }, { reason: 'nobody_there', extra: 1 }]) {
      const res = await report(stranger, meeting.id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await report(stranger, hiddenMeeting.id, { reason: 'nobody_there' })).status).toBe(404);
    expect((await report(lead, hiddenMeeting.id, { reason: 'nobody_there' })).status).toBe(201);
    expect((await t.api.post(`/meetings/${meeting.id}/reports`, { reason: 'nobody_there' })).status).toBe(401);
    expect((await report(stranger, '00000000-0000-4000-8000-000000000000', { reason: 'nobody_there' })).status).toBe(404);

    expect((await t.api.get(`/groups/${group.id}/reports`, { token: stranger.accessToken })).status).toBe(404);
    expect((await t.api.get(`/groups/${hidden.id}/reports`, { token: stranger.accessToken })).status).toBe(404);
    const admin = await registerMember(t.api);
    await makeAdmin(t, admin);
    const seen = await t.api.get<Report[]>(`/groups/${hidden.id}/reports`, { token: admin.accessToken });
    expect(seen.status).toBe(200);
    expect(seen.body).toHaveLength(1);
  });

  it('should limit how many reports one member sends in an hour', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const member = await registerMember(t.api);
    const meetings = [];
    for (let i = 0; i < 11; i += 1) meetings.push(await createMeeting(t.api, lead, group.id));
    const statuses = [];
    for (const m of meetings) statuses.push((await report(member, m.id, { reason: 'link_broken' })).status);
    expect(statuses).toEqual([...Array<number>(10).fill(201), 429]);
  });
});
