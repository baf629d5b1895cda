import { createTestApp, TestApp } from '../../utils/create-test-app';

describe('logs never carry personal data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true });
  });

  afterAll(async () => {
    await t.close();
  });

  it('should log requests at trace level without the phone number, password, email, coping list or any token', async () => {
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
    const coping = 'Ring Dana at the bakery on Elm';
    expect((await t.api.patch('/me', { copingList: [coping] }, { token: reg.body.accessToken })).status).toBe(200);
    // A refused list too (an item over the limit): the 400 path logs no more than the 200 one.
    const refused = await t.api.patch('/me', { copingList: [coping, `${coping} ${'x'.repeat(200)}`] }, { token: reg.body.accessToken });
    expect(refused.status).toBe(400);

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
      'Ring Dana',
      reg.body.accessToken,
      reg.body.accessToken.split('.')[2],
      reg.body.refreshToken,
      reg.body.refreshToken.split('.')[1],
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
