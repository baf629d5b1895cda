import type { ServerEventPayload } from '@homegroup/contracts';
import { buildCircle, consentingContact, openInbox, raiseCraving, type AlertInbox } from '../../factories/craving.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { connectSocket, TestSocket } from '../../utils/socket-client';
import { waitUntil } from '../../utils/wait-for';

describe('craving escalation on real pg-boss timers (RUN_WORKER)', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { RUN_WORKER: 'true' } });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it('should fire the written jobs on time: the next contact, then "nobody has answered" to the owner', async () => {
    const c = await buildCircle(t.api);
    const third = (await consentingContact(t.api, c.owner, 'Third')).contact;
    const policy = await t.api.put(
      '/me/escalation-policy',
      { nextContactsAfterSeconds: 1, everyoneAfterSeconds: 2, nobodyAnsweredAfterSeconds: 3 },
      { token: c.owner.accessToken },
    );
    expect(policy.status).toBe(200);
    const escalated: ServerEventPayload<'craving.escalated'>[] = [];
    const ownerSocket = await connectSocket(t.baseUrl, c.owner.accessToken, (s) => s.on('craving.escalated', (p) => escalated.push(p)));
    sockets.push(ownerSocket);
    const boxes: AlertInbox[] = await Promise.all([c.first, c.second, third].map((m) => openInbox(t.baseUrl, m)));
    sockets.push(...boxes.map((b) => b.socket));

    const craving = (await raiseCraving(t.api, c.owner)).body;
    const stepOne = craving.recipients.find((r) => r.step === 1);
    expect(stepOne).toBeDefined();
    const later = boxes[[c.first.id, c.second.id, third.id].indexOf(stepOne?.user.id ?? '')];

    await waitUntil(() => later.alerts.length === 1, 15_000);
    expect(later.alerts[0]).toMatchObject({ cravingId: craving.id, step: 1 });
    await waitUntil(() => escalated.some((e) => e.step === 3), 15_000);
    expect(escalated.map((e) => e.step)).toEqual([1, 2, 3]);
    expect(escalated[2].message).toMatch(/Nobody has answered yet/);
  }, 40_000);
});
