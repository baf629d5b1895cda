import { JwtService } from '@nestjs/jwt';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { registerMember } from '../../factories/member.factory';
import { collectEvents, connectSocket, nextEvent, TestSocket } from '../../utils/socket-client';
import { RealtimeService } from '@homegroup/realtime';
import { JWT_AUDIENCE, JWT_ISSUER } from '@homegroup/identity';

describe('realtime handshake', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(async () => {
    await t.close();
  });

  const open = async (token: string | undefined): Promise<TestSocket> => {
    const socket = await connectSocket(t.baseUrl, token);
    sockets.push(socket);
    return socket;
  };

  it('should connect with a valid token, greet the member and deliver what is emitted to user:<id>', async () => {
    const member = await registerMember(t.api);
    const socket = await connectSocket(t.baseUrl, member.accessToken);
    sockets.push(socket);
    const ready = await nextEvent(socket, 'session.ready').catch(() => undefined);
    // session.ready may arrive before the listener is attached; the room delivery is what matters.
    if (ready) expect(ready.userId).toBe(member.id);
    const notice = nextEvent(socket, 'system.notice');
    t.app.get(RealtimeService).emitToUser(member.id, 'system.notice', { message: 'hello', at: new Date().toISOString() });
    await expect(notice).resolves.toMatchObject({ message: 'hello' });
  });

  it('should deliver the test notification to every socket of the caller and count them', async () => {
    const member = await registerMember(t.api);
    const phone = await open(member.accessToken);
    const laptop = await open(member.accessToken);
    const both = Promise.all([nextEvent(phone, 'system.notice'), nextEvent(laptop, 'system.notice')]);
    const res = await t.api.post<{ connectedSockets: number }>('/me/notifications/test', undefined, {
      token: member.accessToken,
    });
    expect(res.status).toBe(200);
    expect(res.body.connectedSockets).toBe(2);
    const [a, b] = await both;
    expect(a.message).toMatch(/Test notification/);
    expect(b.message).toMatch(/Test notification/);
  });

  it('should never deliver one member’s events to another member’s socket', async () => {
    const alice = await registerMember(t.api);
    const bob = await registerMember(t.api);
    const aliceSocket = await open(alice.accessToken);
    const bobSocket = await open(bob.accessToken);
    const bobSaw = collectEvents(bobSocket, 'system.notice');
    const aliceGets = nextEvent(aliceSocket, 'system.notice');
    await t.api.post('/me/notifications/test', undefined, { token: alice.accessToken });
    await aliceGets;
    // A round trip on Bob's socket proves anything sent to him before it would have arrived.
    await bobSocket.timeout(2000).emitWithAck('ping', {});
    expect(bobSaw).toHaveLength(0);
  });

  it('should refuse a missing token at the handshake', async () => {
    await expect(open(undefined)).rejects.toMatchObject({ message: 'unauthorized' });
  });

  it('should refuse a forged token (signed with another secret)', async () => {
    const member = await registerMember(t.api);
    const forged = await new JwtService({ secret: 'x'.repeat(48) }).signAsync(
      { sub: member.id, typ: 'access' },
      { expiresIn: 600, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
    );
    await expect(open(forged)).rejects.toMatchObject({ message: 'unauthorized' });
  });

  it('should refuse an expired token', async () => {
    const member = await registerMember(t.api);
    const expired = await new JwtService({ secret: t.config.auth.jwtSecret }).signAsync(
      { sub: member.id, typ: 'access', iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 60 },
      { issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
    );
    await expect(open(expired)).rejects.toMatchObject({ message: 'unauthorized' });
    // And the same expired token is refused over HTTP.
    expect((await t.api.get('/me', { token: expired })).status).toBe(401);
  });

  it('should refuse a token signed with the right secret but without exp (or iat), at the handshake and over HTTP', async () => {
    const member = await registerMember(t.api);
    const jwt = new JwtService({ secret: t.config.auth.jwtSecret });
    const noExp = await jwt.signAsync({ sub: member.id, typ: 'access' }, { issuer: JWT_ISSUER, audience: JWT_AUDIENCE });
    const noIat = await jwt.signAsync({ sub: member.id, typ: 'access' }, { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: 600, noTimestamp: true });
    const noIss = await jwt.signAsync({ sub: member.id, typ: 'access' }, { audience: JWT_AUDIENCE, expiresIn: 600 });
    for (const token of [noExp, noIat, noIss]) {
      await expect(open(token)).rejects.toMatchObject({ message: 'unauthorized' });
      // A route that loads the member, and a token-only one (POST /cravings) that does not.
      expect((await t.api.get('/me', { token })).status).toBe(401);
      expect((await t.api.post('/cravings', { intensity: 3 }, { token })).status).toBe(401);
    }
    // The same claims with exp, iat, iss and aud, as the app issues them, are accepted.
    const good = await jwt.signAsync({ sub: member.id, typ: 'access' }, { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: 600 });
    expect((await t.api.get('/me', { token: good })).status).toBe(200);
  });

  it('should ignore a token passed in the query string', async () => {
    const member = await registerMember(t.api);
    const { io } = await import('socket.io-client');
    const socket = io(t.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      query: { token: member.accessToken },
      reconnection: false,
      forceNew: true,
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
    socket.close();
    expect(outcome).toBe('unauthorized');
  });

  it('should disconnect a socket when its access token expires, and only that one', async () => {
    const member = await registerMember(t.api);
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await new JwtService({ secret: t.config.auth.jwtSecret }).signAsync(
      { sub: member.id, typ: 'access', iat: now, exp: now + 2 },
      { issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
    );
    const expiring = await open(shortLived);
    const lasting = await open(member.accessToken);
    const closed = new Promise<{ reason: string; at: number }>((resolve) =>
      expiring.once('disconnect', (reason) => resolve({ reason, at: Date.now() })),
    );
    const { reason, at } = await closed;
    expect(reason).toBe('io server disconnect');
    // Not before the token's expiry, and soon after it.
    expect(at).toBeGreaterThanOrEqual((now + 2) * 1000);
    expect(at).toBeLessThan((now + 2) * 1000 + 1500);
    // The member's other socket (a token valid for minutes) stays connected and answers.
    await expect(lasting.timeout(2000).emitWithAck('ping', {})).resolves.toMatchObject({ ok: true });
    expect(lasting.connected).toBe(true);
  });

  it('should close an erased member’s sockets and refuse them afterwards', async () => {
    const member = await registerMember(t.api);
    const socket = await open(member.accessToken);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    expect((await t.api.delete('/me', { token: member.accessToken })).status).toBe(204);
    await expect(closed).resolves.toBe('io server disconnect');
    await expect(open(member.accessToken)).rejects.toMatchObject({ message: 'unauthorized' });
  });
});
