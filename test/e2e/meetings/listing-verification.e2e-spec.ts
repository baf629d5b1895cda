import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { ListingVerificationService, VERIFICATION_PUSH } from '@homegroup/meetings';
import { Clock } from '@homegroup/operations';
import { registerMember } from '../../factories/member.factory';
import { createMeeting, leadWithGroup, searchMeetings, uniqueTag, type MeetingBody } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { createBrowserSubscription, FakePushService, startFakePushService } from '../../utils/fake-push-service';
import { collectEvents, connectSocket, type TestSocket } from '../../utils/socket-client';
import { waitUntil } from '../../utils/wait-for';

type Listing = MeetingBody & { lastVerifiedAt: string | null; verificationDueAt: string; unverified: boolean };
type FeedItem = { slug: string; unverified?: boolean };

const DAY = 86_400_000;

describe('listings that stay true: verification cadence, unverified, reminders (ADR 0042)', () => {
  let t: TestApp;
  let fake: FakePushService;
  const sockets: TestSocket[] = [];
  const clock = (): Clock => t.app.get(Clock);
  const roundTrip = (socket: TestSocket): Promise<void> => new Promise((resolve) => socket.emit('ping', {}, () => resolve()));

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestApp(), startFakePushService()]);
  });

  afterEach(() => {
    clock().resume();
    for (const s of sockets.splice(0)) s.disconnect();
  });

  afterAll(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  it('should show a listing unverified past its group cadence in search, the meeting and the feed, until a lead verifies it', async () => {
    const start = new Date('2026-03-02T12:00:00Z');
    clock().freeze(start);
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    const patched = await t.api.patch<{ verificationCadenceDays: number }>(`/groups/${group.id}`, { verificationCadenceDays: 30 }, { token: lead.accessToken });
    expect(patched.status).toBe(200);
    expect(patched.body.verificationCadenceDays).toBe(30);
    const meeting = (await createMeeting(t.api, lead, group.id, { name: `Cadence ${tag}`, startsOn: '2026-03-02' })) as Listing;
    expect(meeting.lastVerifiedAt).toBe(start.toISOString());
    expect(meeting.verificationDueAt).toBe(new Date(start.getTime() + 30 * DAY).toISOString());
    expect(meeting.unverified).toBe(false);

    const read = async (): Promise<{ one: Listing; found: Listing; feed: FeedItem }> => {
      const one = (await t.api.get<Listing>(`/meetings/${meeting.id}`)).body;
      const found = (await searchMeetings(t.api, { q: tag })).items[0] as unknown as Listing;
      const feed = (await t.api.get<FeedItem[]>('/feeds/meeting-guide.json')).body.find((i) => i.slug === meeting.slug) as FeedItem;
      return { one, found, feed };
    };
    clock().freeze(new Date(start.getTime() + 29 * DAY));
    let seen = await read();
    expect([seen.one.unverified, seen.found.unverified, 'unverified' in seen.feed]).toEqual([false, false, false]);

    clock().freeze(new Date(start.getTime() + 31 * DAY));
    seen = await read();
    expect([seen.one.unverified, seen.found.unverified, seen.feed.unverified]).toEqual([true, true, true]);

    // A longer cadence makes it current again; the lead's verify does too.
    await t.api.patch(`/groups/${group.id}`, { verificationCadenceDays: 60 }, { token: lead.accessToken });
    expect((await read()).one.unverified).toBe(false);
    await t.api.patch(`/groups/${group.id}`, { verificationCadenceDays: 7 }, { token: lead.accessToken });
    expect((await read()).found.unverified).toBe(true);
    const verified = await t.api.post<Listing>(`/meetings/${meeting.id}/verify`, undefined, { token: lead.accessToken });
    expect(verified.status).toBe(200);
    seen = await read();
    expect([seen.one.unverified, seen.found.unverified, 'unverified' in seen.feed]).toEqual([false, false, false]);
    expect(seen.one.lastVerifiedAt).toBe(new Date(start.getTime() + 31 * DAY).toISOString());

    // Any lead edit counts as a check.
    clock().freeze(new Date(start.getTime() + 40 * DAY));
    expect((await read()).one.unverified).toBe(true);
    await t.api.patch(`/meetings/${meeting.id}`, { durationMinutes: 75 }, { token: lead.accessToken });
    expect((await read()).one.unverified).toBe(false);
  });

  it('should refuse a cadence out of range with a 400 naming the field, and only leads may set it', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    for (const value of [0, 6, 366, 1.5, '30', null]) {
      const res = await t.api.patch<{ message: string }>(`/groups/${group.id}`, { verificationCadenceDays: value }, { token: lead.accessToken });
      expect({ value, status: res.status }).toEqual({ value, status: 400 });
      expect(res.body.message).toMatch(/verificationCadenceDays/);
    }
    const stranger = await registerMember(t.api);
    expect((await t.api.patch(`/groups/${group.id}`, { verificationCadenceDays: 30 }, { token: stranger.accessToken })).status).toBe(403);
  });

  it('should remind each lead once per cycle on their socket and by push, again a week later, and not after a verify', async () => {
    const start = new Date('2026-04-06T09:00:00Z');
    clock().freeze(start);
    const { lead, group } = await leadWithGroup(t.api);
    const coLead = await registerMember(t.api);
    await t.api.post(`/groups/${group.id}/leads`, { userId: coLead.id }, { token: lead.accessToken });
    const member = await registerMember(t.api);
    await t.api.patch(`/groups/${group.id}`, { verificationCadenceDays: 14 }, { token: lead.accessToken });
    const due = await createMeeting(t.api, lead, group.id, { name: 'Due one', startsOn: '2026-04-06' });
    clock().freeze(new Date(start.getTime() + 5 * DAY));
    const fresh = await createMeeting(t.api, lead, group.id, { name: 'Fresh one', startsOn: '2026-04-06' });
    const phone = createBrowserSubscription(fake.endpoint('ok'));
    expect((await t.api.post('/me/push-subscriptions', { endpoint: phone.endpoint, keys: phone.keys }, { token: lead.accessToken })).status).toBe(201);

    const leadSocket = await connectSocket(t.baseUrl, lead.accessToken);
    const coSocket = await connectSocket(t.baseUrl, coLead.accessToken);
    const memberSocket = await connectSocket(t.baseUrl, member.accessToken);
    sockets.push(leadSocket, coSocket, memberSocket);
    const leadEvents = collectEvents(leadSocket, 'listing.verification-due');
    const coEvents = collectEvents(coSocket, 'listing.verification-due');
    const memberEvents = collectEvents(memberSocket, 'listing.verification-due');
    const service = t.app.get(ListingVerificationService);
    const run = async (at: number): Promise<number> => {
      const n = await service.remindDue(new Date(at));
      await Promise.all([roundTrip(leadSocket), roundTrip(coSocket), roundTrip(memberSocket)]);
      return n;
    };
    const mine = (events: typeof leadEvents): string[][] =>
      events.filter((e) => e.groupId === group.id).map((e) => e.meetings.map((m) => m.name));

    await run(start.getTime() + 13 * DAY);
    expect(mine(leadEvents)).toEqual([]);
    await run(start.getTime() + 15 * DAY);
    expect(mine(leadEvents)).toEqual([['Due one']]);
    expect(mine(coEvents)).toEqual([['Due one']]);
    expect(memberEvents).toEqual([]);
    const event = leadEvents.find((e) => e.groupId === group.id);
    expect(event).toEqual({
      groupId: group.id,
      groupName: group.name,
      meetings: [{ id: due.id, name: 'Due one', dueAt: new Date(start.getTime() + 14 * DAY).toISOString() }],
    });
    const pushes = fake.requestsTo(phone.endpoint);
    expect(pushes).toHaveLength(1);
    expect(JSON.parse(phone.decrypt(pushes[0].body))).toEqual({ ...VERIFICATION_PUSH, data: { type: 'listing.verification-due', groupId: group.id } });

    // The next day: nothing new for this listing (one reminder per week while it stays unchecked).
    await run(start.getTime() + 16 * DAY);
    expect(mine(leadEvents)).toEqual([['Due one']]);
    // A week later, both listings are due: one event with both.
    await run(start.getTime() + 22 * DAY);
    expect(mine(leadEvents)).toEqual([['Due one'], ['Due one', 'Fresh one'].sort()].map((names) => names.sort()));

    // Verified listings are not reminded of until their next cycle ends.
    clock().freeze(new Date(start.getTime() + 23 * DAY));
    await t.api.post(`/meetings/${due.id}/verify`, undefined, { token: coLead.accessToken });
    await t.api.post(`/meetings/${fresh.id}/verify`, undefined, { token: coLead.accessToken });
    await run(start.getTime() + 30 * DAY);
    expect(mine(leadEvents)).toHaveLength(2);
    await run(start.getTime() + 38 * DAY);
    expect(mine(leadEvents)).toHaveLength(3);
  });

  it('should remind once when two runs overlap', async () => {
    const start = new Date('2026-05-04T09:00:00Z');
    clock().freeze(start);
    const { lead, group } = await leadWithGroup(t.api);
    await createMeeting(t.api, lead, group.id, { startsOn: '2026-05-04' });
    const socket = await connectSocket(t.baseUrl, lead.accessToken);
    sockets.push(socket);
    const events = collectEvents(socket, 'listing.verification-due');
    const service = t.app.get(ListingVerificationService);
    const at = new Date(start.getTime() + 91 * DAY);
    await Promise.all([service.remindDue(at), service.remindDue(at), service.remindDue(at)]);
    await roundTrip(socket);
    expect(events.filter((e) => e.groupId === group.id)).toHaveLength(1);
  });
});

describe('the daily reminder job in the worker (ADR 0042)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RUN_WORKER: 'true' } });
  });

  afterAll(async () => {
    t.app.get(Clock).resume();
    await t.close();
  });

  it('should run meetings.verification-reminders through pg-boss and reach a lead’s socket', async () => {
    const start = new Date('2026-08-03T09:00:00Z');
    const clock = t.app.get(Clock);
    clock.freeze(start);
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id, { startsOn: '2026-08-03' });
    const socket = await connectSocket(t.baseUrl, lead.accessToken);
    try {
      const events = collectEvents(socket, 'listing.verification-due');
      clock.freeze(new Date(start.getTime() + 91 * DAY));
      expect(await t.app.get(JobsService).send(QUEUES.listingVerificationReminders, {})).toEqual(expect.any(String));
      await waitUntil(() => events.some((e) => e.groupId === group.id), 15_000);
      expect(events.find((e) => e.groupId === group.id)?.meetings.map((m) => m.id)).toEqual([meeting.id]);
    } finally {
      socket.disconnect();
    }
  });
});
