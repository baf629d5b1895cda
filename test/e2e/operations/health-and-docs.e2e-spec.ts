import { createTestApp, TestApp } from '../../utils/create-test-app';

type OpenApi = { paths: Record<string, Record<string, unknown>> };

describe('operations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example.org' } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('should report health with the database up', async () => {
    const res = await t.api.get<{ status: string; info: Record<string, { status: string }> }>('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
  });

  it('should document every route of the app in /openapi.json', async () => {
    const res = await t.api.get<OpenApi>('/openapi.json');
    expect(res.status).toBe(200);
    const documented = new Set(
      Object.entries(res.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const expected = [
      'GET /health',
      'POST /api/v1/auth/register',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/refresh',
      'POST /api/v1/auth/logout',
      'GET /api/v1/me',
      'PATCH /api/v1/me',
      'DELETE /api/v1/me',
      'GET /api/v1/me/export',
      'POST /api/v1/me/notifications/test',
    ];
    for (const route of expected) expect(documented).toContain(route);
  });

  it('should serve the docs UI', async () => {
    const res = await fetch(`${t.baseUrl}/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });

  it('should send security headers', async () => {
    const res = await t.api.get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('should mark API answers as not cacheable and not renderable (they carry personal data)', async () => {
    const member = await t.api.post<{ accessToken: string }>('/auth/register', {
      email: 'headers@example.org',
      password: 'long-enough-pw',
      displayName: 'Header H.',
    });
    const res = await t.api.get('/me', { token: member.body.accessToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('should allow the configured origin and no other', async () => {
    const allowed = await fetch(`${t.baseUrl}/api/v1/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    const denied = await fetch(`${t.baseUrl}/api/v1/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should answer an unknown route with a JSON 404', async () => {
    const res = await t.api.get<{ statusCode: number; error: string }>('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
