import {
  cravingNotificationText,
  NotificationPreferences,
  PUSH_MAX_CONSECUTIVE_FAILURES,
  PUSH_MAX_PAYLOAD_BYTES,
  PushNotification,
  PushService,
} from '@homegroup/notifications';
import { registerMember, TestMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import {
  BrowserSubscription,
  createBrowserSubscription,
  FakePushService,
  PushBehaviour,
  startFakePushService,
  verifyVapidAuthorization,
} from '../../utils/fake-push-service';

type Subscription = { id: string; lastSuccessAt: string | null; failureCount: number };

const ALERT: PushNotification = {
  title: 'Sam is asking for a call',
  body: 'Open Homegroup to let them know you are there.',
  data: { type: 'craving.alert', cravingId: '0d6f3c52-6c55-4d0f-9d43-3f1f0f3a1a11' },
  urgency: 'high',
  ttlSeconds: 600,
};

describe('PushService.sendToUser: Web Push to a local fake push service', () => {
  let t: TestApp;
  let fake: FakePushService;
  let push: PushService;

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestApp(), startFakePushService()]);
    push = t.app.get(PushService);
  });

  afterAll(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  const subscribed = async (member: TestMember, behaviour: PushBehaviour): Promise<BrowserSubscription> => {
    const browser = createBrowserSubscription(fake.endpoint(behaviour));
    const res = await t.api.post(
      '/me/push-subscriptions',
      { endpoint: browser.endpoint, keys: browser.keys },
      {
        token: member.accessToken,
      },
    );
    expect(res.status).toBe(201);
    return browser;
  };
  const list = async (member: TestMember): Promise<Subscription[]> =>
    (await t.api.get<Subscription[]>('/me/push-subscriptions', { token: member.accessToken })).body;

  it('should deliver to every subscription with VAPID, TTL, urgency and a body only that browser can read', async () => {
    const me = await registerMember(t.api);
    const phone = await subscribed(me, 'ok');
    const laptop = await subscribed(me, 'ok');

    expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 2, delivered: 2, removed: 0 });

    const publicKey = (await t.api.get<{ publicKey: string }>('/push/vapid-public-key')).body.publicKey;
    for (const browser of [phone, laptop]) {
      const requests = fake.requestsTo(browser.endpoint);
      expect(requests).toHaveLength(1);
      const [request] = requests;
      expect(request.method).toBe('POST');
      expect(request.headers.authorization).toMatch(/^vapid t=/);
      expect(request.headers.authorization).toContain('k=');
      const vapid = verifyVapidAuthorization(request.headers.authorization);
      expect(vapid.publicKey).toBe(publicKey);
      expect(vapid.claims.aud).toBe(fake.origin);
      expect(vapid.claims.sub).toBe('mailto:admin@homegroup.local');
      expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now());
      expect(vapid.claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
      expect(request.headers.ttl).toBe('600');
      expect(request.headers.urgency).toBe('high');
      expect(request.headers['content-encoding']).toBe('aes128gcm');
      expect(request.body.length).toBeGreaterThan(0);
      // Encrypted: neither the text nor the data can be read on the wire.
      expect(request.body.toString('latin1')).not.toContain(ALERT.title);
      expect(request.body.toString('latin1')).not.toContain(ALERT.data.cravingId);
      expect(JSON.parse(browser.decrypt(request.body))).toEqual({
        title: ALERT.title,
        body: ALERT.body,
        data: ALERT.data,
      });
    }
    // Each body is for its own browser only.
    expect(() => laptop.decrypt(fake.requestsTo(phone.endpoint)[0].body)).toThrow();
    for (const s of await list(me)) {
      expect(s.lastSuccessAt).not.toBeNull();
      expect(s.failureCount).toBe(0);
    }
  });

  it('should send only to the member’s own subscriptions', async () => {
    const me = await registerMember(t.api);
    const other = await registerMember(t.api);
    const mine = await subscribed(me, 'ok');
    const theirs = await subscribed(other, 'ok');
    expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 1, delivered: 1, removed: 0 });
    expect(fake.requestsTo(mine.endpoint)).toHaveLength(1);
    expect(fake.requestsTo(theirs.endpoint)).toHaveLength(0);
  });

  it('should attempt nothing for a member without subscriptions', async () => {
    const me = await registerMember(t.api);
    const before = fake.requests.length;
    expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 0, delivered: 0, removed: 0 });
    expect(fake.requests.length).toBe(before);
  });

  it('should delete subscriptions their push service says are gone (410, 404) and deliver to the rest', async () => {
    const me = await registerMember(t.api);
    const ok = await subscribed(me, 'ok');
    const gone = await subscribed(me, 'gone');
    const notFound = await subscribed(me, 'not-found');
    expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 3, delivered: 1, removed: 2 });
    expect(fake.requestsTo(gone.endpoint)).toHaveLength(1);
    expect(fake.requestsTo(notFound.endpoint)).toHaveLength(1);
    expect(await list(me)).toHaveLength(1);
    expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 1, delivered: 1, removed: 0 });
    expect(fake.requestsTo(ok.endpoint)).toHaveLength(2);
    expect(fake.requestsTo(gone.endpoint)).toHaveLength(1);
  });

  it('should count failures, reset the count on a success, and delete after 5 failures in a row', async () => {
    const me = await registerMember(t.api);
    const flaky = await subscribed(me, 'fail');
    for (let i = 1; i <= 2; i += 1) {
      expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 1, delivered: 0, removed: 0 });
      expect((await list(me))[0].failureCount).toBe(i);
    }
    fake.setBehaviour(flaky.endpoint, 'ok');
    expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 1, delivered: 1, removed: 0 });
    const [recovered] = await list(me);
    expect(recovered.failureCount).toBe(0);
    expect(recovered.lastSuccessAt).not.toBeNull();

    fake.setBehaviour(flaky.endpoint, 'fail');
    for (let i = 1; i < PUSH_MAX_CONSECUTIVE_FAILURES; i += 1) {
      expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 1, delivered: 0, removed: 0 });
    }
    expect((await list(me))[0].failureCount).toBe(PUSH_MAX_CONSECUTIVE_FAILURES - 1);
    expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 1, delivered: 0, removed: 1 });
    expect(await list(me)).toEqual([]);
    expect(fake.requestsTo(flaky.endpoint)).toHaveLength(3 + PUSH_MAX_CONSECUTIVE_FAILURES);
  });

  it('should give up on a push service that does not answer within 5 s while the others are delivered', async () => {
    const me = await registerMember(t.api);
    const stuck = await subscribed(me, 'hang');
    const ok = await subscribed(me, 'ok');
    const started = Date.now();
    expect(await push.sendToUser(me.id, ALERT)).toEqual({ attempted: 2, delivered: 1, removed: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    expect(fake.requestsTo(stuck.endpoint)).toHaveLength(1);
    expect(fake.requestsTo(ok.endpoint)).toHaveLength(1);
    const byFailures = (await list(me)).map((s) => s.failureCount).sort();
    expect(byFailures).toEqual([0, 1]);
  }, 20_000);

  it('should send the largest payload Web Push allows and refuse a larger one without sending', async () => {
    const me = await registerMember(t.api);
    const browser = await subscribed(me, 'ok');
    const overhead = Buffer.byteLength(JSON.stringify({ title: 't', body: '', data: {} }));
    const largest = { ...ALERT, title: 't', data: {}, body: 'x'.repeat(PUSH_MAX_PAYLOAD_BYTES - overhead) };
    expect(await push.sendToUser(me.id, largest)).toEqual({ attempted: 1, delivered: 1, removed: 0 });
    const [request] = fake.requestsTo(browser.endpoint);
    expect(request.body.length).toBeLessThanOrEqual(4096);
    expect((JSON.parse(browser.decrypt(request.body)) as { body: string }).body).toBe(largest.body);

    await expect(push.sendToUser(me.id, { ...largest, body: `${largest.body}x` })).rejects.toThrow(
      RangeError,
    );
    expect(fake.requestsTo(browser.endpoint)).toHaveLength(1);
    expect((await list(me))[0].failureCount).toBe(0);
  });

  it('should put neutral text on the lock screen unless the recipient opted in to details', async () => {
    const owner = await registerMember(t.api, { displayName: 'Sam' });
    const recipient = await registerMember(t.api);
    const browser = await subscribed(recipient, 'ok');
    const preferences = t.app.get(NotificationPreferences);
    const sendAlert = async (): Promise<{ title: string; body: string }> => {
      const text = cravingNotificationText({
        fromDisplayName: owner.displayName,
        intensity: 7,
        showDetails: await preferences.showCravingDetails(recipient.id),
        kind: 'alert',
      });
      await push.sendToUser(recipient.id, { ...ALERT, ...text });
      const requests = fake.requestsTo(browser.endpoint);
      return JSON.parse(browser.decrypt(requests[requests.length - 1].body)) as {
        title: string;
        body: string;
      };
    };

    const neutral = await sendAlert();
    expect(neutral.title).toBe('Sam is asking for a call');
    expect(`${neutral.title} ${neutral.body}`).not.toMatch(/crav|urge|relapse|\buse\b|\d/i);

    const put = await t.api.put(
      '/me/notification-preferences',
      { showCravingDetails: true },
      { token: recipient.accessToken },
    );
    expect(put.status).toBe(200);
    const detailed = await sendAlert();
    expect(detailed.title).toBe('Sam flagged a craving (intensity 7/10)');
  });
});

