import { randomBytes } from 'node:crypto';
import type { ServerEventPayload } from '@homegroup/contracts';
import { buildCircle, consentingContact, openInbox, raiseCraving } from '../factories/craving.factory';
import { createTestDatabase, dropTestDatabase } from '../setup/test-database';
import { ApiClient } from '../utils/api-client';
import { ApiProcess, startApiProcess, startWorkerProcess } from '../utils/api-process';
import { connectSocket, TestSocket } from '../utils/socket-client';
import { waitUntil } from '../utils/wait-for';

const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('craving alerts across two api processes and a separate worker (REDIS_URL)', () => {
  let databaseUrl: string;
  let a: ApiProcess;
  let b: ApiProcess;
  let worker: ApiProcess;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? '',
      JWT_SECRET: randomBytes(32).toString('hex'),
      RUN_WORKER: 'false',
    };
    [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    worker = await startWorkerProcess(env);
  }, 90_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    const codes = await Promise.all([a?.stop(), b?.stop(), worker?.stop()]);
    await dropTestDatabase(databaseUrl);
    expect(codes).toEqual([0, 0, 0]);
  });

  it('should page the sponsor on B from A, and let the worker’s escalation reach both processes', async () => {
    const apiA = new ApiClient(a.baseUrl);
    const c = await buildCircle(apiA);
    const third = (await consentingContact(apiA, c.owner, 'Third')).contact;
    await apiA.put(
      '/me/escalation-policy',
      { nextContactsAfterSeconds: 1, everyoneAfterSeconds: 2, nobodyAnsweredAfterSeconds: 3 },
      { token: c.owner.accessToken },
    );
    const escalated: ServerEventPayload<'craving.escalated'>[] = [];
    const ownerOnA = await connectSocket(a.baseUrl, c.owner.accessToken, (s) => s.on('craving.escalated', (p) => escalated.push(p)));
    const sponsorOnB = await openInbox(b.baseUrl, c.sponsor);
    const contactsOnB = await Promise.all([c.first, c.second, third].map((m) => openInbox(b.baseUrl, m)));
    sockets.push(ownerOnA, sponsorOnB.socket, ...contactsOnB.map((x) => x.socket));

    const craving = (await raiseCraving(apiA, c.owner)).body;
    await waitUntil(() => sponsorOnB.alerts.length === 1);
    expect(sponsorOnB.alerts[0]).toMatchObject({ cravingId: craving.id, step: 0 });
    const stepOneId = craving.recipients.find((r) => r.step === 1)?.user.id;
    const stepOne = contactsOnB[[c.first.id, c.second.id, third.id].indexOf(stepOneId ?? '')];
    await waitUntil(() => stepOne.alerts.length === 1, 20_000);
    expect(stepOne.alerts[0]).toMatchObject({ cravingId: craving.id, step: 1 });
    await waitUntil(() => escalated.some((e) => e.step === 3), 20_000);
    expect(escalated.find((e) => e.step === 3)?.message).toMatch(/Nobody has answered yet/);
  }, 60_000);
});
