import { createTestApp, TestApp } from '../../utils/create-test-app';
import { registerMember } from '../../factories/member.factory';

type ErrorBody = { statusCode: number; message: string; retryAfterSeconds?: number };

describe('login and register rate limits (the documented defaults)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The defaults from libs/config, not the raised limits other test files use.
    t = await createTestApp({
      env: {
        RATE_LIMIT_REGISTER_PER_IP: '30',
        RATE_LIMIT_LOGIN_PER_IP: '100',
        RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '5',
        RATE_LIMIT_WINDOW_SECONDS: '600',
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('should let a treatment centre sign up 20 residents from one address, and stop a flood after 30', async () => {
    for (let i = 0; i < 20; i += 1) {
      await registerMember(t.api, { displayName: `Resident ${i}` });
    }
    // 10 more fit in the window (30 in all) …
    for (let i = 0; i < 10; i += 1) {
      await registerMember(t.api, { displayName: `Resident ${20 + i}` });
    }
    // … and the 31st is refused with a time to come back.
    const res = await t.api.post<ErrorBody>('/auth/register', {
      email: 'one-too-many@example.org',
      password: 'long-enough-pw',
      displayName: 'Too Many',
    });
    expect(res.status).toBe(429);
    expect(res.body.message).toMatch(/Too many sign-ups.*Try again in \d+ minutes/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('should stop an address after 5 failed logins on an account, and let the owner in from their own network', async () => {
    // Behind one proxy (TRUST_PROXY=1) the address is the one X-Forwarded-For names.
    const fresh = await createTestApp({
      env: { RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '5', TRUST_PROXY: '1' },
    });
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    try {
      const victim = await registerMember(fresh.api);
      const bystander = await registerMember(fresh.api);
      const attacker = '203.0.113.9';
      for (let i = 0; i < 5; i += 1) {
        const res = await fresh.api.post(
          '/auth/login',
          { email: victim.email, password: `guess-number-${i}` },
          from(attacker),
        );
        expect(res.status).toBe(401);
      }
      // The guessing address waits, even with the right password …
      const locked = await fresh.api.post<ErrorBody>(
        '/auth/login',
        { email: victim.email, password: victim.password },
        from(attacker),
      );
      expect(locked.status).toBe(429);
      expect(locked.body.message).toMatch(/Too many failed logins for this account from this network/);
      // … the owner, from their own network, is not locked out …
      const owner = await fresh.api.post(
        '/auth/login',
        { email: victim.email, password: victim.password },
        from('198.51.100.7'),
      );
      expect(owner.status).toBe(200);
      // … and other accounts are untouched, even from the guessing address.
      const other = await fresh.api.post(
        '/auth/login',
        { email: bystander.email, password: bystander.password },
        from(attacker),
      );
      expect(other.status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('should cap failed logins per account from all addresses together (guessing spread over networks)', async () => {
    const fresh = await createTestApp({
      env: {
        RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '5',
        RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES: '6',
        TRUST_PROXY: '1',
      },
    });
    try {
      const victim = await registerMember(fresh.api);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const ip = `203.0.113.${10 + i}`;
        const res = await fresh.api.post<ErrorBody>(
          '/auth/login',
          { email: victim.email, password: `guess-${i}-xx` },
          { headers: { 'x-forwarded-for': ip } },
        );
        statuses.push(res.status);
        if (res.status === 429)
          expect(res.body.message).toMatch(/^Too many failed logins for this account\. Try again/);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    } finally {
      await fresh.close();
    }
  });

  it('should answer the same way for unknown emails, so the lock says nothing about who is registered', async () => {
    const fresh = await createTestApp({ env: { RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        statuses.push(
          (await fresh.api.post('/auth/login', { email: 'ghost@example.org', password: `guess-${i}-xx` }))
            .status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await fresh.close();
    }
  });

  it('should reset the failure count after a successful login', async () => {
    const fresh = await createTestApp({ env: { RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '3' } });
    try {
      const member = await registerMember(fresh.api);
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < 2; i += 1) {
          expect(
            (await fresh.api.post('/auth/login', { email: member.email, password: 'wrong-password' })).status,
          ).toBe(401);
        }
        expect(
          (await fresh.api.post('/auth/login', { email: member.email, password: member.password })).status,
        ).toBe(200);
      }
    } finally {
      await fresh.close();
    }
  });

  it('should cap login attempts per address', async () => {
    const fresh = await createTestApp({ env: { RATE_LIMIT_LOGIN_PER_IP: '4' } });
    try {
      const member = await registerMember(fresh.api);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        statuses.push(
          (await fresh.api.post('/auth/login', { email: member.email, password: member.password })).status,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await fresh.close();
    }
  });
});