describe('PushService logs', () => {
  let t: TestApp;
  let fake: FakePushService;

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestApp({ captureLogs: true }), startFakePushService()]);
  });

  afterAll(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  it('should log counts only: never endpoints, keys or the text', async () => {
    const me = await registerMember(t.api);
    const browsers = [
      createBrowserSubscription(fake.endpoint('ok')),
      createBrowserSubscription(fake.endpoint('fail')),
    ];
    for (const browser of browsers) {
      await t.api.post(
        '/me/push-subscriptions',
        { endpoint: browser.endpoint, keys: browser.keys },
        { token: me.accessToken },
      );
    }
    const result = await t.app.get(PushService).sendToUser(me.id, ALERT);
    expect(result).toEqual({ attempted: 2, delivered: 1, removed: 0 });
    const logs = t.logs();
    expect(logs).toContain('push: 1/2 delivered, 1 failed, 0 subscriptions removed');
    for (const browser of browsers) {
      expect(logs).not.toContain(new URL(browser.endpoint).pathname);
      expect(logs).not.toContain(browser.keys.p256dh);
      expect(logs).not.toContain(browser.keys.auth);
    }
    expect(logs).not.toContain(ALERT.title);
    expect(logs).not.toContain(ALERT.data.cravingId);
  });
});
