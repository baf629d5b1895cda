import { DataSource } from 'typeorm';
import { Clock } from '@homegroup/operations';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { registerMember, TestMember } from '../../factories/member.factory';
import { linkContacts, setContactSettings } from '../../factories/contact.factory';
import { createGroup, createMeeting } from '../../factories/meeting.factory';

type ErrorBody = { statusCode: number; message: string };
type Outside = {
  id: string;
  name: string;
  phone: string;
  meeting: { id: string; name: string } | null;
  notes: string | null;
  alertConsent: string;
  consentAskedAt: string | null;
  consentChangedAt: string | null;
  lastPracticeCallAt: string | null;
  practiceCallCount: number;
  createdAt: string;
  updatedAt: string;
};
type Call = {
  id: string;
  contact: { id: string } | null;
  outsideContact: { id: string; name: string } | null;
  outcome: string;
};
type Next = { contact: { id: string } | null; outsideContact: Outside | null; reason: string | null };

/** Contacts without an account (ADR 0045): the member's own list of people who never installed the app. */
describe('contacts without the app', () => {
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

  const as = (m: TestMember) => ({ token: m.accessToken });
  const add = async (m: TestMember, body: Record<string, unknown>): Promise<Outside> => {
    const res = await t.api.post<Outside>('/phone-list/outside', body, as(m));
    expect(res.status).toBe(201);
    return res.body;
  };

  it('should add, list, read, change and remove them, only for their owner, with phones and notes encrypted', async () => {
    const member = await registerMember(t.api);
    expect((await t.api.patch('/me', { country: 'US' }, as(member))).status).toBe(200);

    // A national number is read in the member's country; the name is trimmed.
    const chris = await add(member, {
      name: '  Chris  ',
      phone: '(415) 555-0123',
      notes: 'sits by the coffee',
    });
    expect(chris).toEqual({
      id: expect.any(String) as unknown,
      name: 'Chris',
      phone: '+14155550123',
      meeting: null,
      notes: 'sits by the coffee',
      alertConsent: 'none',
      consentAskedAt: null,
      consentChangedAt: null,
      lastPracticeCallAt: null,
      practiceCallCount: 0,
      createdAt: expect.any(String) as unknown,
      updatedAt: expect.any(String) as unknown,
    });
    const alex = await add(member, { name: 'Alex', phone: '+44 20 7946 0123' });
    expect(alex.phone).toBe('+442079460123');

    // Listed by name; one by id.
    const list = await t.api.get<Outside[]>('/phone-list/outside', as(member));
    expect(list.status).toBe(200);
    expect(list.body.map((o) => o.name)).toEqual(['Alex', 'Chris']);
    expect((await t.api.get<Outside>(`/phone-list/outside/${chris.id}`, as(member))).body).toEqual(chris);
    // The member phone list is not confused by the static segment.
    expect((await t.api.get<unknown[]>('/phone-list', as(member))).body).toEqual([]);

    // Stored encrypted with a keyed hash: neither the number nor the notes in plain.
    const [row] = await t.app
      .get(DataSource)
      .query<{ phone: string; phone_hash: string; notes: string }[]>(
        'SELECT phone, phone_hash, notes FROM outside_contacts WHERE id = $1',
        [chris.id],
      );
    expect(row.phone).toMatch(/^v1:/);
    expect(row.notes).toMatch(/^v1:/);
    expect(row.phone_hash).toMatch(/^[0-9a-f]{64}$/);

    // A stranger gets 404 for every id-bearing route, and sees nothing in their own list.
    const stranger = await registerMember(t.api);
    for (const res of [
      await t.api.get<ErrorBody>(`/phone-list/outside/${chris.id}`, as(stranger)),
      await t.api.patch<ErrorBody>(`/phone-list/outside/${chris.id}`, { name: 'Mine now' }, as(stranger)),
      await t.api.delete<ErrorBody>(`/phone-list/outside/${chris.id}`, as(stranger)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('This person is not on your phone list');
    }
    expect((await t.api.get<Outside[]>('/phone-list/outside', as(stranger))).body).toEqual([]);
    // The same number on someone else's list is fine (unique per owner).
    await add(stranger, { name: 'Chris', phone: '+14155550123' });
    expect((await t.api.get('/phone-list/outside', { token: undefined })).status).toBe(401);

    // PATCH: name and notes keep the consent; clearing notes with null.
    const renamed = await t.api.patch<Outside>(
      `/phone-list/outside/${chris.id}`,
      { name: 'Chris M.', notes: null },
      as(member),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Chris M.', notes: null, phone: '+14155550123' });

    // Delete: gone, and a second delete is 404.
    expect((await t.api.delete(`/phone-list/outside/${alex.id}`, as(member))).status).toBe(204);
    expect((await t.api.delete(`/phone-list/outside/${alex.id}`, as(member))).status).toBe(404);
    expect((await t.api.get<Outside[]>('/phone-list/outside', as(member))).body.map((o) => o.id)).toEqual([
      chris.id,
    ]);
  });

  it('should refuse bad input with a 4xx naming the field', async () => {
    const member = await registerMember(t.api);
    const post = (body: Record<string, unknown>) =>
      t.api.post<ErrorBody>('/phone-list/outside', body, as(member));
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ name: 'Sam', phone: 'call me' }, 400, /^phone must be/],
      [{ name: 'Sam', phone: '+1 415 555' }, 400, /^phone must be a valid phone number/],
      // No country on the profile: a national number cannot be read.
      [{ name: 'Sam', phone: '415 555 0123' }, 400, /set your country/],
      [{ name: 'x'.repeat(81), phone: '+14155550100' }, 400, /^name must be at most 80 characters/],
      [{ name: '   ', phone: '+14155550100' }, 400, /^name must not be empty/],
      [{ name: 'Sam\u0000', phone: '+14155550100' }, 400, /control characters/],
      [{ phone: '+14155550100' }, 400, /name/],
      [{ name: 'Sam' }, 400, /phone/],
      [
        { name: 'Sam', phone: '+14155550100', notes: 'n'.repeat(1001) },
        400,
        /^notes must be at most 1000 characters/,
      ],
      [{ name: 'Sam', phone: '+14155550100', meetingId: 'nope' }, 400, /^meetingId must be a meeting id/],
      [{ name: 'Sam', phone: '+14155550100', extra: 1 }, 400, /extra/],
      [
        { name: 'Sam', phone: '+14155550100', meetingId: '00000000-0000-4000-8000-000000000000' },
        404,
        /^meetingId is not a meeting you can see/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await post(body);
      expect({ body, status: res.status, message: res.body.message }).toEqual({
        body,
        status,
        message: expect.stringMatching(message) as unknown,
      });
    }
    expect((await t.api.get<ErrorBody>('/phone-list/outside/not-a-uuid', as(member))).status).toBe(400);
    expect((await t.api.get<unknown[]>('/phone-list/outside', as(member))).body).toEqual([]);

    // The same number twice (typed differently) is a 409, on create and on a PATCH to it.
    expect((await t.api.patch('/me', { country: 'GB' }, as(member))).status).toBe(200);
    const first = await add(member, { name: 'Jo', phone: '+442079460001' });
    const again = await post({ name: 'Jo again', phone: '020 7946 0001' });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('This number is already on your phone list');
    const other = await add(member, { name: 'Pat', phone: '+442079460002' });
    const clash = await t.api.patch<ErrorBody>(
      `/phone-list/outside/${other.id}`,
      { phone: '+442079460001' },
      as(member),
    );
    expect(clash.status).toBe(409);
    expect(
      (await t.api.patch<ErrorBody>(`/phone-list/outside/${first.id}`, { name: null }, as(member))).status,
    ).toBe(400);
  });

  it('should take a published meeting as where they met, never an unpublished one, and let go of a deleted one', async () => {
    const lead = await registerMember(t.api);
    const group = await createGroup(t.api, lead);
    const meeting = await createMeeting(t.api, lead, group.id, { name: 'Tuesday Basics' });
    const hiddenGroup = await createGroup(t.api, lead, { published: false });
    const hidden = await createMeeting(t.api, lead, hiddenGroup.id);

    const member = await registerMember(t.api);
    const met = await add(member, { name: 'Robin', phone: '+14155550111', meetingId: meeting.id });
    expect(met.meeting).toEqual({ id: meeting.id, name: 'Tuesday Basics' });
    const refused = await t.api.post<ErrorBody>(
      '/phone-list/outside',
      { name: 'Robin', phone: '+14155550112', meetingId: hidden.id },
      as(member),
    );
    expect(refused.status).toBe(404);
    expect(refused.body.message).toMatch(/^meetingId/);
    const cleared = await t.api.patch<Outside>(
      `/phone-list/outside/${met.id}`,
      { meetingId: null },
      as(member),
    );
    expect(cleared.body.meeting).toBeNull();
    await t.api.patch(`/phone-list/outside/${met.id}`, { meetingId: meeting.id }, as(member));
    // The meeting deleted: the contact stays, without it.
    expect((await t.api.delete(`/meetings/${meeting.id}`, as(lead))).status).toBe(204);
    const after = await t.api.get<Outside>(`/phone-list/outside/${met.id}`, as(member));
    expect(after.status).toBe(200);
    expect(after.body.meeting).toBeNull();
  });

  it('should reset the consent when the number changes (consent belongs to a number), not otherwise', async () => {
    const member = await registerMember(t.api);
    const sam = await add(member, { name: 'Sam', phone: '+14155550140' });
    // The consent flow (by text) is built on top; here the state is set as it will set it.
    const db = t.app.get(DataSource);
    await db.query(
      `UPDATE outside_contacts SET alert_consent = 'given', consent_asked_at = now(), consent_changed_at = now() WHERE id = $1`,
      [sam.id],
    );
    const sameNumber = await t.api.patch<Outside>(
      `/phone-list/outside/${sam.id}`,
      { phone: '+1 415 555 0140', name: 'Sam B.' },
      as(member),
    );
    expect(sameNumber.body).toMatchObject({ alertConsent: 'given', name: 'Sam B.', phone: '+14155550140' });
    expect(sameNumber.body.consentAskedAt).not.toBeNull();

    const at = new Date('2026-03-01T12:00:00Z');
    clock.freeze(at);
    const newNumber = await t.api.patch<Outside>(
      `/phone-list/outside/${sam.id}`,
      { phone: '+14155550141' },
      as(member),
    );
    expect(newNumber.status).toBe(200);
    expect(newNumber.body).toMatchObject({
      phone: '+14155550141',
      alertConsent: 'none',
      consentAskedAt: null,
      consentChangedAt: at.toISOString(),
    });
  });

  it(`should cap the list at 200 with a clear answer`, async () => {
    const member = await registerMember(t.api);
    for (let batch = 0; batch < 10; batch += 1) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          add(member, {
            name: `P${batch * 20 + i}`,
            phone: `+44207946${String(batch * 20 + i).padStart(4, '0')}`,
          }),
        ),
      );
    }
    const full = await t.api.post<ErrorBody>(
      '/phone-list/outside',
      { name: 'One more', phone: '+442079460999' },
      as(member),
    );
    expect(full.status).toBe(422);
    expect(full.body.message).toMatch(/already holds 200 people without the app/);
    expect((await t.api.get<unknown[]>('/phone-list/outside', as(member))).body).toHaveLength(200);
  });

  it('should log practice calls to them, count them in the streak, suggest them next, and keep the call when they are removed', async () => {
    const member = await registerMember(t.api);
    const friend = await registerMember(t.api, { displayName: 'Friend F.' });
    const pair = await linkContacts(t.api, member, friend);
    const dana = await add(member, { name: 'Dana', phone: '+14155550150' });

    // Exactly one of the two ids.
    const both = await t.api.post<ErrorBody>(
      '/practice-calls',
      { contactId: pair.memberContactId, outsideContactId: dana.id, outcome: 'connected' },
      as(member),
    );
    expect(both.status).toBe(400);
    expect(both.body.message).toBe(
      'Give exactly one of contactId (a member) and outsideContactId (someone without the app)',
    );
    const neither = await t.api.post<ErrorBody>('/practice-calls', { outcome: 'connected' }, as(member));
    expect(neither.status).toBe(400);
    expect(neither.body.message).toMatch(/^Give exactly one of contactId/);
    const stranger = await registerMember(t.api);
    const notTheirs = await t.api.post<ErrorBody>(
      '/practice-calls',
      { outsideContactId: dana.id, outcome: 'connected' },
      as(stranger),
    );
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.message).toMatch(/^outsideContactId is not on your phone list/);

    // Next: both never called; the member contact is older, so first.
    clock.freeze(new Date('2026-04-01T09:00:00Z'));
    let next = (await t.api.get<Next>('/practice-calls/next', as(member))).body;
    expect(next).toMatchObject({ contact: { id: pair.memberContactId }, outsideContact: null, reason: null });
    await t.api.post(
      '/practice-calls',
      { contactId: pair.memberContactId, outcome: 'voicemail' },
      as(member),
    );
    next = (await t.api.get<Next>('/practice-calls/next', as(member))).body;
    expect(next.contact).toBeNull();
    expect(next.outsideContact).toMatchObject({
      id: dana.id,
      name: 'Dana',
      phone: '+14155550150',
      lastPracticeCallAt: null,
    });

    // A call to Dana: in the response, the history, the goal and the contact's stats.
    clock.freeze(new Date('2026-04-01T10:00:00Z'));
    const call = await t.api.post<Call>(
      '/practice-calls',
      { outsideContactId: dana.id, outcome: 'connected' },
      as(member),
    );
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({
      contact: null,
      outsideContact: { id: dana.id, name: 'Dana' },
      outcome: 'connected',
    });
    const history = await t.api.get<{ items: Call[]; goal: { todayCount: number } }>(
      '/practice-calls',
      as(member),
    );
    expect(history.body.items.map((c) => c.outsideContact?.id ?? null)).toEqual([dana.id, null]);
    expect(history.body.goal.todayCount).toBe(2);
    const stats = (await t.api.get<Outside>(`/phone-list/outside/${dana.id}`, as(member))).body;
    expect(stats).toMatchObject({ practiceCallCount: 1, lastPracticeCallAt: '2026-04-01T10:00:00.000Z' });
    // Now the member contact was called longer ago: they come first again.
    next = (await t.api.get<Next>('/practice-calls/next', as(member))).body;
    expect(next.contact?.id).toBe(pair.memberContactId);

    // With no member available (a window elsewhere in the day), Dana is still callable.
    await setContactSettings(t.api, friend, pair.contactContactId, {
      availability: [{ days: [0, 1, 2, 3, 4, 5, 6], start: '20:00', end: '21:00' }],
    });
    next = (await t.api.get<Next>('/practice-calls/next', as(member))).body;
    expect(next).toMatchObject({ contact: null, outsideContact: { id: dana.id }, reason: null });

    // Removing Dana keeps the call (it still counts), without her.
    expect((await t.api.delete(`/phone-list/outside/${dana.id}`, as(member))).status).toBe(204);
    const kept = await t.api.get<Call>(`/practice-calls/${call.body.id}`, as(member));
    expect(kept.body).toMatchObject({ contact: null, outsideContact: null });
    expect(
      (await t.api.get<{ goal: { todayCount: number } }>('/practice-calls', as(member))).body.goal.todayCount,
    ).toBe(2);
    next = (await t.api.get<Next>('/practice-calls/next', as(member))).body;
    expect(next).toMatchObject({ contact: null, outsideContact: null, reason: 'nobody_available' });
  });

  it('should export them decrypted with the account and erase them with it', async () => {
    const member = await registerMember(t.api);
    const kim = await add(member, { name: 'Kim', phone: '+14155550160', notes: 'met at the convention' });
    const call = await t.api.post<Call>(
      '/practice-calls',
      { outsideContactId: kim.id, outcome: 'no_answer' },
      as(member),
    );
    const exported = await t.api.get<{
      outsideContacts: Record<string, unknown>[];
      practiceCalls: { outsideContactId: string | null }[];
    }>('/me/export', as(member));
    expect(exported.status).toBe(200);
    expect(exported.body.outsideContacts).toEqual([
      expect.objectContaining({
        id: kim.id,
        name: 'Kim',
        phone: '+14155550160',
        notes: 'met at the convention',
        alertConsent: 'none',
      }),
    ]);
    expect(JSON.stringify(exported.body.outsideContacts)).not.toContain('v1:');
    expect(exported.body.outsideContacts[0]).not.toHaveProperty('phoneHash');
    expect(exported.body.practiceCalls).toEqual([
      expect.objectContaining({ id: call.body.id, outsideContactId: kim.id }),
    ]);

    expect((await t.api.delete('/me', as(member))).status).toBe(204);
    const db = t.app.get(DataSource);
    expect(await db.query('SELECT id FROM outside_contacts WHERE owner_id = $1', [member.id])).toEqual([]);
    expect(await db.query('SELECT id FROM practice_calls WHERE id = $1', [call.body.id])).toEqual([]);
  });
});
