import { registerMember, type TestMember } from '../../factories/member.factory';
import { createGroup, createMeeting, leadWithGroup, type MeetingBody } from '../../factories/meeting.factory';
import { connectSocket, nextEvent } from '../../utils/socket-client';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type Member = { user: { id: string; displayName: string }; isMe: boolean; contactId: string | null; pendingRequest: string | null; pendingRequestId: string | null };
type Request = { id: string; status: string; from: { id: string }; to: { id: string }; contactId: string | null; meeting: { id: string } };
type Contact = { id: string; user: { id: string; displayName: string }; phone?: string | null; acceptsAlerts: boolean; theyAcceptMyAlerts: boolean; source?: string };

describe('meeting phone lists', () => {
  let t: TestApp;
  let meeting: MeetingBody;

  beforeAll(async () => {
    t = await createTestApp();
    const { lead, group } = await leadWithGroup(t.api);
    meeting = await createMeeting(t.api, lead, group.id);
  });

  afterAll(async () => {
    await t.close();
  });

  const join = async (member: TestMember, meetingId = meeting.id) => {
    const res = await t.api.post<Member[]>(`/meetings/${meetingId}/phone-list`, undefined, { token: member.accessToken });
    expect(res.status).toBe(200);
    return res.body;
  };
  const list = (member: TestMember) => t.api.get<Member[]>(`/meetings/${meeting.id}/phone-list`, { token: member.accessToken });
  const ask = (from: TestMember, to: TestMember) =>
    t.api.post<Request & { message?: string }>(`/meetings/${meeting.id}/phone-list/requests`, { userId: to.id }, { token: from.accessToken });

  it('should show display names to members on the list only, and let a member take their name off', async () => {
    const ana = await registerMember(t.api, { displayName: 'Ana P.' });
    const ben = await registerMember(t.api, { displayName: 'Ben T.' });
    const outsider = await registerMember(t.api);
    await t.api.patch('/me', { phone: '+14155550123' }, { token: ana.accessToken });
    await join(ana);
    const seen = await join(ben);
    expect(seen.filter((m) => [ana.id, ben.id].includes(m.user.id)).map((m) => [m.user.displayName, m.isMe])).toEqual([
      ['Ana P.', false],
      ['Ben T.', true],
    ]);
    // Names only: no phone number, no email.
    expect(JSON.stringify(seen)).not.toContain('4155550123');
    expect(JSON.stringify(seen)).not.toContain('@');
    const refused = await list(outsider);
    expect(refused.status).toBe(403);
    expect(refused.status === 403 && (refused.body as unknown as { message: string }).message).toMatch(/Put your name/);
    expect((await t.api.get(`/meetings/${meeting.id}/phone-list`)).status).toBe(401);

    expect((await t.api.delete(`/meetings/${meeting.id}/phone-list`, { token: ben.accessToken })).status).toBe(204);
    expect((await list(ana)).body.map((m) => m.user.id)).not.toContain(ben.id);
    expect((await list(ben)).status).toBe(403);
    expect((await t.api.delete(`/meetings/${meeting.id}/phone-list`, { token: ben.accessToken })).status).toBe(404);
  });

  it('should link two members only when the other accepts, with the same contact and consent rules as an invite', async () => {
    const cleo = await registerMember(t.api, { displayName: 'Cleo R.' });
    const dev = await registerMember(t.api, { displayName: 'Dev S.' });
    await t.api.patch('/me', { phone: '+14155550177' }, { token: cleo.accessToken });
    await join(cleo);
    await join(dev);

    const sent = await ask(cleo, dev);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'requested', from: { id: cleo.id }, to: { id: dev.id }, contactId: null });
    // Nothing is linked yet.
    expect((await t.api.get<Contact[]>('/phone-list', { token: cleo.accessToken })).body).toEqual([]);
    expect((await ask(cleo, dev)).status).toBe(409);
    const inbox = await t.api.get<{ incoming: Request[]; outgoing: Request[] }>('/me/meeting-contact-requests', { token: dev.accessToken });
    expect(inbox.body.incoming.map((r) => r.id)).toEqual([sent.body.id]);
    expect((await list(dev)).body.find((m) => m.user.id === cleo.id)).toMatchObject({ pendingRequest: 'received', pendingRequestId: sent.body.id });

    // Only the recipient can accept.
    expect((await t.api.post(`/meeting-contact-requests/${sent.body.id}/accept`, undefined, { token: cleo.accessToken })).status).toBe(404);
    const socket = await connectSocket(t.baseUrl, cleo.accessToken);
    try {
      const added = nextEvent(socket, 'contact.added');
      const accepted = await t.api.post<Request>(`/meeting-contact-requests/${sent.body.id}/accept`, undefined, { token: dev.accessToken });
      expect(accepted.status).toBe(200);
      expect(accepted.body.status).toBe('accepted');
      expect(accepted.body.contactId).toEqual(expect.any(String));
      expect(await added).toMatchObject({ user: { id: dev.id }, source: 'meeting' });
    } finally {
      socket.disconnect();
    }
    // A second tap is harmless.
    expect((await t.api.post(`/meeting-contact-requests/${sent.body.id}/accept`, undefined, { token: dev.accessToken })).status).toBe(409);

    const devContacts = await t.api.get<Contact[]>('/phone-list', { token: dev.accessToken });
    expect(devContacts.body).toHaveLength(1);
    // As with an invite: no consent to alerts and no phone number until each side gives them.
    expect(devContacts.body[0]).toMatchObject({ user: { id: cleo.id, displayName: 'Cleo R.' }, acceptsAlerts: false, theyAcceptMyAlerts: false });
    expect(devContacts.body[0].phone ?? null).toBeNull();
    expect(JSON.stringify(devContacts.body)).not.toContain('4155550177');
    expect((await list(dev)).body.find((m) => m.user.id === cleo.id)?.contactId).toBe(devContacts.body[0].id);
    expect((await ask(dev, cleo)).status).toBe(409);
  });

  it('should accept when both asked, decline and withdraw without linking, and never link across a block', async () => {
    const [eli, fay, gus, hal] = await Promise.all(['Eli', 'Fay', 'Gus', 'Hal'].map((n) => registerMember(t.api, { displayName: `${n} Q.` })));
    for (const m of [eli, fay, gus, hal]) await join(m);

    const first = await ask(eli, fay);
    const mutual = await ask(fay, eli);
    expect(mutual.status).toBe(201);
    expect(mutual.body).toMatchObject({ id: first.body.id, status: 'accepted' });
    expect(mutual.body.contactId).toEqual(expect.any(String));

    const declined = await ask(eli, gus);
    expect((await t.api.post<Request>(`/meeting-contact-requests/${declined.body.id}/decline`, undefined, { token: gus.accessToken })).body.status).toBe('declined');
    const withdrawn = await ask(eli, hal);
    expect((await t.api.post<Request>(`/meeting-contact-requests/${withdrawn.body.id}/withdraw`, undefined, { token: eli.accessToken })).body.status).toBe('withdrawn');
    const eliContacts = (await t.api.get<Contact[]>('/phone-list', { token: eli.accessToken })).body;
    expect(eliContacts.map((c) => c.user.id)).toEqual([fay.id]);

    // Gus blocks Eli: they vanish from each other's view of the list and cannot ask.
    await t.api.post('/blocks', { userId: eli.id }, { token: gus.accessToken });
    expect((await list(gus)).body.map((m) => m.user.id)).not.toContain(eli.id);
    expect((await list(eli)).body.map((m) => m.user.id)).not.toContain(gus.id);
    const blocked = await ask(eli, gus);
    expect(blocked.status).toBe(404);
    expect(blocked.body.message).toMatch(/not on this meeting’s phone list/);
    const pendingThenBlocked = await ask(hal, eli);
    await t.api.post('/blocks', { userId: hal.id }, { token: eli.accessToken });
    expect((await t.api.post(`/meeting-contact-requests/${pendingThenBlocked.body.id}/accept`, undefined, { token: eli.accessToken })).status).toBe(409);
  });

  it('should only list published meetings’ phone lists and export and erase what a member put there', async () => {
    const lead = await registerMember(t.api);
    const draft = await createGroup(t.api, lead, { published: false });
    const hidden = await createMeeting(t.api, lead, draft.id);
    const member = await registerMember(t.api);
    expect((await t.api.post(`/meetings/${hidden.id}/phone-list`, undefined, { token: member.accessToken })).status).toBe(404);

    await join(member);
    const other = await registerMember(t.api);
    await join(other);
    await ask(member, other);
    const exported = await t.api.get<{ meetingPhoneLists: { phoneLists: { meetingId: string }[]; contactRequests: { direction: string }[] } }>(
      '/me/export',
      { token: member.accessToken },
    );
    expect(exported.body.meetingPhoneLists.phoneLists.map((l) => l.meetingId)).toEqual([meeting.id]);
    expect(exported.body.meetingPhoneLists.contactRequests.map((r) => r.direction)).toEqual(['sent']);
    expect((await t.api.delete('/me', { token: member.accessToken })).status).toBe(204);
    expect((await list(other)).body.map((m) => m.user.id)).not.toContain(member.id);
    expect((await t.api.get<{ incoming: unknown[] }>('/me/meeting-contact-requests', { token: other.accessToken })).body.incoming).toEqual([]);
  });
});
