import { buildCircle, openInbox, raiseCraving } from '../../factories/craving.factory';
import type { TestMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import {
  createBrowserSubscription,
  FakePushService,
  startFakePushService,
} from '../../utils/fake-push-service';
import { waitUntil } from '../../utils/wait-for';

type Pushed = { title: string; body: string; data: { type: string; cravingId: string } };

describe('craving alerts reach recipients without a live socket by web push', () => {
  let t: TestApp;
  let fake: FakePushService;

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestApp(), startFakePushService()]);
  });

  afterAll(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  const subscribe = async (member: TestMember) => {
    const browser = createBrowserSubscription(fake.endpoint('ok'));
    const res = await t.api.post(
      '/me/push-subscriptions',
      { endpoint: browser.endpoint, keys: browser.keys },
      { token: member.accessToken },
    );
    expect(res.status).toBe(201);
    return browser;
  };

  it('should push a neutral notification to an offline recipient, and none to one whose socket took the alert', async () => {
    const circle = await buildCircle(t.api);
    const offline = await subscribe(circle.first);
    const online = await subscribe(circle.second);
    const inbox = await openInbox(t.baseUrl, circle.second);
    try {
      const created = await raiseCraving(t.api, circle.owner, {
        intensity: 8,
        trigger: 'emotional',
        note: 'secret note',
      });
      expect(created.status).toBe(201);
      const cravingId = created.body.id;

      await waitUntil(() => fake.requestsTo(offline.endpoint).length > 0);
      const pushes = fake.requestsTo(offline.endpoint);
      expect(pushes).toHaveLength(1);
      expect(pushes[0].headers.urgency).toBe('high');
      const payload = JSON.parse(offline.decrypt(pushes[0].body)) as Pushed;
      expect(payload.data).toEqual({ type: 'craving.alert', cravingId });
      expect(payload.title).toBe('Sam is asking for a call');
      // Lock-screen text stays neutral: no "craving", no intensity, never the note.
      expect(`${payload.title} ${payload.body}`).not.toMatch(/crav|8|secret/i);

      // The recipient with a live socket got the alert there, not as a push.
      await waitUntil(() => inbox.alerts.some((a) => a.cravingId === cravingId));
      expect(fake.requestsTo(online.endpoint)).toHaveLength(0);
    } finally {
      inbox.socket.close();
    }
  });

  it('should show details only to a recipient who opted in', async () => {
    const circle = await buildCircle(t.api);
    const browser = await subscribe(circle.first);
    const prefs = await t.api.put(
      '/me/notification-preferences',
      { showCravingDetails: true },
      { token: circle.first.accessToken },
    );
    expect(prefs.status).toBe(200);
    const created = await raiseCraving(t.api, circle.owner, { intensity: 6 });
    expect(created.status).toBe(201);
    await waitUntil(() => fake.requestsTo(browser.endpoint).length > 0);
    const pushes = fake.requestsTo(browser.endpoint);
    const payload = JSON.parse(browser.decrypt(pushes[0].body)) as Pushed;
    expect(`${payload.title} ${payload.body}`).toMatch(/craving/i);
  });
});
