import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Socket } from 'node:net';
import { createTestDatabase, dropTestDatabase } from '../setup/test-database';
import { ApiClient } from '../utils/api-client';
import { ApiProcess, startApiProcess } from '../utils/api-process';
import { connectSocket, nextEvent, TestSocket } from '../utils/socket-client';
import { registerMember } from '../factories/member.factory';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const describeWithRedis = process.env.REDIS_URL && hasRedisServer ? describe : describe.skip;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });

/**
 * A private redis-server (no persistence) under two api processes, restarted while they run: the processes stay
 * up, and an emit from one still reaches a socket held by the other once Redis is back (the Socket.IO adapter's
 * stream reader and pub/sub, and the rate limiter's client, reconnect). The machine's Redis is not touched.
 */
describeWithRedis('two api processes across a restart of their Redis', () => {
  let databaseUrl: string;
  let port: number;
  let redis: ChildProcess | undefined;
  let a: ApiProcess;
  let b: ApiProcess;
  const sockets: TestSocket[] = [];

  const startRedis = async (): Promise<void> => {
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 100 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const stopRedis = async (): Promise<void> => {
    const running = redis;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
    await exited;
  };

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    databaseUrl = await createTestDatabase();
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      RUN_WORKER: 'false',
    };
    [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    const codes = await Promise.all([a?.stop(), b?.stop()]);
    await stopRedis();
    await dropTestDatabase(databaseUrl);
    expect(codes).toEqual([0, 0]);
  });

  it('should keep both processes up and deliver an emit from A to a socket on B after Redis restarted', async () => {
    const apiA = new ApiClient(a.baseUrl);
    const member = await registerMember(apiA);
    const socketOnB = await connectSocket(b.baseUrl, member.accessToken);
    sockets.push(socketOnB);
    const crossing = async (timeoutMs: number): Promise<boolean> => {
      const notice = nextEvent(socketOnB, 'system.notice', timeoutMs).then(
        () => true,
        () => false,
      );
      const res = await apiA.post<{ connectedSockets: number }>('/me/notifications/test', undefined, {
        token: member.accessToken,
      });
      // connectedSockets: A asked B through Redis pub/sub; the notice itself crosses on the Redis stream.
      return res.status === 200 && res.body.connectedSockets === 1 && (await notice);
    };
    expect(await crossing(10_000)).toBe(true);

    await stopRedis();
    await new Promise((r) => setTimeout(r, 1000));
    await startRedis();

    // The clients reconnect with a backoff: within 15 s an emit crosses again, and neither process exited.
    let crossed = false;
    for (const until = Date.now() + 15_000; !crossed && Date.now() < until;) crossed = await crossing(1000);
    expect(crossed).toBe(true);
    expect([a.child.exitCode, b.child.exitCode]).toEqual([null, null]);
    expect((await new ApiClient(b.baseUrl).get('/health')).status).toBe(200);
  }, 60_000);
});
