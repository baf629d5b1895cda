import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { QUEUES } from '@homegroup/contracts';
import { registerSponsee, registerSponsor, requestSponsorship } from '../factories/sponsorship.factory';
import { createTestDatabase, dropTestDatabase } from '../setup/test-database';
import { ApiClient } from '../utils/api-client';
import { ApiProcess, startApiProcess, startWorkerProcess } from '../utils/api-process';
import { connectSocket, nextEvent, TestSocket } from '../utils/socket-client';

const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('a worker running on its own reaches sockets held by an api process (REDIS_URL)', () => {
  let databaseUrl: string;
  let api: ApiProcess;
  let worker: ApiProcess;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? '',
      JWT_SECRET: randomBytes(32).toString('hex'),
    };
    // The api runs no jobs; only the separate worker does.
    api = await startApiProcess({ ...env, RUN_WORKER: 'false' });
    worker = await startWorkerProcess(env);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    const codes = await Promise.all([api?.stop(), worker?.stop()]);
    await dropTestDatabase(databaseUrl);
    expect(codes).toEqual([0, 0]);
  });

  it('should deliver the expiry the worker decided to both members’ sockets on the api process', async () => {
    const http = new ApiClient(api.baseUrl);
    const sponsee = await registerSponsee(http);
    const sponsor = await registerSponsor(http);
    const request = await requestSponsorship(http, sponsee, sponsor);
    const sponseeSocket = await connectSocket(api.baseUrl, sponsee.accessToken);
    const sponsorSocket = await connectSocket(api.baseUrl, sponsor.accessToken);
    sockets.push(sponseeSocket, sponsorSocket);

    // The request is 31 days old; the maintenance job (run by the worker process) expires it.
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query(
      `UPDATE sponsorships SET requested_at = now() - interval '31 days', expires_at = now() - interval '1 day' WHERE id = $1`,
      [request.id],
    );
    await db.end();
    const toSponsee = nextEvent(sponseeSocket, 'sponsorship.updated', 15_000);
    const toSponsor = nextEvent(sponsorSocket, 'sponsorship.updated', 15_000);
    const boss = new PgBoss({
      connectionString: databaseUrl,
      schema: 'pgboss',
      supervise: false,
      schedule: false,
      migrate: false,
    });
    await boss.start();
    await boss.send(QUEUES.sponsorshipMaintenance, {});
    await boss.stop({ graceful: false, wait: true });

    await expect(toSponsee).resolves.toMatchObject({ sponsorshipId: request.id, status: 'expired' });
    await expect(toSponsor).resolves.toMatchObject({ sponsorshipId: request.id, status: 'expired' });
    const seen = await http.get<{ status: string }>(`/sponsorships/${request.id}`, {
      token: sponsee.accessToken,
    });
    expect(seen.body.status).toBe('expired');
  });
});
