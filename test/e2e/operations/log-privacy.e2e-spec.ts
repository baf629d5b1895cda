import { createTestApp, TestApp } from '../../utils/create-test-app';

describe('logs never carry personal data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true });
  });

  afterAll(async () => {
    await t.close();
  });

  it('should log requests at trace level without the phone number, password, email or any token', async () => {
    const password = 'very-secret-password-123';
    const email = 'private.person@example.org';
    const phone = '+14155550123';
    const reg = await t.api.post<{ accessToken: string; refreshToken: string }>('/auth/register', {
      email,
      password,
      displayName: 'Private P.',
    });
    expect(reg.status).toBe(201);
    const patch = await t.api.patch('/me', { phone, cleanDate: '2023-01-15' }, { token: reg.body.accessToken });
    expect(patch.status).toBe(200);
    await t.api.post('/auth/login', { email, password: 'a-wrong-password' });
    await t.api.post('/auth/refresh', { refreshToken: reg.body.refreshToken });
    await t.api.patch('/me', { phone: 'not-a-phone-555' }, { token: reg.body.accessToken });

    const logs = t.logs();
    // The capture really holds the request log lines (the test would pass vacuously otherwise).
    expect(logs).toContain('/api/v1/auth/register');
    expect(logs).toContain('/api/v1/me');
    for (const secret of [
      phone,
      '4155550123',
      password,
      email,
      'not-a-phone-555',
      '2023-01-15',
      reg.body.accessToken,
      reg.body.accessToken.split('.')[2],
      reg.body.refreshToken,
      reg.body.refreshToken.split('.')[1],
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
