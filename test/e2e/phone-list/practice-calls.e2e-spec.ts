import { PracticeRemindersService } from '@homegroup/phone-list';
import { Clock } from '@homegroup/operations';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { collectEvents, connectSocket, TestSocket } from '../../utils/socket-client';
import { registerMember, TestMember } from '../../factories/member.factory';
import { linkContacts, setContactSettings } from '../../factories/contact.factory';

type ErrorBody = { statusCode: number; message: string };
type Call = { id: string; contact: { id: string; user: { id: string; displayName: string } } | null; outcome: string; note: string | null; calledAt: string; localDate: string };
type Page = {
  items: Call[];
  nextCursor: string | null;
  goal: { daily: number; todayCount: number };
  streak: { current: number; longest: number; today: boolean };
};
type Next = { contact: { id: string; user: { id: string; displayName: string }; phone: string | null } | null; reason: string | null; message: string | null };

describe('practice calls', () => {
  let t: TestApp;
  let clock: Clock;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.app.get(Clock);
  });

  afterEach(() => {
    clock.resume();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  const logCall = async (member: TestMember, contactId: string, outcome = 'connected', note?: string): Promise<Call> => {
    const res = await t.api.post<Call>('/practice-calls', { contactId, outcome, ...(note ? { note } : {}) }, { token: member.accessToken });
    expect(res.status).toBe(201);
    return res.body;
  };
  const page = async (member: TestMember, query = ''): Promise<Page> => {
    const res = await t.api.get<Page>(`/practice-calls${query}`, { token: member.accessToken });
    expect(res.status).toBe(200);
    return res.body;
  };
  const next = async (member: TestMember): Promise<Next> => {
    const res = await t.api.get<Next>('/practice-calls/next', { token: member.accessToken });
    expect(res.status).toBe(200);
    return res.body;
  };
  const at = (iso: string): void => clock.freeze(new Date(iso));

  it('should log calls of every outcome to one’s own contacts and list them newest first, with cursors', async () => {
    const member = await registerMember(t.api);
    const friend = await registerMember(t.api, { displayName: 'Friend F.' });
    const pair = await linkContacts(t.api, member, friend);
    at('2026-02-01T10:00:00Z');
    const first = await logCall(member, pair.memberContactId, 'connected', 'talked about the weekend');
    expect(first).toMatchObject({
      contact: { id: pair.memberContactId, user: { id: friend.id, displayName: 'Friend F.' } },
      outcome: 'connected',
      note: 'talked about the weekend',
      calledAt: '2026-02-01T10:00:00.000Z',
      localDate: '2026-02-01',
    });
    clock.travel(60_000);
    await logCall(member, pair.memberContactId, 'voicemail');
    clock.travel(60_000);
    await logCall(member, pair.memberContactId, 'no_answer');
    const one = await page(member, '?limit=2');
    expect(one.items.map((c) => c.outcome)).toEqual(['no_answer', 'voicemail']);
    expect(one.nextCursor).toEqual(expect.any(String));
    const two = await page(member, `?limit=2&cursor=${one.nextCursor}`);
    expect(two.items.map((c) => c.outcome)).toEqual(['connected']);
    expect(two.nextCursor).toBeNull();
    expect(one.goal).toEqual({ daily: 1, todayCount: 3 });
    const contact = await t.api.get<{ practiceCallCount: number; lastPracticeCallAt: string }>(`/phone-list/${pair.memberContactId}`, { token: member.accessToken });
    expect(contact.body).toMatchObject({ practiceCallCount: 3, lastPracticeCallAt: '2026-02-01T10:02:00.000Z' });
  });

  it.each([
    ['an unknown outcome', { outcome: 'busy' }, /outcome must be one of connected, voicemail, no_answer/],
    ['a note over 500 characters', { outcome: 'connected', note: 'x'.repeat(501) }, /note must be at most 500 characters/],
    ['a malformed contactId', { outcome: 'connected', contactId: 'nope' }, /contactId must be a contact id/],
  ])('should refuse %s with 400', async (_label, body, message) => {
    const member = await registerMember(t.api);
    const friend = await registerMember(t.api);
    const pair = await linkContacts(t.api, member, friend);
    const res = await t.api.post<ErrorBody>('/practice-calls', { contactId: pair.memberContactId, ...body }, { token: member.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('should refuse a bad cursor or limit with 400', async () => {
    const member = await registerMember(t.api);
    expect((await t.api.get('/practice-calls?cursor=bm9wZQ', { token: member.accessToken })).status).toBe(400);
    expect((await t.api.get('/practice-calls?limit=0', { token: member.accessToken })).status).toBe(400);
    expect((await t.api.get('/practice-calls?limit=abc', { token: member.accessToken })).status).toBe(400);
  });

  it('should keep the history (without the contact) after the contact is removed', async () => {
    const member = await registerMember(t.api);
    const friend = await registerMember(t.api);
    const pair = await linkContacts(t.api, member, friend);
    const call = await logCall(member, pair.memberContactId);
    await t.api.delete(`/phone-list/${pair.contactContactId}`, { token: friend.accessToken });
    const history = await page(member);
    expect(history.items).toEqual([expect.objectContaining({ id: call.id, contact: null })]);
    expect(history.goal.todayCount).toBe(1);
    expect((await t.api.post('/practice-calls', { contactId: pair.memberContactId, outcome: 'connected' }, { token: member.accessToken })).status).toBe(404);
  });

  it('should delete a call logged by mistake', async () => {
    const member = await registerMember(t.api);
    const friend = await registerMember(t.api);
    const pair = await linkContacts(t.api, member, friend);
    const call = await logCall(member, pair.memberContactId);
    expect((await t.api.delete(`/practice-calls/${call.id}`, { token: member.accessToken })).status).toBe(204);
    expect((await page(member)).items).toEqual([]);
    expect((await t.api.get(`/practice-calls/${call.id}`, { token: member.accessToken })).status).toBe(404);
  });

  it('should count days and streaks in Tonga’s own zone (UTC+13), where the local date runs a day ahead of UTC', async () => {
    const member = await registerMember(t.api, { timezone: 'Pacific/Tongatapu' });
    const friend = await registerMember(t.api);
    const { memberContactId } = await linkContacts(t.api, member, friend);
    at('2026-01-08T12:00:00Z'); // 2026-01-09 01:00 in Tonga (UTC date 2026-01-08)
    expect((await logCall(member, memberContactId)).localDate).toBe('2026-01-09');
    at('2026-01-09T11:00:00Z'); // 2026-01-10 00:00 in Tonga (UTC date 2026-01-09)
    expect((await logCall(member, memberContactId)).localDate).toBe('2026-01-10');

    at('2026-01-10T10:59:00Z'); // 2026-01-10 23:59 in Tonga: today is done
    expect(await page(member)).toMatchObject({ goal: { daily: 1, todayCount: 1 }, streak: { current: 2, longest: 2, today: true } });

    at('2026-01-10T11:00:00Z'); // 2026-01-11 00:00 in Tonga (UTC still 2026-01-10): a new day, not done yet
    expect(await page(member)).toMatchObject({ goal: { todayCount: 0 }, streak: { current: 2, longest: 2, today: false } });

    at('2026-01-11T11:00:00Z'); // 2026-01-12 00:00 in Tonga: 2026-01-11 was missed
    expect(await page(member)).toMatchObject({ streak: { current: 0, longest: 2, today: false } });
    expect((await logCall(member, memberContactId)).localDate).toBe('2026-01-12');
    expect((await page(member)).streak).toEqual({ current: 1, longest: 2, today: true });
  });

  it('should count days and streaks in Honolulu’s own zone (UTC-10), where the local date runs a day behind UTC', async () => {
    const member = await registerMember(t.api, { timezone: 'Pacific/Honolulu' });
    const friend = await registerMember(t.api);
    const { memberContactId } = await linkContacts(t.api, member, friend);
    at('2026-01-10T09:30:00Z'); // 2026-01-09 23:30 in Honolulu (UTC date 2026-01-10)
    expect((await logCall(member, memberContactId)).localDate).toBe('2026-01-09');
    at('2026-01-10T10:30:00Z'); // 2026-01-10 00:30 in Honolulu
    expect((await logCall(member, memberContactId)).localDate).toBe('2026-01-10');

    at('2026-01-11T09:00:00Z'); // 2026-01-10 23:00 in Honolulu (UTC date 2026-01-11): still "today"
    expect(await page(member)).toMatchObject({ goal: { todayCount: 1 }, streak: { current: 2, longest: 2, today: true } });

    at('2026-01-11T10:00:00Z'); // 2026-01-11 00:00 in Honolulu: new day, streak holds until it ends
    expect(await page(member)).toMatchObject({ goal: { todayCount: 0 }, streak: { current: 2, today: false } });

    at('2026-01-12T10:00:00Z'); // 2026-01-12 00:00 in Honolulu: 2026-01-11 was missed
    expect((await page(member)).streak).toEqual({ current: 0, longest: 2, today: false });
  });

  it('should apply the daily goal to streaks and to today’s count', async () => {
    const member = await registerMember(t.api, { timezone: 'Pacific/Kiritimati' });
    const friend = await registerMember(t.api);
    const { memberContactId } = await linkContacts(t.api, member, friend);
    const settings = await t.api.put<{ dailyGoal: number; reminderTime: string | null }>('/practice-calls/settings', { dailyGoal: 2 }, { token: member.accessToken });
    expect(settings.body).toEqual({ dailyGoal: 2, reminderTime: null });
    at('2026-03-01T00:00:00Z'); // 2026-03-01 14:00 in Kiritimati (UTC+14)
    await logCall(member, memberContactId, 'no_answer');
    expect(await page(member)).toMatchObject({ goal: { daily: 2, todayCount: 1 }, streak: { current: 0, today: false } });
    await logCall(member, memberContactId, 'voicemail');
    expect(await page(member)).toMatchObject({ goal: { daily: 2, todayCount: 2 }, streak: { current: 1, today: true } });
    at('2026-03-01T10:30:00Z'); // 2026-03-02 00:30 in Kiritimati (UTC date still 2026-03-01)
    expect(await page(member)).toMatchObject({ goal: { todayCount: 0 }, streak: { current: 1, today: false } });
  });

  it('should validate practice settings', async () => {
    const member = await registerMember(t.api);
    for (const body of [{ dailyGoal: 0 }, { dailyGoal: 11 }, { dailyGoal: 1.5 }, { dailyGoal: 1, reminderTime: '7pm' }, {}]) {
      const res = await t.api.put<ErrorBody>('/practice-calls/settings', body, { token: member.accessToken });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/dailyGoal must be a whole number from 1 to 10|reminderTime must be a time HH:MM/);
    }
    const ok = await t.api.put('/practice-calls/settings', { dailyGoal: 4, reminderTime: '07:30' }, { token: member.accessToken });
    expect(ok.body).toEqual({ dailyGoal: 4, reminderTime: '07:30' });
    expect((await t.api.get('/practice-calls/settings', { token: member.accessToken })).body).toEqual({ dailyGoal: 4, reminderTime: '07:30' });
    await t.api.put('/practice-calls/settings', { dailyGoal: 4, reminderTime: null }, { token: member.accessToken });
    expect((await t.api.get('/practice-calls/settings', { token: member.accessToken })).body).toEqual({ dailyGoal: 4, reminderTime: null });
  });

  describe('who to call next', () => {
    it('should say why there is nobody: no contacts, or nobody available now', async () => {
      const loner = await registerMember(t.api);
      const empty = await next(loner);
      expect(empty).toMatchObject({ contact: null, reason: 'no_contacts' });
      expect(empty.message).toMatch(/invite codes/);
      const friend = await registerMember(t.api, { timezone: 'Pacific/Honolulu' });
      const pair = await linkContacts(t.api, loner, friend);
      await setContactSettings(t.api, friend, pair.contactContactId, { availability: [{ days: [1], start: '09:00', end: '10:00' }] });
      at('2026-01-06T20:00:00Z'); // Tuesday 10:00 in Honolulu
      expect(await next(loner)).toMatchObject({ contact: null, reason: 'nobody_available' });
      at('2026-01-05T19:30:00Z'); // Monday 09:30 in Honolulu
      expect((await next(loner)).contact?.id).toBe(pair.memberContactId);
    });

    it('should pick contacts available now in their own window, never-called first, then least recently called', async () => {
      const member = await registerMember(t.api, { timezone: 'Europe/London' });
      const always = await registerMember(t.api, { displayName: 'Always A.' });
      const night = await registerMember(t.api, { displayName: 'Night N.', timezone: 'Pacific/Honolulu' });
      const weekday = await registerMember(t.api, { displayName: 'Weekday W.', timezone: 'Pacific/Kiritimati' });
      const pAlways = await linkContacts(t.api, member, always);
      const pNight = await linkContacts(t.api, member, night);
      const pWeekday = await linkContacts(t.api, member, weekday);
      // Night: Friday 22:00 → Saturday 02:00 Honolulu time. Weekday: Monday–Friday 09:00–17:00 Kiritimati time.
      await setContactSettings(t.api, night, pNight.contactContactId, { availability: [{ days: [5], start: '22:00', end: '02:00' }] });
      await setContactSettings(t.api, weekday, pWeekday.contactContactId, { availability: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }] });

      at('2026-01-10T11:30:00Z'); // Saturday 01:30 in Honolulu (inside Friday's window); Sunday 01:30 in Kiritimati
      expect((await next(member)).contact?.id).toBe(pAlways.memberContactId); // both never called: the oldest contact
      await logCall(member, pAlways.memberContactId);
      expect((await next(member)).contact?.id).toBe(pNight.memberContactId); // never called beats called
      clock.travel(60_000);
      await logCall(member, pNight.memberContactId);
      expect((await next(member)).contact?.id).toBe(pAlways.memberContactId); // called longest ago

      at('2026-01-10T12:30:00Z'); // Saturday 02:30 in Honolulu: the night window is over
      await logCall(member, pAlways.memberContactId);
      expect((await next(member)).contact?.id).toBe(pAlways.memberContactId); // the only one available

      at('2026-01-11T20:00:00Z'); // Monday 10:00 in Kiritimati (still Sunday in UTC and in London)
      expect((await next(member)).contact).toMatchObject({ id: pWeekday.memberContactId, user: { displayName: 'Weekday W.' } });
    });

    it('should never suggest a member who removed or blocked the caller, and include the phone only if shared', async () => {
      const member = await registerMember(t.api);
      const remover = await registerMember(t.api);
      const blocker = await registerMember(t.api);
      const sharer = await registerMember(t.api);
      await t.api.patch('/me', { phone: '+14155550123' }, { token: sharer.accessToken });
      await t.api.patch('/me', { phone: '+447911123456' }, { token: remover.accessToken });
      const pRemover = await linkContacts(t.api, member, remover);
      const pBlocker = await linkContacts(t.api, member, blocker);
      const pSharer = await linkContacts(t.api, member, sharer);
      await setContactSettings(t.api, sharer, pSharer.contactContactId, { sharePhone: true });
      await logCall(member, pSharer.memberContactId); // the sharer is now the most recently called
      expect((await next(member)).contact?.id).toBe(pRemover.memberContactId);
      expect((await next(member)).contact?.phone).toBeNull();
      await t.api.delete(`/phone-list/${pRemover.contactContactId}`, { token: remover.accessToken });
      expect((await next(member)).contact?.id).toBe(pBlocker.memberContactId);
      await t.api.post('/blocks', { userId: member.id }, { token: blocker.accessToken });
      const suggestion = await next(member);
      expect(suggestion.contact).toMatchObject({ id: pSharer.memberContactId, phone: '+14155550123' });
    });
  });

  describe('daily reminder', () => {
    const socketOf = async (member: TestMember): Promise<TestSocket> => {
      const socket = await connectSocket(t.baseUrl, member.accessToken);
      sockets.push(socket);
      return socket;
    };
    const roundTrip = (socket: TestSocket) => new Promise<void>((resolve) => socket.emit('ping', {}, () => resolve()));

    it('should remind once per local day, after the chosen local time, only while the goal is not met', async () => {
      const member = await registerMember(t.api, { timezone: 'Pacific/Kiritimati' });
      const quiet = await registerMember(t.api, { timezone: 'Pacific/Kiritimati' });
      const friend = await registerMember(t.api);
      const { memberContactId } = await linkContacts(t.api, member, friend);
      await t.api.put('/practice-calls/settings', { dailyGoal: 1, reminderTime: '18:00' }, { token: member.accessToken });
      await t.api.put('/practice-calls/settings', { dailyGoal: 1 }, { token: quiet.accessToken });
      const socket = await socketOf(member);
      const quietSocket = await socketOf(quiet);
      const reminders = collectEvents(socket, 'practice.reminder');
      const quietReminders = collectEvents(quietSocket, 'practice.reminder');
      const service = t.app.get(PracticeRemindersService);
      const run = async (iso: string): Promise<void> => {
        await service.sendDueReminders(new Date(iso));
        await roundTrip(socket);
        await roundTrip(quietSocket);
      };

      await run('2026-01-10T03:59:00Z'); // 17:59 on 2026-01-10 in Kiritimati: not yet
      expect(reminders).toHaveLength(0);
      await run('2026-01-10T04:05:00Z'); // 18:05: due
      expect(reminders.map((r) => [r.dailyGoal, r.todayCount])).toEqual([[1, 0]]);
      expect(reminders[0].message).toMatch(/practice call/);
      expect(reminders[0].message).not.toMatch(/craving/i);
      await run('2026-01-10T09:55:00Z'); // 23:55, same local day (UTC date too): not again
      expect(reminders).toHaveLength(1);

      at('2026-01-10T19:00:00Z'); // 09:00 on 2026-01-11 in Kiritimati (UTC date 2026-01-10)
      await logCall(member, memberContactId);
      await run('2026-01-11T04:05:00Z'); // 18:05 on 2026-01-11: goal met, no reminder
      expect(reminders).toHaveLength(1);

      await run('2026-01-12T04:05:00Z'); // 18:05 on 2026-01-12: no call yet that day
      expect(reminders).toHaveLength(2);
      expect(quietReminders).toEqual([]);
    });

    it('should send one reminder when two runs overlap', async () => {
      const member = await registerMember(t.api, { timezone: 'Pacific/Honolulu' });
      await t.api.put('/practice-calls/settings', { dailyGoal: 2, reminderTime: '07:00' }, { token: member.accessToken });
      const socket = await socketOf(member);
      const reminders = collectEvents(socket, 'practice.reminder');
      const service = t.app.get(PracticeRemindersService);
      const now = new Date('2026-05-05T17:10:00Z'); // 07:10 in Honolulu
      await Promise.all([service.sendDueReminders(now), service.sendDueReminders(now), service.sendDueReminders(now)]);
      await roundTrip(socket);
      expect(reminders.map((r) => [r.dailyGoal, r.todayCount])).toEqual([[2, 0]]);
    });
  });
});
