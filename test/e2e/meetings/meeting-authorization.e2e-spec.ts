import { registerMember } from '../../factories/member.factory';
import {
  createGroup,
  createMeeting,
  leadWithGroup,
  makeAdmin,
  meetingInput,
  searchMeetings,
  uniqueTag,
  type MeetingBody,
} from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type ErrorBody = { statusCode: number; error: string; message: string };

describe('who may read and write meetings', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should let only leads and admins create, edit, cancel and delete a group’s meetings (403 for other members)', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id);
    const member = await registerMember(t.api);
    const token = { token: member.accessToken };

    const attempts = [
      await t.api.post<ErrorBody>(`/groups/${group.id}/meetings`, meetingInput(), token),
      await t.api.patch<ErrorBody>(`/meetings/${meeting.id}`, { name: 'Taken over' }, token),
      await t.api.post<ErrorBody>(`/meetings/${meeting.id}/exceptions`, { date: '2030-01-07', kind: 'cancel' }, token),
      await t.api.post<ErrorBody>(`/meetings/${meeting.id}/verify`, undefined, token),
      await t.api.delete<ErrorBody>(`/meetings/${meeting.id}`, token),
      await t.api.patch<ErrorBody>(`/groups/${group.id}`, { published: false }, token),
      await t.api.post<ErrorBody>(`/groups/${group.id}/leads`, { userId: member.id }, token),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/Only the group’s leads/);
    }
    // Without a token: 401.
    expect((await t.api.patch(`/meetings/${meeting.id}`, { name: 'x' })).status).toBe(401);
    // Nothing changed.
    expect((await t.api.get<MeetingBody>(`/meetings/${meeting.id}`)).body.name).toBe(meeting.name);

    // A co-lead may, and so may an admin.
    const added = await t.api.post<{ user: { id: string } }[]>(`/groups/${group.id}/leads`, { userId: member.id }, { token: lead.accessToken });
    expect(added.status).toBe(200);
    expect(added.body.map((l) => l.user.id)).toEqual([lead.id, member.id]);
    expect((await t.api.patch<MeetingBody>(`/meetings/${meeting.id}`, { name: 'Renamed by co-lead' }, token)).body.name).toBe('Renamed by co-lead');
    const admin = await registerMember(t.api);
    expect((await t.api.patch(`/meetings/${meeting.id}`, { name: 'By admin' }, { token: admin.accessToken })).status).toBe(403);
    await makeAdmin(t, admin);
    const byAdmin = await t.api.patch<MeetingBody>(`/meetings/${meeting.id}`, { name: 'By admin' }, { token: admin.accessToken });
    expect(byAdmin.status).toBe(200);
    expect((await t.api.delete(`/meetings/${meeting.id}`, { token: admin.accessToken })).status).toBe(204);
    expect((await t.api.get(`/meetings/${meeting.id}`)).status).toBe(404);
  });

  it('should let only a lead delete a group, and take its meetings with it', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id);
    const member = await registerMember(t.api);
    const refused = await t.api.delete<ErrorBody>(`/groups/${group.id}`, { token: member.accessToken });
    expect(refused.status).toBe(403);
    expect((await t.api.get(`/meetings/${meeting.id}`)).status).toBe(200);
    expect((await t.api.delete(`/groups/${group.id}`)).status).toBe(401);

    expect((await t.api.delete(`/groups/${group.id}`, { token: lead.accessToken })).status).toBe(204);
    expect((await t.api.get(`/groups/${group.id}`)).status).toBe(404);
    expect((await t.api.get(`/meetings/${meeting.id}`)).status).toBe(404);
    expect((await t.api.delete(`/groups/${group.id}`, { token: lead.accessToken })).status).toBe(404);
  });

  it('should keep unpublished groups and their meetings invisible to the public (404 everywhere)', async () => {
    const tag = uniqueTag();
    const lead = await registerMember(t.api);
    const group = await createGroup(t.api, lead, { published: false, name: `Draft ${tag}` });
    const meeting = await createMeeting(t.api, lead, group.id, { name: `Hidden ${tag}` });
    const stranger = await registerMember(t.api);

    for (const token of [undefined, stranger.accessToken]) {
      const options = token ? { token } : undefined;
      expect((await t.api.get(`/groups/${group.id}`, options)).status).toBe(404);
      expect((await t.api.get(`/groups/${group.id}/meetings`, options)).status).toBe(404);
      expect((await t.api.get(`/meetings/${meeting.id}`, options)).status).toBe(404);
      expect((await t.api.get(`/meetings/${meeting.id}/calendar.ics`, options)).status).toBe(404);
      expect((await t.api.get(`/groups/${group.id}/calendar.ics`, options)).status).toBe(404);
      expect((await searchMeetings(t.api, { q: tag }, token)).items).toEqual([]);
    }
    // Writing to it is a 404 too (it does not exist for them), not a 403.
    expect((await t.api.patch(`/meetings/${meeting.id}`, { name: 'Taken over' }, { token: stranger.accessToken })).status).toBe(404);
    const feed = await t.api.get<{ slug: string }[]>('/feeds/meeting-guide.json');
    expect(feed.body.map((m) => m.slug)).not.toContain(meeting.slug);

    // The lead sees it, with a token on the same public routes (never from a shared cache).
    expect((await t.api.get(`/meetings/${meeting.id}`, { token: lead.accessToken })).status).toBe(200);
    const leadCalendar = await t.api.get(`/groups/${group.id}/calendar.ics`, { token: lead.accessToken });
    expect(leadCalendar.status).toBe(200);
    expect(leadCalendar.headers.get('cache-control')).toBe('private, no-store');
    expect((await t.api.get<{ canManage: boolean }>(`/groups/${group.id}`, { token: lead.accessToken })).body.canManage).toBe(true);

    // Publishing lists it at once; unpublishing takes it out at once.
    expect((await t.api.patch(`/groups/${group.id}`, { published: true }, { token: lead.accessToken })).status).toBe(200);
    expect((await searchMeetings(t.api, { q: tag })).items.map((i) => i.id)).toEqual([meeting.id]);
    expect((await t.api.get(`/meetings/${meeting.id}`)).status).toBe(200);
    await t.api.patch(`/groups/${group.id}`, { published: false }, { token: lead.accessToken });
    expect((await searchMeetings(t.api, { q: tag })).items).toEqual([]);
  });

  it('should read published listings without an account', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id, { name: `Open door ${tag}` });
    expect((await t.api.get(`/meetings/${meeting.id}`)).status).toBe(200);
    expect((await t.api.get(`/groups/${group.id}`)).status).toBe(200);
    expect((await t.api.get<MeetingBody[]>(`/groups/${group.id}/meetings`)).body.map((m) => m.id)).toEqual([meeting.id]);
    expect((await searchMeetings(t.api, { q: tag })).items.map((m) => m.id)).toEqual([meeting.id]);
    // A token that is sent must be valid.
    expect((await t.api.get(`/meetings/${meeting.id}`, { token: 'not-a-token' })).status).toBe(401);
    // The public never sees who leads a group.
    expect(JSON.stringify((await t.api.get(`/groups/${group.id}`)).body)).not.toContain(lead.id);
    expect((await t.api.get(`/groups/${group.id}/leads`, { token: (await registerMember(t.api)).accessToken })).status).toBe(403);
  });

  it('should never let a member make themselves an admin', async () => {
    const member = await registerMember(t.api);
    const patch = await t.api.patch<ErrorBody>('/me', { role: 'admin' }, { token: member.accessToken });
    expect(patch.status).toBe(400);
    expect(patch.body.message).toMatch(/role/);
    const register = await t.api.post<ErrorBody>('/auth/register', {
      email: `admin-${uniqueTag()}@test.homegroup.local`,
      password: 'long-enough-password',
      displayName: 'Want A.',
      role: 'admin',
    });
    expect(register.status).toBe(400);
    const { group } = await leadWithGroup(t.api);
    expect((await t.api.patch(`/groups/${group.id}`, { name: 'mine now' }, { token: member.accessToken })).status).toBe(403);
  });

  it('should record who changed what and when, and show it to leads', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const meeting = await createMeeting(t.api, lead, group.id);
    await t.api.patch(`/meetings/${meeting.id}`, { startTime: '20:00', notes: 'Bring a friend' }, { token: lead.accessToken });
    await t.api.delete(`/meetings/${meeting.id}`, { token: lead.accessToken });
    const changes = await t.api.get<
      { action: string; fields: string[]; diff: Record<string, unknown> | null; actor: { id: string } | null; meetingId: string | null; at: string }[]
    >(
      `/groups/${group.id}/changes`,
      { token: lead.accessToken },
    );
    expect(changes.status).toBe(200);
    expect(changes.body.map((c) => [c.action, c.fields])).toEqual([
      ['meeting.delete', []],
      ['meeting.update', ['startTime', 'notes']],
      ['meeting.create', []],
      ['group.create', []],
    ]);
    expect(changes.body.every((c) => c.actor?.id === lead.id && !Number.isNaN(Date.parse(c.at)))).toBe(true);
    // A meeting's fields are public listing data: the log keeps them before and after, for its leads (ADR 0042).
    expect(changes.body[1].diff).toEqual({ startTime: { before: '19:00', after: '20:00' }, notes: { before: null, after: 'Bring a friend' } });
    expect(changes.body.filter((c) => c.action !== 'meeting.update').every((c) => c.diff === null)).toBe(true);
    const stranger = await registerMember(t.api);
    expect((await t.api.get(`/groups/${group.id}/changes`, { token: stranger.accessToken })).status).toBe(403);
  });

  it('should keep a group’s last lead, and refuse an unknown member as co-lead', async () => {
    const { lead, group } = await leadWithGroup(t.api);
    const last = await t.api.delete<ErrorBody>(`/groups/${group.id}/leads/${lead.id}`, { token: lead.accessToken });
    expect(last.status).toBe(409);
    expect(last.body.message).toMatch(/at least one lead/);
    const unknown = await t.api.post<ErrorBody>(`/groups/${group.id}/leads`, { userId: '00000000-0000-4000-8000-000000000000' }, { token: lead.accessToken });
    expect(unknown.status).toBe(404);
    const colead = await registerMember(t.api);
    await t.api.post(`/groups/${group.id}/leads`, { userId: colead.id }, { token: lead.accessToken });
    expect((await t.api.delete(`/groups/${group.id}/leads/${lead.id}`, { token: colead.accessToken })).status).toBe(204);
    const mine = await t.api.get<{ id: string }[]>('/me/groups', { token: colead.accessToken });
    expect(mine.body.map((g) => g.id)).toEqual([group.id]);
    expect((await t.api.get<{ id: string }[]>('/me/groups', { token: lead.accessToken })).body).toEqual([]);
  });
});
