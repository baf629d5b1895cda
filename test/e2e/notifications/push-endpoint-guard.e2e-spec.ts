import { PushNotification, PushService } from '@homegroup/notifications';
import { registerMember, TestMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import {
  createBrowserSubscription,
  FakePushService,
  startFakePushService,
} from '../../utils/fake-push-service';

const PING: PushNotification = {
  title: 'Sam is asking for a call',
  body: 'Open Homegroup to let them know you are there.',
  data: { type: 'craving.alert', cravingId: '0d6f3c52-6c55-4d0f-9d43-3f1f0f3a1a11' },
  urgency: 'high',
  ttlSeconds: 600,
};

/**
 * Push requests cannot reach inside (issue 11, item 3; ADR 0030). Tests accept http and local endpoints at
 * subscribe time (NODE_ENV=test), which is exactly the case to prove: a subscription that got in, or a host that
 * resolves to an inside address later, is refused at send and never contacted.
 */
describe('push endpoints are checked at send time', () => {
  let fake: FakePushService;

  beforeAll(async () => {
    fake = await startFakePushService();
  });

  afterAll(async () => {
    await fake.close();
  });

  const subscribe = async (t: TestApp, member: TestMember, endpoint: string): Promise<void> => {
    const browser = createBrowserSubscription(endpoint);
    const res = await t.api.post(
      '/me/push-subscriptions',
      { endpoint, keys: browser.keys },
      { token: member.accessToken },
    );
    expect(res.status).toBe(201);
  };

  it('should refuse a host name that resolves to a loopback address, an IP literal, and the metadata address', async () => {
    const t = await createTestApp({ env: { PUSH_ALLOW_PRIVATE_ADDRESSES: 'false' } });
    try {
      const port = new URL(fake.endpoint('ok')).port;
      const cases = [
        `http://localhost:${port}/push/by-name`, // a name resolved at connect time (the DNS-rebinding shape)
        `http://127.0.0.1:${port}/push/by-literal`,
        `http://[::1]:${port}/push/by-v6-literal`,
        'http://169.254.169.254/latest/meta-data/',
        'http://10.0.0.7/push/private',
      ];
      for (const endpoint of cases) {
        const member = await registerMember(t.api);
        await subscribe(t, member, endpoint);
        const before = fake.requests.length;
        const result = await t.app.get(PushService).sendToUser(member.id, PING);
        // Refused, never sent, and the subscription is deleted (it can never work).
        expect([endpoint, result]).toEqual([endpoint, { attempted: 1, delivered: 0, removed: 1 }]);
        expect(fake.requests.length).toBe(before);
        const left = await t.api.get<unknown[]>('/me/push-subscriptions', { token: member.accessToken });
        expect(left.body).toEqual([]);
      }
    } finally {
      await t.close();
    }
  });

  it('should send only to hosts on PUSH_ALLOWED_HOSTS when it is set', async () => {
    const t = await createTestApp({
      env: { PUSH_ALLOWED_HOSTS: 'fcm.googleapis.com,*.push.services.mozilla.com' },
    });
    try {
      const member = await registerMember(t.api);
      await subscribe(t, member, fake.endpoint('ok'));
      const before = fake.requests.length;
      const result = await t.app.get(PushService).sendToUser(member.id, PING);
      expect(result).toEqual({ attempted: 1, delivered: 0, removed: 1 });
      expect(fake.requests.length).toBe(before);
    } finally {
      await t.close();
    }
  });

  it('should still deliver to an allowed push service (the same fake, allowed)', async () => {
    const t = await createTestApp({ env: { PUSH_ALLOWED_HOSTS: '127.0.0.1' } });
    try {
      const member = await registerMember(t.api);
      const endpoint = fake.endpoint('ok');
      await subscribe(t, member, endpoint);
      const result = await t.app.get(PushService).sendToUser(member.id, PING);
      expect(result).toEqual({ attempted: 1, delivered: 1, removed: 0 });
      expect(fake.requestsTo(endpoint)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
