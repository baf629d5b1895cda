import { randomBytes } from 'node:crypto';
import { createTestDatabase, dropTestDatabase } from '../setup/test-database';
import { ApiClient } from '../utils/api-client';
import { ApiProcess, startApiProcess } from '../utils/api-process';
import { connectSocket, nextEvent, TestSocket } from '../utils/socket-client';
import { registerMember } from '../factories/member.factory';

const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('two api processes sharing Redis (REDIS_URL)', () => {
  let databaseUrl: string;
  let a: ApiProcess;
  let b: ApiProcess;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? '',
      JWT_SECRET: randomBytes(32).toString('hex'),
      RUN_WORKER: 'false',
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '4',
    };
    [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    const codes = await Promise.all([a?.stop(), b?.stop()]);
    await dropTestDatabase(databaseUrl);
    // Both processes shut down cleanly on SIGTERM.
    expect(codes).toEqual([0, 0]);
  });

  it('should deliver an emit to user:<id> made by process A to the socket held by process B', async () => {
    expect(a.baseUrl).not.toBe(b.baseUrl);
    const apiA = new ApiClient(a.baseUrl);
    const member = await registerMember(apiA);
    const socketOnB = await connectSocket(b.baseUrl, member.accessToken);
    sockets.push(socketOnB);
    const notice = nextEvent(socketOnB, 'system.notice', 10_000);
    const res = await apiA.post<{ connectedSockets: number }>('/me/notifications/test', undefined, {
      token: member.accessToken,
    });
    expect(res.status).toBe(200);
    // Process A counts the socket that lives on process B.
    expect(res.body.connectedSockets).toBe(1);
    expect((await notice).message).toContain('Test notification');
  });

  it('should not deliver to another member connected to either process', async () => {
    const apiA = new ApiClient(a.baseUrl);
    const sender = await registerMember(apiA);
    const other = await registerMember(apiA);
    const otherOnB = await connectSocket(b.baseUrl, other.accessToken);
    const otherOnA = await connectSocket(a.baseUrl, other.accessToken);
    sockets.push(otherOnB, otherOnA);
    const seen: unknown[] = [];
    otherOnA.on('system.notice', (p) => seen.push(p));
    otherOnB.on('system.notice', (p) => seen.push(p));
    const res = await apiA.post<{ connectedSockets: number }>('/me/notifications/test', undefined, {
      token: sender.accessToken,
    });
    expect(res.body.connectedSockets).toBe(0);
    await otherOnB.timeout(3000).emitWithAck('ping', {});
    await otherOnA.timeout(3000).emitWithAck('ping', {});
    expect(seen).toHaveLength(0);
  });

  it('should share the failed-login budget of an account between the processes', async () => {
    const apiA = new ApiClient(a.baseUrl);
    const apiB = new ApiClient(b.baseUrl);
    const member = await registerMember(apiA);
    for (const api of [apiA, apiB, apiA, apiB]) {
      expect(
        (await api.post('/auth/login', { email: member.email, password: 'wrong-password' })).status,
      ).toBe(401);
    }
    // Four failures spread over two processes lock the account on both.
    expect((await apiA.post('/auth/login', { email: member.email, password: member.password })).status).toBe(
      429,
    );
    expect((await apiB.post('/auth/login', { email: member.email, password: member.password })).status).toBe(
      429,
    );
  });

  it('should report Redis in the health check of each process', async () => {
    for (const p of [a, b]) {
      const health = await new ApiClient(p.baseUrl).get<{ info: Record<string, { status: string }> }>(
        '/health',
      );
      expect(health.status).toBe(200);
      expect(health.body.info.redis.status).toBe('up');
    }
  });
});
