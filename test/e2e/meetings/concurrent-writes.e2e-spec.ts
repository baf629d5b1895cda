import { registerMember } from '../../factories/member.factory';
import { createGroup, createMeeting, meetingInput } from '../../factories/meeting.factory';
import { createTestApp, type TestApp } from '../../utils/create-test-app';

/**
 * A transaction holds one pooled connection (10 by default); a query it makes on ANOTHER connection waits for one.
 * With as many such requests at once as the pool has connections, every connection waits for a connection that never
 * comes and the whole api stops (no pool timeout). Each case sends more concurrent writes than the pool holds, on a
 * path that once did that; each must answer.
 */
describe('concurrent writes never wait on a second connection inside a transaction', () => {
  let t: TestApp;
  const AT_ONCE = 14;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  // First in the file: the meeting-type vocabulary is not cached yet (it was read inside the transaction).
  it('should create many meetings at once on a cold app', async () => {
    const lead = await registerMember(t.api);
    const groups = await Promise.all(Array.from({ length: AT_ONCE }, () => createGroup(t.api, lead)));
    const answers = await Promise.all(groups.map((g) => t.api.post(`/groups/${g.id}/meetings`, meetingInput(), { token: lead.accessToken })));
    expect(answers.map((a) => a.status)).toEqual(groups.map(() => 201));
  });

  it('should add many co-leads at once', async () => {
    const lead = await registerMember(t.api);
    const group = await createGroup(t.api, lead);
    const others = await Promise.all(Array.from({ length: AT_ONCE }, () => registerMember(t.api)));
    const answers = await Promise.all(
      others.map((o) => t.api.post(`/groups/${group.id}/leads`, { userId: o.id }, { token: lead.accessToken })),
    );
    expect(answers.map((a) => a.status)).toEqual(others.map(() => 200));
    const leads = await t.api.get<unknown[]>(`/groups/${group.id}/leads`, { token: lead.accessToken });
    expect(leads.body).toHaveLength(AT_ONCE + 1);
  });

  it('should answer many declines of a contact request that is not the caller’s at once', async () => {
    const lead = await registerMember(t.api);
    const group = await createGroup(t.api, lead);
    const meeting = await createMeeting(t.api, lead, group.id);
    const [asker, asked, stranger] = await Promise.all([registerMember(t.api), registerMember(t.api), registerMember(t.api)]);
    for (const m of [asker, asked]) await t.api.post(`/meetings/${meeting.id}/phone-list`, undefined, { token: m.accessToken });
    const request = await t.api.post<{ id: string }>(
      `/meetings/${meeting.id}/phone-list/requests`,
      { userId: asked.id },
      { token: asker.accessToken },
    );
    expect(request.status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: AT_ONCE }, () =>
        t.api.post(`/meeting-contact-requests/${request.body.id}/decline`, undefined, { token: stranger.accessToken }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 404));
  });
});
