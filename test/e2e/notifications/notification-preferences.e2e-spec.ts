import { Client } from 'pg';
import { NotificationPreferences } from '@homegroup/notifications';
import { registerMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type Preferences = { showCravingDetails: boolean; callMeWhenNobodyAnswers: boolean; updatedAt: string | null };
type ErrorBody = { statusCode: number; message: string; fields?: { field: string }[] };

describe('notification preferences', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should start with neutral lock-screen text', async () => {
    const me = await registerMember(t.api);
    const res = await t.api.get<Preferences>('/me/notification-preferences', { token: me.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ showCravingDetails: false, callMeWhenNobodyAnswers: false, updatedAt: null });
    expect(await t.app.get(NotificationPreferences).showCravingDetails(me.id)).toBe(false);
  });

  it('should let a member opt in to craving details and back out, touching only their own preferences', async () => {
    const me = await registerMember(t.api);
    const other = await registerMember(t.api);
    const preferences = t.app.get(NotificationPreferences);

    const on = await t.api.put<Preferences>(
      '/me/notification-preferences',
      { showCravingDetails: true },
      { token: me.accessToken },
    );
    expect(on.status).toBe(200);
    expect(on.body.showCravingDetails).toBe(true);
    expect(Date.parse(on.body.updatedAt ?? '')).not.toBeNaN();
    expect(
      (await t.api.get<Preferences>('/me/notification-preferences', { token: me.accessToken })).body,
    ).toEqual(on.body);
    expect(await preferences.showCravingDetails(me.id)).toBe(true);
    expect(await preferences.showCravingDetails(other.id)).toBe(false);
    expect([...(await preferences.withCravingDetails([me.id, other.id]))]).toEqual([me.id]);
    expect(
      (await t.api.get<Preferences>('/me/notification-preferences', { token: other.accessToken })).body,
    ).toEqual({
      showCravingDetails: false,
      callMeWhenNobodyAnswers: false,
      updatedAt: null,
    });

    const off = await t.api.put<Preferences>(
      '/me/notification-preferences',
      { showCravingDetails: false },
      { token: me.accessToken },
    );
    expect(off.status).toBe(200);
    expect(off.body.showCravingDetails).toBe(false);
    expect(await preferences.showCravingDetails(me.id)).toBe(false);
    expect(await preferences.withCravingDetails([me.id, other.id])).toEqual(new Set());
  });

  it.each([[{ showCravingDetails: 'yes' }], [{}], [{ showCravingDetails: true, showNotes: true }]])(
    'should refuse %j with a 400 naming the field',
    async (body) => {
      const me = await registerMember(t.api);
      const res = await t.api.put<ErrorBody>('/me/notification-preferences', body, { token: me.accessToken });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/showCravingDetails must be true or false|showNotes should not exist/);
      expect(await t.app.get(NotificationPreferences).showCravingDetails(me.id)).toBe(false);
    },
  );

  it('should refuse callers without a token', async () => {
    expect((await t.api.get('/me/notification-preferences')).status).toBe(401);
    expect((await t.api.put('/me/notification-preferences', { showCravingDetails: true })).status).toBe(401);
  });

  it('should export the preferences and erase them with the account', async () => {
    const me = await registerMember(t.api);
    const fresh = await registerMember(t.api);
    await t.api.put('/me/notification-preferences', { showCravingDetails: true }, { token: me.accessToken });
    const exported = await t.api.get<{ notificationPreferences: Preferences | null }>('/me/export', {
      token: me.accessToken,
    });
    expect(exported.body.notificationPreferences?.showCravingDetails).toBe(true);
    expect(Object.keys(exported.body.notificationPreferences ?? {}).sort()).toEqual([
      'callMeWhenNobodyAnswers',
      'showCravingDetails',
      'updatedAt',
    ]);
    const untouched = await t.api.get<{ notificationPreferences: Preferences | null }>('/me/export', {
      token: fresh.accessToken,
    });
    expect(untouched.body.notificationPreferences).toBeNull();

    const rowsOf = async (userId: string): Promise<number> => {
      const client = new Client({ connectionString: t.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM notification_preferences WHERE user_id = $1',
          [userId],
        );
        return rows[0].n;
      } finally {
        await client.end();
      }
    };
    expect(await rowsOf(me.id)).toBe(1);
    expect((await t.api.delete('/me', { token: me.accessToken })).status).toBe(204);
    expect(await rowsOf(me.id)).toBe(0);
  });
});
