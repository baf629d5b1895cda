import { registerMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { connectSocket } from '../../utils/socket-client';

type Tokens = { accessToken: string; refreshToken?: string; user: { id: string } };
type ErrorBody = { message: string; fields?: { field: string }[] };

const COOKIE_MODE = { 'x-homegroup-session': 'cookie' };

/** The hg_refresh cookie a response set: its value and attributes. */
function refreshCookieOf(headers: Headers): { value: string; attributes: string[] } {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('hg_refresh='));
  if (!cookie) throw new Error('no hg_refresh cookie was set');
  const [pair, ...attributes] = cookie.split(';').map((p) => p.trim());
  return { value: pair.slice('hg_refresh='.length), attributes };
}

describe('the cookie session (browser apps) and signing out everywhere', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should keep the refresh token out of the body and in an httpOnly, SameSite=Strict cookie scoped to /auth', async () => {
    const member = await registerMember(t.api);
    const login = await t.api.post<Tokens>('/auth/login', { email: member.email, password: member.password }, { headers: COOKIE_MODE });
    expect(login.status).toBe(200);
    expect(login.body.accessToken).toEqual(expect.any(String));
    expect(login.body).not.toHaveProperty('refreshToken');
    const cookie = refreshCookieOf(login.headers);
    expect(cookie.value).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{32,}$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['Path=/api/v1/auth', 'HttpOnly', 'SameSite=Strict']));
    expect(cookie.attributes.find((a) => a.startsWith('Max-Age='))).toMatch(/^Max-Age=\d{4,}$/);

    // The JSON mode is unchanged for other clients.
    const json = await t.api.post<Tokens>('/auth/login', { email: member.email, password: member.password });
    expect(json.body.refreshToken).toEqual(expect.any(String));
    expect(json.headers.getSetCookie()).toEqual([]);
  });

  it('should rotate the cookie on refresh, and refuse the cookie without the session header (CSRF)', async () => {
    const member = await registerMember(t.api);
    const login = await t.api.post<Tokens>('/auth/login', { email: member.email, password: member.password }, { headers: COOKIE_MODE });
    const first = refreshCookieOf(login.headers).value;

    // A cross-site form can send the cookie (if SameSite failed) but not the custom header: the cookie is not read.
    const forged = await t.api.post<ErrorBody>('/auth/refresh', {}, { headers: { cookie: `hg_refresh=${first}` } });
    expect(forged.status).toBe(400);
    expect(forged.body.fields?.[0].field).toBe('refreshToken');
    // With the header but from another origin: refused before the token is looked at.
    const crossOrigin = await t.api.post<ErrorBody>('/auth/refresh', {}, {
      headers: { ...COOKIE_MODE, cookie: `hg_refresh=${first}`, origin: 'https://evil.example' },
    });
    expect(crossOrigin.status).toBe(403);

    const refreshed = await t.api.post<Tokens>('/auth/refresh', {}, {
      headers: { ...COOKIE_MODE, cookie: `hg_refresh=${first}`, origin: t.baseUrl },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).not.toHaveProperty('refreshToken');
    expect(refreshed.body.user.id).toBe(member.id);
    const second = refreshCookieOf(refreshed.headers).value;
    expect(second).not.toBe(first);
    // The first cookie was spent by the refresh (and neither the forged nor the cross-origin request spent it).
    const reused = await t.api.post('/auth/refresh', {}, { headers: { ...COOKIE_MODE, cookie: `hg_refresh=${first}` } });
    expect(reused.status).toBe(401);
  });

  it('should end the session and clear the cookie on logout', async () => {
    const member = await registerMember(t.api);
    const login = await t.api.post<Tokens>('/auth/login', { email: member.email, password: member.password }, { headers: COOKIE_MODE });
    const token = refreshCookieOf(login.headers).value;
    const out = await t.api.post('/auth/logout', {}, { headers: { ...COOKIE_MODE, cookie: `hg_refresh=${token}` } });
    expect(out.status).toBe(204);
    const cleared = refreshCookieOf(out.headers);
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toContain('Max-Age=0');
    const after = await t.api.post('/auth/refresh', {}, { headers: { ...COOKIE_MODE, cookie: `hg_refresh=${token}` } });
    expect(after.status).toBe(401);
  });

  it('should sign out everywhere: every session’s refresh token stops working and open sockets close', async () => {
    const member = await registerMember(t.api);
    const phone = await t.api.post<Tokens>('/auth/login', { email: member.email, password: member.password }, { headers: COOKIE_MODE });
    const laptop = await t.api.post<Tokens>('/auth/login', { email: member.email, password: member.password });
    const other = await registerMember(t.api);
    const socket = await connectSocket(t.baseUrl, laptop.body.accessToken);
    const closed = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));

    const out = await t.api.delete('/me/sessions', { token: phone.body.accessToken });
    expect(out.status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    const phoneCookie = refreshCookieOf(phone.headers).value;
    expect((await t.api.post('/auth/refresh', {}, { headers: { ...COOKIE_MODE, cookie: `hg_refresh=${phoneCookie}` } })).status).toBe(401);
    expect((await t.api.post('/auth/refresh', { refreshToken: laptop.body.refreshToken })).status).toBe(401);
    expect((await t.api.post('/auth/refresh', { refreshToken: member.refreshToken })).status).toBe(401);
    // Nobody else is signed out.
    expect((await t.api.post('/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(200);
    socket.close();
  });
});
