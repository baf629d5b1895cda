import { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoMembers } from '@homegroup/identity';
import { buildCircle, openInbox, raiseCraving, type AlertInbox } from '../../factories/craving.factory';
import { registerMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { waitUntil } from '../../utils/wait-for';

type Profile = { id: string; email: string; country: string | null; timezone: string; copingList: string[]; displayName: string; phone: string | null };
type ErrorBody = { statusCode: number; message: string; fields?: { field: string; messages: string[] }[] };

/** Issue 10: the member's own coping list (GET/PATCH /me, the export) and the country given at sign-up. */
describe('coping list and country at sign-up', () => {
  let t: TestApp;
  const inboxes: AlertInbox[] = [];

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    for (const box of inboxes) box.socket.close();
    await t.close();
  });

  describe('coping list', () => {
    it('should start empty, keep the member’s order trimmed, show it in GET /me and the export, and empty it with []', async () => {
      const member = await registerMember(t.api);
      const fresh = await t.api.get<Profile>('/me', { token: member.accessToken });
      expect(fresh.body.copingList).toEqual([]);

      const list = ['  Walk around the block ', 'Call my sponsor', 'Drink a glass of water'];
      const patch = await t.api.patch<Profile>('/me', { copingList: list }, { token: member.accessToken });
      expect(patch.status).toBe(200);
      expect(patch.body.copingList).toEqual(['Walk around the block', 'Call my sponsor', 'Drink a glass of water']);

      // Another change leaves the list as it is; a reordered list replaces it.
      await t.api.patch('/me', { displayName: 'Kept K.' }, { token: member.accessToken });
      const reordered = ['Call my sponsor', 'Walk around the block', 'Drink a glass of water'];
      await t.api.patch('/me', { copingList: reordered }, { token: member.accessToken });
      const me = await t.api.get<Profile>('/me', { token: member.accessToken });
      expect(me.body).toMatchObject({ displayName: 'Kept K.', copingList: reordered });

      const exported = await t.api.get<{ account: { copingList: string[] } }>('/me/export', { token: member.accessToken });
      expect(exported.body.account.copingList).toEqual(reordered);

      // A new login (and a refresh) carries it too: the web app's session has it without another request.
      const login = await t.api.post<{ user: Profile; refreshToken: string }>('/auth/login', { email: member.email, password: member.password });
      expect(login.body.user.copingList).toEqual(reordered);

      const emptied = await t.api.patch<Profile>('/me', { copingList: [] }, { token: member.accessToken });
      expect(emptied.body.copingList).toEqual([]);
      const [row] = await t.app.get(DataSource).query<{ coping_list: string[] }[]>('SELECT coping_list FROM users WHERE id = $1', [member.id]);
      expect(row.coping_list).toEqual([]);
    });

    it('should take 20 items of 200 characters, any punctuation and scripts, exactly as written', async () => {
      const member = await registerMember(t.api);
      const items = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')} ${'é'.repeat(197)}`);
      items[1] = 'Say "no, thanks", {then} leave <quickly> & breathe: 4-7-8 🙂';
      items[2] = 'Llamar a mi madrina';
      const res = await t.api.patch<Profile>('/me', { copingList: items }, { token: member.accessToken });
      expect(res.status).toBe(200);
      expect(res.body.copingList).toEqual(items);
      expect((await t.api.get<Profile>('/me', { token: member.accessToken })).body.copingList).toEqual(items);
    });

    it.each([
      ['21 items', Array.from({ length: 21 }, (_, i) => `Item ${i}`), /at most 20 items/],
      ['an empty item', ['Call my sponsor', ''], /must not be empty/],
      ['an item of spaces only', ['   '], /must not be empty/],
      ['an item of 201 characters', ['x'.repeat(201)], /at most 200 characters/],
      ['an item that is not text', ['Call my sponsor', 42], /must be text/],
      ['the same item twice (after trimming)', ['Call my sponsor', ' Call my sponsor '], /same item twice/],
      ['a list that is not a list', 'Call my sponsor', /must be a list/],
      ['null', null, /must not be null/],
      ['a NUL character', ['Call my\u0000 sponsor'], /control characters/],
    ])('should refuse %s with 400 naming copingList and keep the stored list', async (_case, copingList, message) => {
      const member = await registerMember(t.api);
      await t.api.patch('/me', { copingList: ['Kept item'] }, { token: member.accessToken });
      const res = await t.api.patch<ErrorBody>('/me', { copingList }, { token: member.accessToken });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(res.body.fields?.map((f) => f.field).some((f) => f.startsWith('copingList'))).toBe(true);
      expect((await t.api.get<Profile>('/me', { token: member.accessToken })).body.copingList).toEqual(['Kept item']);
    });

    it('should never show the list to anyone else: not to the sponsor or contacts paged by an alert, nor in what they read', async () => {
      const circle = await buildCircle(t.api);
      const marker = `Hum the tune from grandma’s kitchen ${Date.now()}`;
      expect((await t.api.patch('/me', { copingList: [marker] }, { token: circle.owner.accessToken })).status).toBe(200);
      for (const member of [circle.sponsor, circle.first]) inboxes.push(await openInbox(t.baseUrl, member));
      const craving = await raiseCraving(t.api, circle.owner, { intensity: 8 });
      expect(craving.status).toBe(201);
      // The owner's own answer does not carry it either (the craving screen reads it from the profile).
      expect(JSON.stringify(craving.body)).not.toContain(marker);
      await waitUntil(() => inboxes.slice(-2).every((box) => box.alerts.length === 1));

      const seen: string[] = inboxes.slice(-2).map((box) => JSON.stringify(box.alerts));
      for (const other of [circle.sponsor, circle.first, circle.silent, circle.stranger]) {
        for (const path of ['/sponsorships', '/phone-list', '/cravings', `/cravings/${craving.body.id}`, '/me/alert-circle', '/me/export', '/sponsors?gender=any']) {
          const res = await t.api.get(path, { token: other.accessToken });
          seen.push(`${path} ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
      // The reads did see the owner (so the check is not vacuous) ...
      expect(seen.join('\n')).toContain(circle.owner.id);
      // ... and never the list.
      expect(seen.join('\n')).not.toContain(marker);
    });

    it('should give the demo Sam a coping list, and the other demo members none', async () => {
      await seedDemoMembers(t.app);
      const login = async (name: string) =>
        (await t.api.post<{ user: Profile }>('/auth/login', { email: `${name}@demo.homegroup.local`, password: DEMO_PASSWORD })).body.user;
      const sam = await login('sam');
      expect(sam.copingList.length).toBeGreaterThanOrEqual(3);
      expect(sam.copingList).toContain('Call my sponsor');
      expect((await login('alex')).copingList).toEqual([]);
    });
  });

  describe('country at sign-up', () => {
    const register = (body: Record<string, unknown>) =>
      t.api.post<{ user: Profile; accessToken: string } & ErrorBody>('/auth/register', {
        email: `country-${Date.now()}-${Math.random().toString(36).slice(2)}@test.homegroup.local`,
        password: 'long-enough-pw',
        displayName: 'Ana M.',
        ...body,
      });

    it('should store the country given at sign-up, upper-cased, and pick that country’s crisis lines', async () => {
      const res = await register({ country: ' mx ', timezone: 'America/Mexico_City' });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ country: 'MX', timezone: 'America/Mexico_City', copingList: [] });
      const me = await t.api.get<Profile>('/me', { token: res.body.accessToken });
      expect(me.body.country).toBe('MX');

      const gb = await register({ country: 'GB' });
      expect(gb.body.user.country).toBe('GB');
      const craving = await t.api.post<{ crisisResources: { name: string; phone: string | null }[] }>('/cravings', { intensity: 5 }, { token: gb.body.accessToken });
      type Lines = { crisisResources: { name: string }[] };
      const us = await t.api.get<Lines>('/crisis-resources?country=US');
      const ukLines = await t.api.get<Lines>('/crisis-resources?country=GB');
      expect(ukLines.body.crisisResources.length).toBeGreaterThan(0);
      const names = craving.body.crisisResources.map((r) => r.name);
      expect(names).toEqual(ukLines.body.crisisResources.map((r) => r.name));
      expect(names).not.toEqual(us.body.crisisResources.map((r) => r.name));
    });

    it('should leave the country unset when it is left out or null', async () => {
      expect((await register({})).body.user.country).toBeNull();
      expect((await register({ country: null })).body.user.country).toBeNull();
    });

    it.each([['Mexico'], ['M1'], [''], ['MEX'], [52]])('should refuse %j as a country with the same 400 as PATCH /me', async (country) => {
      const res = await register({ country });
      expect(res.status).toBe(400);
      expect(res.body.fields?.map((f) => f.field)).toContain('country');
      const member = await registerMember(t.api);
      const patch = await t.api.patch<ErrorBody>('/me', { country }, { token: member.accessToken });
      expect(patch.status).toBe(400);
      expect(res.body.fields?.find((f) => f.field === 'country')?.messages).toEqual(
        patch.body.fields?.find((f) => f.field === 'country')?.messages,
      );
    });
  });
});
