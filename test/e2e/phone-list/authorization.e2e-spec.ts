import { createTestApp, TestApp } from '../../utils/create-test-app';
import { registerMember, TestMember } from '../../factories/member.factory';
import { linkContacts } from '../../factories/contact.factory';

type Who = 'anonymous' | 'stranger' | 'contact' | 'member';
type Route = {
  name: string;
  call: (token: string | undefined) => Promise<{ status: number; body: unknown }>;
  expected: Record<Who, number>;
};

/**
 * Every route of the phone list and practice calls × who asks. The resources are the MEMBER's: their
 * contactId for the contact, and one of their practice calls. A stranger and the contact (who holds their
 * own, different contactId) get 404, never 403, so ids reveal nothing.
 */
describe('phone-list and practice-call authorization matrix', () => {
  let t: TestApp;
  const people = {} as Record<Exclude<Who, 'anonymous'>, TestMember>;
  let contactId: string;
  let callId: string;
  const phone = '+14155550123';

  beforeAll(async () => {
    t = await createTestApp();
    people.member = await registerMember(t.api);
    people.contact = await registerMember(t.api);
    people.stranger = await registerMember(t.api);
    await t.api.patch('/me', { phone }, { token: people.member.accessToken });
    const pair = await linkContacts(t.api, people.member, people.contact);
    contactId = pair.memberContactId;
    const call = await t.api.post<{ id: string }>('/practice-calls', { contactId, outcome: 'connected', note: 'member only' }, { token: people.member.accessToken });
    callId = call.body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  const tokenOf = (who: Who): string | undefined => (who === 'anonymous' ? undefined : people[who].accessToken);

  // Routes that read or change the member's own resources by id. Destructive ones run last per column.
  const routes: Route[] = [
    {
      name: 'GET /phone-list/:contactId',
      call: (token) => t.api.get(`/phone-list/${contactId}`, { token }),
      expected: { anonymous: 401, stranger: 404, contact: 404, member: 200 },
    },
    {
      name: 'PATCH /phone-list/:contactId',
      call: (token) => t.api.patch(`/phone-list/${contactId}`, { acceptsAlerts: true, sharePhone: true }, { token }),
      expected: { anonymous: 401, stranger: 404, contact: 404, member: 200 },
    },
    {
      name: 'POST /practice-calls (to the member’s contactId)',
      call: (token) => t.api.post('/practice-calls', { contactId, outcome: 'voicemail' }, { token }),
      expected: { anonymous: 401, stranger: 404, contact: 404, member: 201 },
    },
    {
      name: 'GET /practice-calls/:id',
      call: (token) => t.api.get(`/practice-calls/${callId}`, { token }),
      expected: { anonymous: 401, stranger: 404, contact: 404, member: 200 },
    },
    {
      name: 'DELETE /practice-calls/:id',
      call: (token) => t.api.delete(`/practice-calls/${callId}`, { token }),
      expected: { anonymous: 401, stranger: 404, contact: 404, member: 204 },
    },
    {
      name: 'DELETE /phone-list/:contactId',
      call: (token) => t.api.delete(`/phone-list/${contactId}`, { token }),
      expected: { anonymous: 401, stranger: 404, contact: 404, member: 204 },
    },
  ];

  it.each(routes.map((r) => [r.name, r] as const))('should answer %s by who asks', async (_name, route) => {
    for (const who of ['anonymous', 'stranger', 'contact', 'member'] as const) {
      const res = await route.call(tokenOf(who));
      expect({ who, status: res.status }).toEqual({ who, status: route.expected[who] });
      if (who !== 'member') expect(JSON.stringify(res.body)).not.toContain('member only');
    }
  });

  it('should leave the member’s settings untouched by the contact’s and the stranger’s attempts', async () => {
    const fresh = await createTestApp();
    try {
      const member = await registerMember(fresh.api);
      const contact = await registerMember(fresh.api);
      const stranger = await registerMember(fresh.api);
      const pair = await linkContacts(fresh.api, member, contact);
      for (const intruder of [contact, stranger]) {
        await fresh.api.patch(`/phone-list/${pair.memberContactId}`, { acceptsAlerts: true, sharePhone: true }, { token: intruder.accessToken });
      }
      const mine = await fresh.api.get(`/phone-list/${pair.memberContactId}`, { token: member.accessToken });
      expect(mine.body).toMatchObject({ acceptsAlerts: false, sharePhone: false });
    } finally {
      await fresh.close();
    }
  });

  it.each([
    ['POST /phone-list/invites', (token?: string) => t.api.post('/phone-list/invites', undefined, { token })],
    ['POST /phone-list/invites/:code/accept', (token?: string) => t.api.post('/phone-list/invites/ABCDEFGHJK/accept', undefined, { token })],
    ['GET /phone-list', (token?: string) => t.api.get('/phone-list', { token })],
    ['GET /practice-calls', (token?: string) => t.api.get('/practice-calls', { token })],
    ['GET /practice-calls/next', (token?: string) => t.api.get('/practice-calls/next', { token })],
    ['GET /practice-calls/settings', (token?: string) => t.api.get('/practice-calls/settings', { token })],
    ['PUT /practice-calls/settings', (token?: string) => t.api.put('/practice-calls/settings', { dailyGoal: 2 }, { token })],
  ])('should refuse %s without a token (401)', async (_name, call) => {
    expect((await call(undefined)).status).toBe(401);
  });

  it('should show the caller only their own list, history, suggestion and settings', async () => {
    const fresh = await createTestApp();
    try {
      const member = await registerMember(fresh.api);
      const contact = await registerMember(fresh.api);
      const stranger = await registerMember(fresh.api);
      await fresh.api.patch('/me', { phone }, { token: member.accessToken });
      const pair = await linkContacts(fresh.api, member, contact);
      await fresh.api.post('/practice-calls', { contactId: pair.memberContactId, outcome: 'connected', note: 'secret note' }, { token: member.accessToken });
      await fresh.api.put('/practice-calls/settings', { dailyGoal: 5, reminderTime: '06:15' }, { token: member.accessToken });

      const strangerView = [
        await fresh.api.get<unknown[]>('/phone-list', { token: stranger.accessToken }),
        await fresh.api.get<{ items: unknown[] }>('/practice-calls', { token: stranger.accessToken }),
        await fresh.api.get<{ contact: unknown }>('/practice-calls/next', { token: stranger.accessToken }),
        await fresh.api.get<{ dailyGoal: number }>('/practice-calls/settings', { token: stranger.accessToken }),
      ];
      expect(strangerView[0].body).toEqual([]);
      expect(strangerView[1].body).toMatchObject({ items: [], goal: { daily: 1, todayCount: 0 } });
      expect(strangerView[2].body).toMatchObject({ contact: null, reason: 'no_contacts' });
      expect(strangerView[3].body).toEqual({ dailyGoal: 1, reminderTime: null });

      // The contact sees the member on their list, but not the member's calls, notes, settings or phone.
      const contactList = await fresh.api.get<{ user: { id: string } }[]>('/phone-list', { token: contact.accessToken });
      const contactCalls = await fresh.api.get<{ items: unknown[] }>('/practice-calls', { token: contact.accessToken });
      const contactSettings = await fresh.api.get('/practice-calls/settings', { token: contact.accessToken });
      expect(contactList.body.map((c) => c.user.id)).toEqual([member.id]);
      expect(contactCalls.body.items).toEqual([]);
      expect(contactSettings.body).toEqual({ dailyGoal: 1, reminderTime: null });
      const contactView = [contactList, contactCalls, contactSettings];
      for (const res of [...strangerView, ...contactView]) {
        const text = JSON.stringify(res.body);
        expect(text).not.toContain('secret note');
        expect(text).not.toContain(phone);
        expect(text).not.toContain('06:15');
      }
    } finally {
      await fresh.close();
    }
  });
});
