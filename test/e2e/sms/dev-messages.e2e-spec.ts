import { generateVAPIDKeys } from 'web-push';
import { generateKeySpecs } from '@homegroup/crypto';
import { SmsOptOutRegistry, SmsService, START_REPLY, STOP_REPLY } from '@homegroup/sms';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { rawRequest } from '../../utils/raw-http';

describe('the log provider and its development page /dev/messages (ADR 0044)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true });
  });

  afterAll(async () => {
    await t.close();
  });

  it('should keep texts in memory, log them masked and without the body, and list them on the page', async () => {
    const sms = t.app.get(SmsService);
    const result = await sms.sendText({ to: '+14155554567', body: 'Alex needs a call <now>', purpose: 'alert', memberId: null });
    expect(result).toMatchObject({ sent: true, status: 'sent' });
    await sms.placeCall({ to: '+14155554568', purpose: 'alert', memberId: null, ref: { kind: 'x', id: 'y' } });

    const page = await rawRequest(t.baseUrl, { method: 'GET', path: '/dev/messages' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toContain('<script');
    expect(page.text).toContain('+1 ••• ••• 4567');
    expect(page.text).toContain('Alex needs a call &lt;now&gt;');
    expect(page.text).toContain('(a voice call)');
    expect(page.text).not.toContain('4155554567');

    const logs = t.logs();
    expect(logs).toContain('text to +1 ••• ••• 4567 kept for /dev/messages');
    expect(logs).not.toContain('4155554567');
    expect(logs).not.toContain('Alex needs a call');
  });

  it('should let a developer reply as a number through the same inbound path (STOP, START)', async () => {
    const sms = t.app.get(SmsService);
    const optOuts: boolean[] = [];
    const unregister = t.app.get(SmsOptOutRegistry).register((event) => {
      optOuts.push(event.optedOut);
      return Promise.resolve();
    });
    try {
      const result = await sms.sendText({ to: '+14155554570', body: 'Reply YES to agree', purpose: 'consent', memberId: null });
      if (!result.sent) throw new Error('not sent');
      const reply = (body: string) =>
        rawRequest(t.baseUrl, {
          method: 'POST',
          path: '/dev/messages/reply',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ sid: result.sid, body }).toString(),
        });
      const stop = await reply('Stop');
      expect(stop.status).toBe(303);
      expect(stop.headers.location).toBe('/dev/messages');
      expect(await sms.isOptedOut('+14155554570')).toBe(true);
      const page = await rawRequest(t.baseUrl, { method: 'GET', path: '/dev/messages' });
      expect(page.text).toContain('from +1 ••• ••• 4570');
      expect(page.text).toContain(STOP_REPLY);
      await reply('START');
      expect(await sms.isOptedOut('+14155554570')).toBe(false);
      expect((await rawRequest(t.baseUrl, { method: 'GET', path: '/dev/messages' })).text).toContain(START_REPLY);
      expect(optOuts).toEqual([true, false]);
    } finally {
      unregister();
    }
  });

  it('should refuse every Twilio webhook when Twilio is not configured', async () => {
    const res = await rawRequest(t.baseUrl, {
      method: 'POST',
      path: '/api/v1/webhooks/twilio/sms',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'abc' },
      body: 'From=%2B14155554570&Body=STOP',
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'twilio_signature_invalid' });
  });
});

describe('the development page in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    const vapid = generateVAPIDKeys();
    const keys = generateKeySpecs();
    t = await createTestApp({
      env: {
        NODE_ENV: 'production',
        SMS_PROVIDER: 'log',
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        FIELD_ENCRYPTION_KEYS: keys.encryptionKeys,
        FIELD_HASH_KEY: keys.hashKey,
      },
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('should not exist', async () => {
    expect((await rawRequest(t.baseUrl, { method: 'GET', path: '/dev/messages' })).status).toBe(404);
    const reply = await rawRequest(t.baseUrl, {
      method: 'POST',
      path: '/dev/messages/reply',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'sid=SM1&body=STOP',
    });
    expect(reply.status).toBe(404);
  });
});
