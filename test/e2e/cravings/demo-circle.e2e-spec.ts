import { seedDemoCircle } from '@homegroup/cravings';
import { DEMO_PASSWORD, seedDemoMembers } from '@homegroup/identity';
import { openInbox, type AlertInbox } from '../../factories/craving.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { waitUntil } from '../../utils/wait-for';

describe('the demo alert circle (npm start on the embedded database)', () => {
  let t: TestApp;
  const inboxes: AlertInbox[] = [];

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    for (const box of inboxes) box.socket.close();
    await t.close();
  });

  const login = async (name: string) => {
    const res = await t.api.post<{ accessToken: string; user: { id: string } }>('/auth/login', {
      email: `${name}@demo.homegroup.local`,
      password: DEMO_PASSWORD,
    });
    expect(res.status).toBe(200);
    return { id: res.body.user.id, accessToken: res.body.accessToken };
  };

  it('should let the demo Sam page a sponsor and two consenting contacts, built once', async () => {
    await seedDemoMembers(t.app);
    expect(await seedDemoCircle(t.app)).toBe(true);
    expect(await seedDemoCircle(t.app)).toBe(false);

    const [sam, alex, jo, priya] = await Promise.all(['sam', 'alex', 'jo', 'priya'].map(login));
    for (const member of [alex, jo, priya])
      inboxes.push(await openInbox(t.baseUrl, member as Parameters<typeof openInbox>[1]));
    const res = await t.api.post<{
      recipients: { user: { id: string }; role: string; step: number; status: string }[];
    }>('/cravings', { intensity: 6 }, { token: sam.accessToken });
    expect(res.status).toBe(201);
    expect(res.body.recipients.map((r) => [r.user.id, r.role, r.step, r.status])).toEqual([
      [alex.id, 'primary_sponsor', 0, 'notified'],
      [jo.id, 'first_responder', 0, 'notified'],
      [priya.id, 'first_responder', 0, 'notified'],
    ]);
    await waitUntil(() => inboxes.every((box) => box.alerts.length === 1));
  });
});
