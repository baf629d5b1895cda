import { createTestApp, TestApp } from '../../utils/create-test-app';
import { registerMember } from '../../factories/member.factory';

type Tokens = { accessToken: string; refreshToken: string; user: { id: string; displayName: string; email: string } };
type ErrorBody = { statusCode: number; error: string; message: string; fields?: { field: string; messages: string[] }[] };

describe('identity over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('register', () => {
    it('should create an account and return a token pair and the member’s own profile', async () => {
      const res = await t.api.post<Tokens>('/auth/register', {
        email: 'Casey@Example.org',
        password: 'long-enough-pw',
        displayName: 'Casey L.',
        timezone: 'America/Chicago',
      });
      expect(res.status).toBe(201);
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      expect(res.body.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]+$/);
      expect(res.body.user).toMatchObject({ displayName: 'Casey L.', email: 'casey@example.org', timezone: 'America/Chicago' });
      expect(res.body.user).not.toHaveProperty('passwordHash');
    });

    it('should refuse a duplicate email with 409, whatever its case', async () => {
      const member = await registerMember(t.api);
      const res = await t.api.post<ErrorBody>('/auth/register', {
        email: member.email.toUpperCase(),
        password: 'another-password',
        displayName: 'Someone Else',
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      expect(res.body.message).toMatch(/already exists/);
    });

    it.each([
      ['a malformed email', { email: 'not-an-email', password: 'long-enough-pw', displayName: 'A' }, 'email'],
      ['a short password', { email: 'short@example.org', password: 'short', displayName: 'A' }, 'password'],
      ['an unknown field', { email: 'x@example.org', password: 'long-enough-pw', displayName: 'A', isAdmin: true }, 'isAdmin'],
      ['a wrong type', { email: 'y@example.org', password: 'long-enough-pw', displayName: 42 }, 'displayName'],
      ['an oversized field', { email: 'z@example.org', password: 'long-enough-pw', displayName: 'x'.repeat(5000) }, 'displayName'],
      ['a bad time zone', { email: 'w@example.org', password: 'long-enough-pw', displayName: 'A', timezone: 'Mars/Base' }, 'timezone'],
      ['a missing field', { email: 'v@example.org', password: 'long-enough-pw' }, 'displayName'],
    ])('should answer 400 naming the field for %s', async (_case, body, field) => {
      const res = await t.api.post<ErrorBody>('/auth/register', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('Bad Request');
      expect(res.body.message).toContain(field);
      expect(res.body.fields?.map((f) => f.field)).toContain(field);
    });

    it('should answer 413 with a readable message for a body over the size limit', async () => {
      const res = await t.api.post<ErrorBody>('/auth/register', {
        email: 'big@example.org',
        password: 'long-enough-pw',
        displayName: 'Big',
        padding: 'x'.repeat(t.config.http.bodyLimitBytes + 10),
      });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(res.body.message).toMatch(/too large/i);
    });

    it('should answer 400 for a body that is not JSON', async () => {
      const res = await t.api.request<ErrorBody>('POST', '/auth/register', undefined, { rawBody: '{"email": ' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/not valid JSON/);
    });
  });

  describe('login', () => {
    it('should log in with the right password, case-insensitively on the email', async () => {
      const member = await registerMember(t.api);
      const res = await t.api.post<Tokens>('/auth/login', { email: member.email.toUpperCase(), password: member.password });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(member.id);
    });

    it('should answer 401 with the same message for a wrong password and for an unknown email', async () => {
      const member = await registerMember(t.api);
      const wrong = await t.api.post<ErrorBody>('/auth/login', { email: member.email, password: 'not-the-password' });
      const unknown = await t.api.post<ErrorBody>('/auth/login', { email: 'nobody@example.org', password: 'whatever-pw' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.message).toBe(unknown.body.message);
    });

    it('should answer 400 naming the field for a malformed login body', async () => {
      const res = await t.api.post<ErrorBody>('/auth/login', { email: 'nope', password: 'x', extra: 1 });
      expect(res.status).toBe(400);
      expect(res.body.fields?.map((f) => f.field).sort()).toEqual(['email', 'extra']);
    });
  });

  describe('refresh and logout', () => {
    it('should rotate: the new pair works and the old refresh token stops working', async () => {
      const member = await registerMember(t.api);
      const first = await t.api.post<Tokens>('/auth/refresh', { refreshToken: member.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(member.refreshToken);
      const me = await t.api.get('/me', { token: first.body.accessToken });
      expect(me.status).toBe(200);
      const second = await t.api.post<Tokens>('/auth/refresh', { refreshToken: first.body.refreshToken });
      expect(second.status).toBe(200);
    });

    it('should answer 401 on reuse of a spent refresh token and revoke the whole family', async () => {
      const member = await registerMember(t.api);
      const rotated = await t.api.post<Tokens>('/auth/refresh', { refreshToken: member.refreshToken });
      expect(rotated.status).toBe(200);
      const reuse = await t.api.post<ErrorBody>('/auth/refresh', { refreshToken: member.refreshToken });
      expect(reuse.status).toBe(401);
      // The legitimate newest token of the family is revoked too: whoever holds it must log in again.
      const newest = await t.api.post<ErrorBody>('/auth/refresh', { refreshToken: rotated.body.refreshToken });
      expect(newest.status).toBe(401);
      // Another login (another family) is unaffected.
      const other = await t.api.post<Tokens>('/auth/login', { email: member.email, password: member.password });
      expect((await t.api.post('/auth/refresh', { refreshToken: other.body.refreshToken })).status).toBe(200);
    });

    it('should let only one of two concurrent refreshes with the same token win', async () => {
      const member = await registerMember(t.api);
      const results = await Promise.all([
        t.api.post('/auth/refresh', { refreshToken: member.refreshToken }),
        t.api.post('/auth/refresh', { refreshToken: member.refreshToken }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('should answer 401 for a forged or malformed refresh token', async () => {
      const member = await registerMember(t.api);
      const [id] = member.refreshToken.split('.');
      const forged = await t.api.post('/auth/refresh', { refreshToken: `${id}.${'A'.repeat(43)}` });
      expect(forged.status).toBe(401);
      const malformed = await t.api.post('/auth/refresh', { refreshToken: 'definitely-not-a-token' });
      expect(malformed.status).toBe(401);
    });

    it('should end the login on logout (204) so its refresh token stops working', async () => {
      const member = await registerMember(t.api);
      const out = await t.api.post('/auth/logout', { refreshToken: member.refreshToken });
      expect(out.status).toBe(204);
      const after = await t.api.post('/auth/refresh', { refreshToken: member.refreshToken });
      expect(after.status).toBe(401);
    });
  });

  describe('me', () => {
    it('should answer 401 without a token and with a garbage token', async () => {
      expect((await t.api.get('/me')).status).toBe(401);
      expect((await t.api.get('/me', { token: 'abc.def.ghi' })).status).toBe(401);
    });

    it('should return and update the member’s own profile', async () => {
      const member = await registerMember(t.api);
      const patch = await t.api.patch<Tokens['user'] & { phone: string; cleanDate: string; fellowships: string[] }>(
        '/me',
        { displayName: 'Renamed R.', phone: '+14155550123', cleanDate: '2024-03-01', fellowships: ['na', 'SMART'], timezone: 'Pacific/Auckland' },
        { token: member.accessToken },
      );
      expect(patch.status).toBe(200);
      expect(patch.body).toMatchObject({
        displayName: 'Renamed R.',
        phone: '+14155550123',
        cleanDate: '2024-03-01',
        fellowships: ['NA', 'SMART'],
        timezone: 'Pacific/Auckland',
      });
      const me = await t.api.get('/me', { token: member.accessToken });
      expect(me.body).toMatchObject({ id: member.id, displayName: 'Renamed R.', phone: '+14155550123' });
      const cleared = await t.api.patch('/me', { phone: null }, { token: member.accessToken });
      expect(cleared.body).toMatchObject({ phone: null });
    });

    it.each([
      [{ phone: '555-0123' }, 'phone'],
      [{ phone: '+1999' }, 'phone'],
      [{ cleanDate: '2999-01-01' }, 'cleanDate'],
      [{ cleanDate: '2024-02-30' }, 'cleanDate'],
      [{ timezone: 'GMT+5' }, 'timezone'],
      [{ displayName: '' }, 'displayName'],
      [{ email: 'new@example.org' }, 'email'],
    ])('should refuse %j with 400 naming the field and change nothing', async (body, field) => {
      const member = await registerMember(t.api);
      const res = await t.api.patch<ErrorBody>('/me', body, { token: member.accessToken });
      expect(res.status).toBe(400);
      expect(res.body.fields?.map((f) => f.field)).toContain(field);
      const me = await t.api.get<{ displayName: string; phone: string | null }>('/me', { token: member.accessToken });
      expect(me.body).toMatchObject({ displayName: member.displayName, phone: null });
    });
  });

  describe('export and erasure', () => {
    it('should export everything stored about the member and nothing of anyone else', async () => {
      const member = await registerMember(t.api);
      const other = await registerMember(t.api);
      const patched = await t.api.patch('/me', { phone: '+447911123456' }, { token: member.accessToken });
      expect(patched.status).toBe(200);
      const res = await t.api.get<{
        userId: string;
        account: Record<string, unknown>;
        sessions: { familyId: string }[];
      }>('/me/export', { token: member.accessToken });
      expect(res.status).toBe(200);
      expect(res.body.userId).toBe(member.id);
      expect(res.body.account).toMatchObject({ id: member.id, email: member.email, phone: '+447911123456' });
      expect(res.body.account).not.toHaveProperty('passwordHash');
      expect(res.body.sessions.length).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(res.body)).not.toContain(other.id);
      expect(JSON.stringify(res.body)).not.toContain(member.refreshToken.split('.')[1]);
    });

    it('should erase the account: its access and refresh tokens stop working and the email is free again', async () => {
      const member = await registerMember(t.api);
      const del = await t.api.delete('/me', { token: member.accessToken });
      expect(del.status).toBe(204);
      expect((await t.api.get('/me', { token: member.accessToken })).status).toBe(401);
      expect((await t.api.post('/auth/refresh', { refreshToken: member.refreshToken })).status).toBe(401);
      expect((await t.api.post('/auth/login', { email: member.email, password: member.password })).status).toBe(401);
      const again = await t.api.post('/auth/register', {
        email: member.email,
        password: member.password,
        displayName: 'New Start',
      });
      expect(again.status).toBe(201);
    });
  });
});
