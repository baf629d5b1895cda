import { Client } from 'pg';
import { generateVAPIDKeys } from 'web-push';
import { PushService } from '@homegroup/notifications';
import { registerMember, TestMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import {
  createBrowserSubscription,
  FakePushService,
  startFakePushService,
} from '../../utils/fake-push-service';

type Subscription = {
  id: string;
  endpointOrigin: string;
  createdAt: string;
  lastSuccessAt: string | null;
  failureCount: number;
};
type ErrorBody = { statusCode: number; message: string; fields?: { field: string }[] };

const PUSH = { title: 't', body: 'b', data: {}, urgency: 'normal', ttlSeconds: 60 } as const;

describe('push subscriptions: register, list, remove', () => {
  let t: TestApp;
  let fake: FakePushService;

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestApp(), startFakePushService()]);
  });

  afterAll(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  const subscribe = (member: TestMember, body: unknown) =>
    t.api.post<Subscription & ErrorBody>('/me/push-subscriptions', body, { token: member.accessToken });
  const list = async (member: TestMember): Promise<Subscription[]> => {
    const res = await t.api.get<Subscription[]>('/me/push-subscriptions', { token: member.accessToken });
    expect(res.status).toBe(200);
    return res.body;
  };
  const countRows = async (sql: string, params: unknown[]): Promise<number> => {
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(sql, params);
      return rows[0].n;
    } finally {
      await client.end();
    }
  };

  it('should give the VAPID public key to anyone, without a token', async () => {
    const res = await t.api.get<{ publicKey: string }>('/push/vapid-public-key');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ publicKey: t.config.push.vapid.publicKey });
    expect(res.body.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
  });

  it('should document the push and preference routes in /openapi.json', async () => {
    type Operation = { summary?: string; security?: unknown[] };
    const res = await t.api.get<{ paths: Record<string, Record<string, Operation>> }>('/openapi.json');
    expect(res.status).toBe(200);
    const routes: [string, string][] = [
      ['get', '/api/v1/push/vapid-public-key'],
      ['post', '/api/v1/me/push-subscriptions'],
      ['get', '/api/v1/me/push-subscriptions'],
      ['delete', '/api/v1/me/push-subscriptions/{id}'],
      ['get', '/api/v1/me/notification-preferences'],
      ['put', '/api/v1/me/notification-preferences'],
    ];
    for (const [method, path] of routes) {
      expect(res.body.paths[path]?.[method]?.summary).toEqual(expect.any(String));
    }
  });

  it('should register, list (by origin only) and remove the caller’s subscription', async () => {
    const me = await registerMember(t.api);
    const browser = createBrowserSubscription(fake.endpoint('ok'));
    const created = await subscribe(me, { endpoint: browser.endpoint, keys: browser.keys });
    expect(created.status).toBe(201);
    const { id, createdAt, ...rest } = created.body;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(createdAt)).not.toBeNaN();
    expect(rest).toEqual({ endpointOrigin: fake.origin, lastSuccessAt: null, failureCount: 0 });
    const listed = await list(me);
    expect(listed).toEqual([created.body]);
    // The full endpoint and the keys never come back.
    const raw = JSON.stringify(listed);
    expect(raw).not.toContain(new URL(browser.endpoint).pathname);
    expect(raw).not.toContain(browser.keys.p256dh);
    expect(raw).not.toContain(browser.keys.auth);

    expect(
      (await t.api.delete(`/me/push-subscriptions/${created.body.id}`, { token: me.accessToken })).status,
    ).toBe(204);
    expect(await list(me)).toEqual([]);
    const again = await t.api.delete<ErrorBody>(`/me/push-subscriptions/${created.body.id}`, {
      token: me.accessToken,
    });
    expect(again.status).toBe(404);
    expect(again.body.message).toMatch(/not registered to your account/);
  });

  it('should refuse callers without a token on every member route', async () => {
    const browser = createBrowserSubscription(fake.endpoint('ok'));
    expect(
      (await t.api.post('/me/push-subscriptions', { endpoint: browser.endpoint, keys: browser.keys })).status,
    ).toBe(401);
    expect((await t.api.get('/me/push-subscriptions')).status).toBe(401);
    expect((await t.api.delete('/me/push-subscriptions/6f1c1f43-3c1e-4d6a-9a43-0b7a2f7e9d11')).status).toBe(
      401,
    );
  });

  it('should answer 404 to another member removing my subscription, and keep it', async () => {
    const me = await registerMember(t.api);
    const other = await registerMember(t.api);
    const browser = createBrowserSubscription(fake.endpoint('ok'));
    const created = await subscribe(me, { endpoint: browser.endpoint, keys: browser.keys });
    const res = await t.api.delete(`/me/push-subscriptions/${created.body.id}`, { token: other.accessToken });
    expect(res.status).toBe(404);
    expect(await list(other)).toEqual([]);
    expect((await list(me)).map((s) => s.id)).toEqual([created.body.id]);
    expect((await t.api.delete('/me/push-subscriptions/not-a-uuid', { token: me.accessToken })).status).toBe(
      400,
    );
  });

  it('should treat the same endpoint again as the same subscription, with the new keys', async () => {
    const me = await registerMember(t.api);
    const endpoint = fake.endpoint('ok');
    const first = createBrowserSubscription(endpoint);
    const renewed = createBrowserSubscription(endpoint);
    const a = await subscribe(me, { endpoint, keys: first.keys });
    const b = await subscribe(me, { endpoint, keys: renewed.keys });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.createdAt).toBe(a.body.createdAt);
    expect(await list(me)).toHaveLength(1);
    // Pushes are now encrypted for the renewed keys.
    await t.app.get(PushService).sendToUser(me.id, { ...PUSH, title: 'renewed' });
    const [request] = fake.requestsTo(endpoint);
    expect(JSON.parse(renewed.decrypt(request.body))).toMatchObject({ title: 'renewed' });
    expect(() => first.decrypt(request.body)).toThrow();
  });

  it('should move an endpoint registered by another member to the caller (a shared device)', async () => {
    const before = await registerMember(t.api);
    const after = await registerMember(t.api);
    const browser = createBrowserSubscription(fake.endpoint('ok'));
    const first = await subscribe(before, { endpoint: browser.endpoint, keys: browser.keys });
    await t.app.get(PushService).sendToUser(before.id, PUSH);
    expect((await list(before))[0].lastSuccessAt).not.toBeNull();

    const moved = await subscribe(after, { endpoint: browser.endpoint, keys: browser.keys });
    expect(moved.status).toBe(201);
    // A new subscription for the new holder: nothing of the previous holder's carries over.
    expect(moved.body.id).not.toBe(first.body.id);
    expect(moved.body.lastSuccessAt).toBeNull();
    expect(await list(before)).toEqual([]);
    expect((await list(after)).map((s) => s.id)).toEqual([moved.body.id]);
    expect(await t.app.get(PushService).sendToUser(before.id, PUSH)).toEqual({
      attempted: 0,
      delivered: 0,
      removed: 0,
    });
    expect(
      (await t.api.delete(`/me/push-subscriptions/${first.body.id}`, { token: before.accessToken })).status,
    ).toBe(404);
  });

  it.each([
    [
      'no keys',
      (e: string, k: { p256dh: string; auth: string }) => ({ endpoint: e, p256dh: k.p256dh }),
      'keys',
    ],
    [
      'an endpoint that is not a URL',
      (_e: string, k: object) => ({ endpoint: 'my phone', keys: k }),
      'endpoint must be the https URL',
    ],
    [
      'an ftp endpoint',
      (_e: string, k: object) => ({ endpoint: 'ftp://push.example.org/x', keys: k }),
      'endpoint must be the https URL',
    ],
    [
      'an endpoint over 1000 characters',
      (e: string, k: object) => ({ endpoint: `${e}/${'x'.repeat(1000)}`, keys: k }),
      'endpoint must be at most 1000 characters',
    ],
    [
      'a p256dh of the wrong length',
      (e: string, k: { auth: string }) => ({ endpoint: e, keys: { p256dh: 'BAAA', auth: k.auth } }),
      'keys.p256dh',
    ],
    [
      'a p256dh that is not a point on the curve',
      (e: string, k: { auth: string }) => ({
        endpoint: e,
        keys: { p256dh: `BA${'A'.repeat(85)}`, auth: k.auth },
      }),
      'keys.p256dh is not a P-256 public key',
    ],
    [
      'an auth secret of the wrong length',
      (e: string, k: { p256dh: string }) => ({ endpoint: e, keys: { p256dh: k.p256dh, auth: 'abc' } }),
      'keys.auth',
    ],
    [
      'an unknown field',
      (e: string, k: object) => ({ endpoint: e, keys: k, userAgent: 'Firefox on Android' }),
      'userAgent',
    ],
  ])('should refuse %s with a 400 that says what to send', async (_case, build, message) => {
    const me = await registerMember(t.api);
    const browser = createBrowserSubscription(fake.endpoint('ok'));
    const res = await subscribe(me, build(browser.endpoint, browser.keys));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
    expect(await list(me)).toEqual([]);
  });

  it('should keep at most 10 subscriptions per member, dropping the least recently used', async () => {
    const me = await registerMember(t.api);
    const ids: string[] = [];
    for (let i = 0; i < 11; i += 1) {
      const browser = createBrowserSubscription(fake.endpoint('ok'));
      const res = await subscribe(me, { endpoint: browser.endpoint, keys: browser.keys });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const kept = (await list(me)).map((s) => s.id);
    expect(kept).toHaveLength(10);
    expect(kept).not.toContain(ids[0]);
    expect(kept).toContain(ids[10]);
  });

  it('should export the subscriptions without their keys and erase them with the account', async () => {
    const me = await registerMember(t.api);
    const browser = createBrowserSubscription(fake.endpoint('ok'));
    const created = await subscribe(me, { endpoint: browser.endpoint, keys: browser.keys });
    const exported = await t.api.get<{ pushSubscriptions: Record<string, unknown>[] }>('/me/export', {
      token: me.accessToken,
    });
    expect(exported.status).toBe(200);
    expect(exported.body.pushSubscriptions).toEqual([
      {
        id: created.body.id,
        endpoint: browser.endpoint,
        createdAt: created.body.createdAt,
        lastSuccessAt: null,
        failureCount: 0,
      },
    ]);
    expect(JSON.stringify(exported.body.pushSubscriptions)).not.toContain(browser.keys.p256dh);

    expect(
      await countRows('SELECT count(*)::int AS n FROM push_subscriptions WHERE user_id = $1', [me.id]),
    ).toBe(1);
    expect((await t.api.delete('/me', { token: me.accessToken })).status).toBe(204);
    expect(
      await countRows('SELECT count(*)::int AS n FROM push_subscriptions WHERE user_id = $1', [me.id]),
    ).toBe(0);
    expect(
      await countRows('SELECT count(*)::int AS n FROM push_subscriptions WHERE endpoint = $1', [
        browser.endpoint,
      ]),
    ).toBe(0);
  });
});

