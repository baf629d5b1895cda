import { Clock } from '@homegroup/operations';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { connectSocket, nextEvent, TestSocket } from '../../utils/socket-client';
import { registerMember, TestMember } from '../../factories/member.factory';
import { linkContacts } from '../../factories/contact.factory';

type ErrorBody = { statusCode: number; message: string };
type Invite = { code: string; expiresAt: string };
type Contact = { id: string; user: { id: string; displayName: string }; acceptsAlerts: boolean; theyAcceptMyAlerts: boolean };

const NOT_VALID = /This invite code does not work/;

describe('phone-list invite codes', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  const invite = async (member: TestMember): Promise<Invite> => {
    const res = await t.api.post<Invite>('/phone-list/invites', undefined, { token: member.accessToken });
    expect(res.status).toBe(201);
    return res.body;
  };
  const accept = (member: TestMember, code: string) =>
    t.api.post<Contact & ErrorBody>(`/phone-list/invites/${encodeURIComponent(code)}/accept`, undefined, {
      token: member.accessToken,
    });
  const listOf = async (member: TestMember) =>
    (await t.api.get<Contact[]>('/phone-list', { token: member.accessToken })).body;

  it('should issue a 10-character code from the unambiguous alphabet that expires in 24 hours', async () => {
    const member = await registerMember(t.api);
    const before = t.app.get(Clock).nowMs();
    const { code, expiresAt } = await invite(member);
    expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/);
    const ttl = new Date(expiresAt).getTime() - before;
    expect(ttl).toBeGreaterThanOrEqual(24 * 3600_000 - 1000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000 + 5000);
    expect((await invite(member)).code).not.toBe(code);
  });

  it('should link both members on accept (case, spaces and dashes ignored), consent off on both sides, and tell both', async () => {
    const inviter = await registerMember(t.api, { displayName: 'Inviter I.' });
    const acceptor = await registerMember(t.api, { displayName: 'Acceptor A.' });
    const inviterSocket = await connectSocket(t.baseUrl, inviter.accessToken);
    sockets.push(inviterSocket);
    const added = nextEvent(inviterSocket, 'contact.added');
    const { code } = await invite(inviter);
    const messy = `${code.slice(0, 4).toLowerCase()}-${code.slice(4, 7)} ${code.slice(7)}`;
    const res = await accept(acceptor, messy);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: { id: inviter.id, displayName: 'Inviter I.' },
      acceptsAlerts: false,
      theyAcceptMyAlerts: false,
    });
    const inviterList = await listOf(inviter);
    expect(inviterList.map((c) => c.user)).toEqual([{ id: acceptor.id, displayName: 'Acceptor A.' }]);
    expect(await added).toEqual({
      contactId: inviterList[0].id,
      user: { id: acceptor.id, displayName: 'Acceptor A.' },
      source: 'invite',
    });
    expect((await listOf(acceptor)).map((c) => c.id)).toEqual([res.body.id]);
  });

  it('should accept a code once only', async () => {
    const inviter = await registerMember(t.api);
    const first = await registerMember(t.api);
    const second = await registerMember(t.api);
    const { code } = await invite(inviter);
    expect((await accept(first, code)).status).toBe(201);
    const again = await accept(second, code);
    expect(again.status).toBe(404);
    expect(again.body.message).toMatch(NOT_VALID);
    expect(await listOf(second)).toEqual([]);
    expect((await listOf(inviter)).map((c) => c.user.id)).toEqual([first.id]);
  });

  it('should refuse an expired code with the same answer as an unknown one', async () => {
    const inviter = await registerMember(t.api);
    const acceptor = await registerMember(t.api);
    const { code } = await invite(inviter);
    const clock = t.app.get(Clock);
    clock.travel(25 * 3600_000);
    try {
      const expired = await accept(acceptor, code);
      const unknown = await accept(acceptor, 'ABCDEFGHJK');
      expect(expired.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(expired.body.message).toBe(unknown.body.message);
    } finally {
      clock.travel(-25 * 3600_000);
    }
    expect(await listOf(acceptor)).toEqual([]);
  });

  it('should still accept a code just before it expires', async () => {
    const inviter = await registerMember(t.api);
    const acceptor = await registerMember(t.api);
    const { code } = await invite(inviter);
    const clock = t.app.get(Clock);
    clock.travel(23 * 3600_000);
    try {
      expect((await accept(acceptor, code)).status).toBe(201);
    } finally {
      clock.travel(-23 * 3600_000);
    }
  });

  it('should refuse the member’s own code (400) without spending it', async () => {
    const inviter = await registerMember(t.api);
    const friend = await registerMember(t.api);
    const { code } = await invite(inviter);
    const own = await accept(inviter, code);
    expect(own.status).toBe(400);
    expect(own.body.message).toMatch(/your own invite code/);
    expect((await accept(friend, code)).status).toBe(201);
  });

  it('should answer 409 when the two are already contacts, and leave the code unused', async () => {
    const a = await registerMember(t.api);
    const b = await registerMember(t.api);
    const c = await registerMember(t.api);
    await linkContacts(t.api, a, b);
    const { code } = await invite(b);
    const res = await accept(a, code);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/already on each other’s phone lists/);
    expect((await accept(c, code)).status).toBe(201);
  });

  it('should refuse a blocked pair with the unknown-code answer, whoever blocked whom', async () => {
    const inviter = await registerMember(t.api);
    const blocked = await registerMember(t.api);
    const blocker = await registerMember(t.api);
    await t.api.post('/blocks', { userId: blocked.id }, { token: inviter.accessToken });
    await t.api.post('/blocks', { userId: inviter.id }, { token: blocker.accessToken });
    const { code } = await invite(inviter);
    const unknown = await accept(blocked, 'ZZZZZZZZZZ');
    for (const member of [blocked, blocker]) {
      const res = await accept(member, code);
      expect(res.status).toBe(404);
      expect(res.body.message).toBe(unknown.body.message);
      expect(await listOf(member)).toEqual([]);
    }
  });

  it('should link once when one code is accepted twice at the same moment', async () => {
    const inviter = await registerMember(t.api);
    const acceptor = await registerMember(t.api);
    const rival = await registerMember(t.api);
    const { code } = await invite(inviter);
    const results = await Promise.all([accept(acceptor, code), accept(acceptor, code), accept(rival, code)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 404 || s === 409)).toBe(true);
    expect(await listOf(inviter)).toHaveLength(1);
  });

  it('should link once when two different codes of the same pair are accepted at the same moment', async () => {
    const inviter = await registerMember(t.api);
    const acceptor = await registerMember(t.api);
    const [one, two] = [await invite(inviter), await invite(inviter)];
    const results = await Promise.all([accept(acceptor, one.code), accept(acceptor, two.code)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await listOf(acceptor)).toHaveLength(1);
  });

  it('should cap a member at 20 unused codes', async () => {
    const member = await registerMember(t.api);
    for (let i = 0; i < 20; i += 1) await invite(member);
    const res = await t.api.post<ErrorBody>('/phone-list/invites', undefined, { token: member.accessToken });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/20 unused invite codes/);
  });
});

