import { ContactLinkRefusedError, ContactLinksService, ContactQueries } from '@homegroup/phone-list';
import { DataSource } from 'typeorm';
import { Clock } from '@homegroup/operations';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { collectEvents, connectSocket, nextEvent, TestSocket } from '../../utils/socket-client';
import { registerMember, TestMember } from '../../factories/member.factory';
import { linkContacts, setContactSettings } from '../../factories/contact.factory';

type ErrorBody = { statusCode: number; message: string; fields?: { field: string }[] };
type Contact = {
  id: string;
  user: { id: string; displayName: string };
  phone: string | null;
  acceptsAlerts: boolean;
  theyAcceptMyAlerts: boolean;
  sharePhone: boolean;
  theyShareTheirPhone: boolean;
  availability: { days: number[]; start: string; end: string }[];
  theirAvailability: { timezone: string; windows: { days: number[]; start: string; end: string }[] };
  availableNow: boolean;
};
type OpenApi = { paths: Record<string, Record<string, unknown>> };

const PHONE_A = '+14155550123';
const PHONE_B = '+447911123456';

describe('phone-list contacts', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  const socketOf = async (member: TestMember): Promise<TestSocket> => {
    const socket = await connectSocket(t.baseUrl, member.accessToken);
    sockets.push(socket);
    return socket;
  };
  /** Proves the socket works (acked ping), so an empty collection really means nothing was sent. */
  const roundTrip = (socket: TestSocket) => new Promise<void>((resolve) => socket.emit('ping', {}, () => resolve()));
  const get = (member: TestMember, contactId: string) =>
    t.api.get<Contact>(`/phone-list/${contactId}`, { token: member.accessToken });
  const withPhone = async (phone: string, overrides: { timezone?: string; displayName?: string } = {}) => {
    const member = await registerMember(t.api, overrides);
    expect((await t.api.patch('/me', { phone }, { token: member.accessToken })).status).toBe(200);
    return member;
  };

  it('should keep consent off on both sides until each gives it, and change only the caller’s row', async () => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const pair = await linkContacts(t.api, a, b);
    expect((await get(a, pair.memberContactId)).body).toMatchObject({ acceptsAlerts: false, theyAcceptMyAlerts: false });
    const res = await t.api.patch<Contact>(`/phone-list/${pair.memberContactId}`, { acceptsAlerts: true }, { token: a.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ acceptsAlerts: true, theyAcceptMyAlerts: false });
    // From b's side: a now receives b's alerts; b still does not receive a's.
    expect((await get(b, pair.contactContactId)).body).toMatchObject({ acceptsAlerts: false, theyAcceptMyAlerts: true });
  });

  it('should refuse unknown fields, so nobody can set the other member’s consent through this route', async () => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const pair = await linkContacts(t.api, a, b);
    const res = await t.api.patch<ErrorBody>(`/phone-list/${pair.memberContactId}`, { theyAcceptMyAlerts: true }, { token: a.accessToken });
    expect(res.status).toBe(400);
    expect((await get(b, pair.contactContactId)).body.acceptsAlerts).toBe(false);
  });

  it('should refuse an explicit null for each setting with a 400 naming the field, and keep the settings', async () => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const pair = await linkContacts(t.api, a, b);
    await setContactSettings(t.api, a, pair.memberContactId, { acceptsAlerts: true, sharePhone: true });
    for (const field of ['acceptsAlerts', 'sharePhone', 'availability']) {
      const res = await t.api.patch<ErrorBody>(`/phone-list/${pair.memberContactId}`, { [field]: null }, { token: a.accessToken });
      expect({ field, status: res.status, fields: res.body.fields?.map((f) => f.field) }).toEqual({ field, status: 400, fields: [field] });
    }
    expect((await get(a, pair.memberContactId)).body).toMatchObject({ acceptsAlerts: true, sharePhone: true, availability: [] });
  });

  it('should refuse an availability window that is not an object with a 400 naming the field', async () => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const pair = await linkContacts(t.api, a, b);
    for (const window of [[], [[1], '09:00', '10:00'], null, 'any time']) {
      const res = await t.api.patch<ErrorBody>(`/phone-list/${pair.memberContactId}`, { availability: [window] }, { token: a.accessToken });
      expect({ window, status: res.status, fields: res.body.fields?.map((f) => f.field) }).toEqual({ window, status: 400, fields: ['availability'] });
    }
    expect((await get(a, pair.memberContactId)).body.availability).toEqual([]);
  });

  it('should tell the other member when consent is given and withdrawn, and apply it at once in ContactQueries', async () => {
    const member = await registerMember(t.api, { displayName: 'Member M.' });
    const helper = await registerMember(t.api, { displayName: 'Helper H.', timezone: 'Pacific/Honolulu' });
    const pair = await linkContacts(t.api, member, helper);
    const memberSocket = await socketOf(member);
    const queries = t.app.get(ContactQueries);
    expect(await queries.consentingContactsOf(member.id)).toEqual([]);

    const given = nextEvent(memberSocket, 'contact.consent-changed');
    await setContactSettings(t.api, helper, pair.contactContactId, { acceptsAlerts: true });
    expect(await given).toEqual({
      contactId: pair.memberContactId,
      user: { id: helper.id, displayName: 'Helper H.' },
      acceptsMyAlerts: true,
    });
    expect(await queries.consentingContactsOf(member.id)).toEqual([
      expect.objectContaining({
        contactId: pair.memberContactId,
        consentContactId: pair.contactContactId,
        memberId: helper.id,
        displayName: 'Helper H.',
        timezone: 'Pacific/Honolulu',
        availability: [],
        availableNow: true,
        lastPracticeCallAt: null,
      }),
    ]);
    // Consent is directional: the helper receives nothing from member's consent list.
    expect(await queries.consentingContactsOf(helper.id)).toEqual([]);

    const withdrawn = nextEvent(memberSocket, 'contact.consent-changed');
    await setContactSettings(t.api, helper, pair.contactContactId, { acceptsAlerts: false });
    expect((await withdrawn).acceptsMyAlerts).toBe(false);
    expect(await queries.consentingContactsOf(member.id)).toEqual([]);
  });

  it('should not announce a consent change when nothing changed', async () => {
    const member = await registerMember(t.api);
    const helper = await registerMember(t.api);
    const pair = await linkContacts(t.api, member, helper);
    const memberSocket = await socketOf(member);
    const seen = collectEvents(memberSocket, 'contact.consent-changed');
    await setContactSettings(t.api, helper, pair.contactContactId, { acceptsAlerts: false, sharePhone: true });
    await roundTrip(memberSocket);
    expect(seen).toEqual([]);
  });

  it('should order consenting contacts by the member’s last practice call, never-called last, with availability', async () => {
    const member = await registerMember(t.api);
    const early = await registerMember(t.api, { displayName: 'Early E.' });
    const recent = await registerMember(t.api, { displayName: 'Recent R.' });
    const never = await registerMember(t.api, { displayName: 'Aaron Never' });
    const pairs = [];
    for (const contact of [early, recent, never]) {
      const pair = await linkContacts(t.api, member, contact);
      await setContactSettings(t.api, contact, pair.contactContactId, {
        acceptsAlerts: true,
        availability: [{ days: [1], start: '09:00', end: '10:00' }],
      });
      pairs.push(pair);
    }
    const clock = t.app.get(Clock);
    clock.freeze(new Date('2026-01-05T09:30:00Z')); // a Monday, 09:30 UTC
    try {
      await t.api.post('/practice-calls', { contactId: pairs[0].memberContactId, outcome: 'connected' }, { token: member.accessToken });
      clock.travel(60_000);
      await t.api.post('/practice-calls', { contactId: pairs[1].memberContactId, outcome: 'voicemail' }, { token: member.accessToken });
      const circle = await t.app.get(ContactQueries).consentingContactsOf(member.id);
      expect(circle.map((c) => c.displayName)).toEqual(['Recent R.', 'Early E.', 'Aaron Never']);
      expect(circle[0].lastPracticeCallAt).toEqual(new Date('2026-01-05T09:31:00Z'));
      expect(circle.every((c) => c.availableNow)).toBe(true);
      expect((await t.app.get(ContactQueries).consentingContactsOf(member.id, new Date('2026-01-05T10:00:00Z'))).some((c) => c.availableNow)).toBe(false);
    } finally {
      clock.resume();
    }
  });

  it('should show a phone number only where its owner shares it, and never leak an unshared one in any answer', async () => {
    const a = await withPhone(PHONE_A);
    const b = await withPhone(PHONE_B);
    const pair = await linkContacts(t.api, a, b);
    // a shares with b; b does not share with a.
    await setContactSettings(t.api, a, pair.memberContactId, { sharePhone: true });
    const bList = await t.api.get<Contact[]>('/phone-list', { token: b.accessToken });
    expect(bList.body[0]).toMatchObject({ phone: PHONE_A, theyShareTheirPhone: true, sharePhone: false });
    const aView = await get(a, pair.memberContactId);
    expect(aView.body).toMatchObject({ phone: null, theyShareTheirPhone: false, sharePhone: true });

    // Every answer a can get from the phone-list and practice-call routes, as raw text.
    const raw = async (method: string, path: string, body?: unknown): Promise<string> => {
      const res = await fetch(`${t.baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${a.accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return res.text();
    };
    const call = JSON.parse(await raw('POST', '/practice-calls', { contactId: pair.memberContactId, outcome: 'connected' })) as { id: string };
    const texts = [
      await raw('GET', '/phone-list'),
      await raw('GET', `/phone-list/${pair.memberContactId}`),
      await raw('PATCH', `/phone-list/${pair.memberContactId}`, { availability: [] }),
      await raw('GET', '/practice-calls'),
      await raw('GET', `/practice-calls/${call.id}`),
      await raw('GET', '/practice-calls/next'),
    ];
    const invite = JSON.parse(await raw('POST', '/phone-list/invites')) as { code: string };
    const c = await withPhone('+6421234567');
    const accepted = await t.api.post(`/phone-list/invites/${invite.code}/accept`, undefined, { token: c.accessToken });
    texts.push(JSON.stringify(accepted.body));
    for (const text of texts) {
      expect(text).not.toContain(PHONE_B);
      expect(text).not.toContain(PHONE_B.slice(1));
      expect(text).not.toContain('@test.homegroup.local');
    }
    // a's number shown to c? a has not shared with c.
    expect(JSON.stringify(accepted.body)).not.toContain(PHONE_A);
    expect(texts.join('')).toContain(pair.memberContactId);

    // Withdrawing sharing hides the number again at once.
    await setContactSettings(t.api, a, pair.memberContactId, { sharePhone: false });
    expect(JSON.stringify((await t.api.get('/phone-list', { token: b.accessToken })).body)).not.toContain(PHONE_A);
  });

  it('should store availability windows in the owner’s zone and show them to the other side with that zone', async () => {
    const a = await registerMember(t.api, { timezone: 'Pacific/Tongatapu' });
    const b = await registerMember(t.api, { timezone: 'Pacific/Honolulu' });
    const pair = await linkContacts(t.api, a, b);
    const windows = [{ days: [5, 1], start: '22:00', end: '02:00' }];
    const res = await t.api.patch<Contact>(`/phone-list/${pair.memberContactId}`, { availability: windows }, { token: a.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.availability).toEqual([{ days: [1, 5], start: '22:00', end: '02:00' }]);
    const clock = t.app.get(Clock);
    // Friday 2026-01-09 23:00 in Tonga (UTC+13) = 10:00 UTC.
    clock.freeze(new Date('2026-01-09T10:00:00Z'));
    try {
      const seenByB = await get(b, pair.contactContactId);
      expect(seenByB.body.theirAvailability).toEqual({ timezone: 'Pacific/Tongatapu', windows: [{ days: [1, 5], start: '22:00', end: '02:00' }] });
      expect(seenByB.body.availableNow).toBe(true);
      clock.freeze(new Date('2026-01-09T14:00:00Z')); // Saturday 03:00 in Tonga
      expect((await get(b, pair.contactContactId)).body.availableNow).toBe(false);
    } finally {
      clock.resume();
    }
  });

  it.each([
    [{ availability: [{ days: [7], start: '09:00', end: '10:00' }] }, /0 \(Sunday\) to 6 \(Saturday\)/],
    [{ availability: [{ days: [1], start: '24:00', end: '10:00' }] }, /start must be a time HH:MM/],
    [{ availability: [{ days: [1], start: '09:00', end: '9:30' }] }, /end must be a time HH:MM/],
    [{ availability: [{ days: [], start: '09:00', end: '10:00' }] }, /at least one day/],
    [{ availability: Array.from({ length: 15 }, () => ({ days: [1], start: '09:00', end: '10:00' })) }, /at most 14 windows/],
    [{ acceptsAlerts: 'yes' }, /acceptsAlerts must be true or false/],
  ])('should refuse %j with a 400 that says what is wrong', async (body, message) => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const pair = await linkContacts(t.api, a, b);
    const res = await t.api.patch<ErrorBody>(`/phone-list/${pair.memberContactId}`, body, { token: a.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('should remove the contact for both and tell the other member with their own contactId', async () => {
    const a = await registerMember(t.api, { displayName: 'Remover R.' });
    const b = await registerMember(t.api);
    const pair = await linkContacts(t.api, a, b);
    const bSocket = await socketOf(b);
    const removed = nextEvent(bSocket, 'contact.removed');
    expect((await t.api.delete(`/phone-list/${pair.memberContactId}`, { token: a.accessToken })).status).toBe(204);
    expect(await removed).toEqual({ contactId: pair.contactContactId, user: { id: a.id, displayName: 'Remover R.' } });
    expect((await t.api.get<Contact[]>('/phone-list', { token: a.accessToken })).body).toEqual([]);
    expect((await t.api.get<Contact[]>('/phone-list', { token: b.accessToken })).body).toEqual([]);
    expect((await get(b, pair.contactContactId)).status).toBe(404);
    expect((await t.api.delete(`/phone-list/${pair.memberContactId}`, { token: a.accessToken })).status).toBe(404);
    // They can link again later with a new code.
    await linkContacts(t.api, b, a);
  });

  it('should remove the link when one member blocks the other, and refuse to link them again', async () => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const pair = await linkContacts(t.api, a, b);
    await setContactSettings(t.api, b, pair.contactContactId, { acceptsAlerts: true });
    const aSocket = await socketOf(a);
    const removed = nextEvent(aSocket, 'contact.removed');
    expect((await t.api.post('/blocks', { userId: a.id }, { token: b.accessToken })).status).toBe(204);
    expect((await removed).contactId).toBe(pair.memberContactId);
    expect((await t.api.get<Contact[]>('/phone-list', { token: a.accessToken })).body).toEqual([]);
    expect((await t.api.get<Contact[]>('/phone-list', { token: b.accessToken })).body).toEqual([]);
    expect(await t.app.get(ContactQueries).consentingContactsOf(a.id)).toEqual([]);
    await expect(t.app.get(ContactLinksService).link(a.id, b.id, 'meeting')).rejects.toBeInstanceOf(ContactLinkRefusedError);
    // Unblocking does not bring the link back.
    await t.api.delete(`/blocks/${a.id}`, { token: b.accessToken });
    expect((await t.api.get<Contact[]>('/phone-list', { token: a.accessToken })).body).toEqual([]);
  });

  it('should let the meetings feature link two members idempotently through ContactLinksService', async () => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const links = t.app.get(ContactLinksService);
    const aSocket = await socketOf(a);
    const added = nextEvent(aSocket, 'contact.added');
    const first = await links.link(a.id, b.id, 'meeting');
    expect(first.created).toBe(true);
    expect((await added).source).toBe('meeting');
    const again = await links.link(b.id, a.id, 'meeting');
    expect(again.created).toBe(false);
    expect(again.link.id).toBe(first.link.id);
    expect(again.contacts[a.id].id).toBe(first.contacts[a.id].id);
    const list = await t.api.get<(Contact & { source: string })[]>('/phone-list', { token: a.accessToken });
    expect(list.body.map((c) => [c.user.id, c.source])).toEqual([[b.id, 'meeting']]);
    await expect(links.link(a.id, a.id, 'meeting')).rejects.toBeInstanceOf(ContactLinkRefusedError);
    const [x, y] = await Promise.all([links.link(a.id, b.id, 'meeting'), links.link(b.id, a.id, 'meeting')]);
    expect(x.link.id).toBe(y.link.id);
  });

  it('should export the member’s own contacts, practice calls (with notes), settings and invites, and nobody else’s notes', async () => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const pair = await linkContacts(t.api, a, b);
    await setContactSettings(t.api, a, pair.memberContactId, { acceptsAlerts: true });
    await t.api.post('/practice-calls', { contactId: pair.memberContactId, outcome: 'no_answer', note: 'left a message, felt good' }, { token: a.accessToken });
    await t.api.post('/practice-calls', { contactId: pair.contactContactId, outcome: 'connected', note: 'b private words' }, { token: b.accessToken });
    await t.api.put('/practice-calls/settings', { dailyGoal: 3, reminderTime: '19:00' }, { token: a.accessToken });
    await t.api.post('/phone-list/invites', undefined, { token: a.accessToken });
    const res = await t.api.get<{
      contacts: { id: string; otherMemberId: string; acceptsAlerts: boolean }[];
      practiceCalls: { note: string; outcome: string }[];
      practiceSettings: { dailyGoal: number; reminderTime: string };
      contactInvites: Record<string, unknown>[];
    }>('/me/export', { token: a.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.contacts).toEqual([expect.objectContaining({ id: pair.memberContactId, otherMemberId: b.id, acceptsAlerts: true })]);
    expect(res.body.practiceCalls).toEqual([expect.objectContaining({ note: 'left a message, felt good', outcome: 'no_answer' })]);
    expect(res.body.practiceSettings).toMatchObject({ dailyGoal: 3, reminderTime: '19:00' });
    expect(res.body.contactInvites).toHaveLength(1);
    expect(res.body.contactInvites[0]).not.toHaveProperty('codeHash');
    expect(JSON.stringify(res.body)).not.toContain('b private words');
  });

  it('should erase a member’s links, calls, settings and invites with the account, and keep the other’s history', async () => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const pair = await linkContacts(t.api, a, b);
    await t.api.post('/practice-calls', { contactId: pair.memberContactId, outcome: 'connected' }, { token: a.accessToken });
    const bCall = await t.api.post<{ id: string }>('/practice-calls', { contactId: pair.contactContactId, outcome: 'connected' }, { token: b.accessToken });
    await t.api.put('/practice-calls/settings', { dailyGoal: 2, reminderTime: '08:00' }, { token: a.accessToken });
    await t.api.post('/phone-list/invites', undefined, { token: a.accessToken });
    expect((await t.api.delete('/me', { token: a.accessToken })).status).toBe(204);
    const rows = await t.app.get(DataSource).query<{ table: string; n: number }[]>(
      `SELECT 'links' AS table, count(*)::int AS n FROM contact_links WHERE member_a_id = $1 OR member_b_id = $1
       UNION ALL SELECT 'contacts', count(*)::int FROM contacts WHERE owner_id = $1 OR other_id = $1
       UNION ALL SELECT 'calls', count(*)::int FROM practice_calls WHERE caller_id = $1 OR callee_id = $1
       UNION ALL SELECT 'settings', count(*)::int FROM practice_settings WHERE user_id = $1
       UNION ALL SELECT 'invites', count(*)::int FROM contact_invites WHERE inviter_id = $1 OR used_by_id = $1`,
      [a.id],
    );
    expect(rows.every((r) => r.n === 0)).toBe(true);
    expect((await t.api.get<Contact[]>('/phone-list', { token: b.accessToken })).body).toEqual([]);
    // b's own call survives, without a contact any more.
    const kept = await t.api.get<{ contact: unknown; outcome: string }>(`/practice-calls/${bCall.body.id}`, { token: b.accessToken });
    expect(kept.body).toMatchObject({ contact: null, outcome: 'connected' });
  });

  it('should document every phone-list and practice-call route in OpenAPI', async () => {
    const res = await t.api.get<OpenApi>('/openapi.json');
    const documented = new Set(
      Object.entries(res.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    for (const route of [
      'POST /api/v1/phone-list/invites',
      'POST /api/v1/phone-list/invites/{code}/accept',
      'GET /api/v1/phone-list',
      'GET /api/v1/phone-list/{contactId}',
      'PATCH /api/v1/phone-list/{contactId}',
      'DELETE /api/v1/phone-list/{contactId}',
      'POST /api/v1/practice-calls',
      'GET /api/v1/practice-calls',
      'GET /api/v1/practice-calls/next',
      'GET /api/v1/practice-calls/settings',
      'PUT /api/v1/practice-calls/settings',
      'GET /api/v1/practice-calls/{id}',
      'DELETE /api/v1/practice-calls/{id}',
    ]) {
      expect(documented).toContain(route);
    }
  });
});