describe('push subscriptions outside tests: only push-service URLs', () => {
  let t: TestApp;

  beforeAll(async () => {
    const vapid = generateVAPIDKeys();
    t = await createTestApp({
      env: {
        NODE_ENV: 'development',
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it.each([
    'http://push.example.org/send/abc',
    'https://127.0.0.1/send/abc',
    'https://[::1]/send/abc',
    'https://localhost/send/abc',
    'https://user:secret@push.example.org/send/abc',
    'https://intranet/send/abc',
  ])('should refuse %s', async (endpoint) => {
    const me = await registerMember(t.api);
    const browser = createBrowserSubscription(endpoint);
    const res = await t.api.post<ErrorBody>(
      '/me/push-subscriptions',
      { endpoint, keys: browser.keys },
      { token: me.accessToken },
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/endpoint must be the https URL of a push service/);
  });

  it('should accept an https push-service endpoint', async () => {
    const me = await registerMember(t.api);
    const endpoint = 'https://updates.push.example.org/wpush/v2/gAAAAABm';
    const browser = createBrowserSubscription(endpoint);
    const res = await t.api.post<Subscription>(
      '/me/push-subscriptions',
      { endpoint, keys: browser.keys },
      { token: me.accessToken },
    );
    expect(res.status).toBe(201);
    expect(res.body.endpointOrigin).toBe('https://updates.push.example.org');
  });
});