describe('phone-list invite brute-force throttling', () => {
  it('should throttle a member after 10 wrong codes with 429 and Retry-After, even for a right code', async () => {
    const t = await createTestApp();
    try {
      const guesser = await registerMember(t.api);
      const inviter = await registerMember(t.api);
      const { body } = await t.api.post<Invite>('/phone-list/invites', undefined, { token: inviter.accessToken });
      for (let i = 0; i < 10; i += 1) {
        const res = await t.api.post(`/phone-list/invites/ZZZZZZZZZ${'ABCDEFGHJK'[i]}/accept`, undefined, {
          token: guesser.accessToken,
        });
        expect(res.status).toBe(404);
      }
      const locked = await t.api.post<ErrorBody>(`/phone-list/invites/${body.code}/accept`, undefined, {
        token: guesser.accessToken,
      });
      expect(locked.status).toBe(429);
      expect(locked.body.message).toMatch(/Too many invite codes tried.*Try again in/);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      // The code was not spent: someone else can still use it.
      const other = await registerMember(t.api);
      expect((await t.api.post(`/phone-list/invites/${body.code}/accept`, undefined, { token: other.accessToken })).status).toBe(201);
    } finally {
      await t.close();
    }
  });

  it('should throttle an address after 30 wrong codes across members', async () => {
    const t = await createTestApp();
    try {
      const guessers = [await registerMember(t.api), await registerMember(t.api), await registerMember(t.api)];
      for (const guesser of guessers) {
        for (let i = 0; i < 10; i += 1) {
          const res = await t.api.post('/phone-list/invites/NKPENKPE22/accept', undefined, { token: guesser.accessToken });
          expect(res.status).toBe(404);
        }
      }
      const fresh = await registerMember(t.api);
      const res = await t.api.post<ErrorBody>('/phone-list/invites/NKPENKPE23/accept', undefined, { token: fresh.accessToken });
      expect(res.status).toBe(429);
      expect(res.body.message).toMatch(/from this network/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('should give a member their budget back after a successful accept', async () => {
    const t = await createTestApp();
    try {
      const member = await registerMember(t.api);
      const typo = () => t.api.post('/phone-list/invites/TYPXTYPX22/accept', undefined, { token: member.accessToken });
      for (let i = 0; i < 9; i += 1) expect((await typo()).status).toBe(404);
      const inviter = await registerMember(t.api);
      const { body } = await t.api.post<Invite>('/phone-list/invites', undefined, { token: inviter.accessToken });
      expect((await t.api.post(`/phone-list/invites/${body.code}/accept`, undefined, { token: member.accessToken })).status).toBe(201);
      for (let i = 0; i < 10; i += 1) expect((await typo()).status).toBe(404);
      expect((await typo()).status).toBe(429);
    } finally {
      await t.close();
    }
  });
});
