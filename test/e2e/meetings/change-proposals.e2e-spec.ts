import { DataSource } from 'typeorm';
import { registerMember } from '../../factories/member.factory';
import { createGroup, createMeeting, leadWithGroup, makeAdmin, type MeetingBody } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { collectEvents, connectSocket, type TestSocket } from '../../utils/socket-client';

type Proposal = {
  id: string;
  meetingId: string;
  groupId: string;
  proposedBy: { id: string; displayName: string };
  changes: Record<string, unknown>;
  fields: string[];
  note: string;
  status: string;
  decidedBy: { id: string } | null;
};
type Change = { action: string; fields: string[]; diff: Record<string, { before: unknown; after: unknown }> | null; proposalId: string | null; actor: { id: string } | null; meetingId: string | null };
type ErrorBody = { message: string; fields?: { field: string }[] };

describe('change proposals: anyone proposes, leads decide (ADR 0042)', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];
  const roundTrip = (socket: TestSocket): Promise<void> => new Promise((resolve) => socket.emit('ping', {}, () => resolve()));

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should apply an approved proposal through the meeting writer and log each field before and after with who and when', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id, { name: 'Before name' });
    const member = await registerMember(t.api);
    const socket = await connectSocket(t.baseUrl, lead.accessToken);
    sockets.push(socket);
    const proposed = collectEvents(socket, 'listing.change-proposed');

    const res = await t.api.post<Proposal>(
      `/meetings/${meeting.id}/proposals`,
      { changes: { startTime: '19:30', name: 'After name', conference: { url: 'https://meet.example.org/abc' }, attendance: 'hybrid' }, note: 'Moved in September' },
      { token: member.accessToken },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', proposedBy: { id: member.id }, note: 'Moved in September', decidedBy: null });
    expect([...res.body.fields].sort()).toEqual(['attendance', 'conference', 'name', 'startTime']);
    await roundTrip(socket);
    expect(proposed).toEqual([{ groupId: group.id, proposalId: res.body.id, meeting: { id: meeting.id, name: 'Before name' }, fields: res.body.fields }]);
    // Nothing changed yet.
    expect((await t.api.get<MeetingBody>(`/meetings/${meeting.id}`)).body.name).toBe('Before name');

    const listed = await t.api.get<Proposal[]>(`/groups/${group.id}/proposals?status=pending`, { token: lead.accessToken });
    expect(listed.body.map((p) => p.id)).toEqual([res.body.id]);

    const approved = await t.api.post<Proposal>(`/proposals/${res.body.id}/approve`, undefined, { token: lead.accessToken });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: { id: lead.id } });
    const after = (await t.api.get<MeetingBody & { attendance: string; conference: { url: string } }>(`/meetings/${meeting.id}`)).body;
    expect(after).toMatchObject({ name: 'After name', startTime: '19:30', attendance: 'hybrid', conference: { url: 'https://meet.example.org/abc' } });

    const changes = (await t.api.get<Change[]>(`/groups/${group.id}/changes`, { token: lead.accessToken })).body;
    expect(changes[0]).toMatchObject({ action: 'proposal.approve', proposalId: res.body.id, meetingId: meeting.id, actor: { id: lead.id } });
    expect(changes[0].diff).toEqual({
      name: { before: 'Before name', after: 'After name' },
      startTime: { before: '19:00', after: '19:30' },
      attendance: { before: 'in_person', after: 'hybrid' },
      conference: {
        before: { url: null, notes: null, phone: null, phoneNotes: null },
        after: { url: 'https://meet.example.org/abc', notes: null, phone: null, phoneNotes: null },
      },
    });

    // Decided once.
    expect((await t.api.post(`/proposals/${res.body.id}/approve`, undefined, { token: lead.accessToken })).status).toBe(409);
    expect((await t.api.post(`/proposals/${res.body.id}/reject`, undefined, { token: lead.accessToken })).status).toBe(409);
  });

  it('should leave the listing as it is on reject, and refuse a stale proposal with 409', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id);
    const member = await registerMember(t.api);
    const propose = (changes: Record<string, unknown>) =>
      t.api.post<Proposal>(`/meetings/${meeting.id}/proposals`, { changes, note: 'please' }, { token: member.accessToken });
    const rejected = (await propose({ durationMinutes: 90 })).body;
    const stale = (await propose({ startTime: '18:00' })).body;
    const untouched = (await propose({ notes: 'Step meeting' })).body;

    const r = await t.api.post<Proposal>(`/proposals/${rejected.id}/reject`, undefined, { token: lead.accessToken });
    expect(r.body).toMatchObject({ status: 'rejected', decidedBy: { id: lead.id } });
    expect((await t.api.get<{ durationMinutes: number }>(`/meetings/${meeting.id}`)).body.durationMinutes).toBe(60);

    await t.api.patch(`/meetings/${meeting.id}`, { startTime: '18:30' }, { token: lead.accessToken });
    const conflict = await t.api.post<ErrorBody>(`/proposals/${stale.id}/approve`, undefined, { token: lead.accessToken });
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toMatch(/changed since this proposal was made \(startTime\)/);
    expect((await t.api.get<{ startTime: string }>(`/meetings/${meeting.id}`)).body.startTime).toBe('18:30');
    // A proposal of other fields still applies.
    expect((await t.api.post(`/proposals/${untouched.id}/approve`, undefined, { token: lead.accessToken })).status).toBe(200);

    const changes = (await t.api.get<Change[]>(`/groups/${group.id}/changes`, { token: lead.accessToken })).body;
    expect(changes.map((c) => c.action).slice(0, 3)).toEqual(['proposal.approve', 'meeting.update', 'proposal.reject']);
    expect(changes[2]).toMatchObject({ proposalId: rejected.id, diff: null, fields: [] });
    const all = (await t.api.get<Proposal[]>(`/groups/${group.id}/proposals`, { token: lead.accessToken })).body;
    expect(all.map((p) => [p.id, p.status])).toEqual([
      [stale.id, 'pending'],
      [untouched.id, 'approved'],
      [rejected.id, 'rejected'],
    ]);
  });

  it('should validate proposals like a lead edit, and show proposals to leads only (admins when the group has no lead)', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id);
    const hidden = await createGroup(t.api, lead, { published: false });
    const hiddenMeeting = await createMeeting(t.api, lead, hidden.id);
    const member = await registerMember(t.api);
    const post = (id: string, body: unknown, token = member.accessToken) => t.api.post<ErrorBody & Proposal>(`/meetings/${id}/proposals`, body, { token });

    const cases: [unknown, RegExp][] = [
      [{ changes: { startTime: '7pm' }, note: 'x' }, /startTime must be a local time/],
      [{ changes: { durationMinutes: 600 }, note: 'x' }, /durationMinutes must be 5 to 360/],
      [{ changes: { attendance: 'online' }, note: 'x' }, /online meeting needs conference/],
      [{ changes: { startTime: '19:00' }, note: 'x' }, /must differ from the listing/],
      [{ changes: { startTime: '19:30' } }, /note/],
      [{ changes: { startTime: '19:30' }, note: '   ' }, /note is needed/],
      [{ changes: { slug: 'mine' }, note: 'x' }, /slug should not exist/],
      [{ changes: 'all', note: 'x' }, /changes must be an object/],
    ];
    for (const [body, message] of cases) {
      const res = await post(meeting.id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.message).toMatch(message);
    }
    expect((await post(hiddenMeeting.id, { changes: { startTime: '19:30' }, note: 'x' })).status).toBe(404);
    const own = await post(meeting.id, { changes: { startTime: '19:30' }, note: 'x' });
    expect(own.status).toBe(201);

    const admin = await registerMember(t.api);
    await makeAdmin(t, admin);
    for (const who of [member, admin]) {
      expect((await t.api.get(`/groups/${group.id}/proposals`, { token: who.accessToken })).status).toBe(404);
      expect((await t.api.post(`/proposals/${own.body.id}/approve`, undefined, { token: who.accessToken })).status).toBe(404);
      expect((await t.api.post(`/proposals/${own.body.id}/reject`, undefined, { token: who.accessToken })).status).toBe(404);
    }
    expect((await t.api.get(`/groups/${group.id}/proposals?status=maybe`, { token: lead.accessToken })).status).toBe(400);

    // A group whose only lead erased their account: admins decide.
    await t.app.get(DataSource).query('DELETE FROM group_leads WHERE group_id = $1', [group.id]);
    expect((await t.api.get<Proposal[]>(`/groups/${group.id}/proposals`, { token: admin.accessToken })).body).toHaveLength(1);
    const byAdmin = await t.api.post<Proposal>(`/proposals/${own.body.id}/approve`, undefined, { token: admin.accessToken });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.decidedBy?.id).toBe(admin.id);
  });
});
