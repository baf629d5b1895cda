import { registerMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { createBrowserSubscription, FakePushService, startFakePushService } from '../../utils/fake-push-service';

describe('POST /me/notifications/test also sends a Web Push (the phone rings with the app closed)', () => {
  let t: TestApp;
  let fake: FakePushService;

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestApp(), startFakePushService()]);
  });

  afterAll(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  it('should push an encrypted test notice to every subscription of the caller and count the accepted ones', async () => {
    const member = await registerMember(t.api);
    const other = await registerMember(t.api);
    const phone = createBrowserSubscription(fake.endpoint('ok'));
    const othersPhone = createBrowserSubscription(fake.endpoint('ok'));
    for (const [who, sub] of [
      [member, phone],
      [other, othersPhone],
    ] as const) {
      const res = await t.api.post('/me/push-subscriptions', { endpoint: sub.endpoint, keys: sub.keys }, { token: who.accessToken });
      expect(res.status).toBe(201);
    }
    const res = await t.api.post<{ connectedSockets: number; pushedDevices: number }>('/me/notifications/test', undefined, {
      token: member.accessToken,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connectedSockets: 0, pushedDevices: 1 });
    const pushes = fake.requestsTo(phone.endpoint);
    expect(pushes).toHaveLength(1);
    expect(JSON.parse(phone.decrypt(pushes[0].body))).toEqual({
      title: 'Homegroup',
      body: 'Test notification: this device receives Homegroup alerts.',
      data: { type: 'system.notice' },
    });
    expect(fake.requestsTo(othersPhone.endpoint)).toHaveLength(0);
  });

  it('should answer pushedDevices 0 for a member without push subscriptions', async () => {
    const member = await registerMember(t.api);
    const res = await t.api.post('/me/notifications/test', undefined, { token: member.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ connectedSockets: 0, pushedDevices: 0 });
  });
});
