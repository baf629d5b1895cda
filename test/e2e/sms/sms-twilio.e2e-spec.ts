import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import twilio from 'twilio';
import { mapError } from '@homegroup/operations';
import {
  HELP_REPLY,
  OPT_OUT_WORDS,
  SmsCountryNotAllowedError,
  SmsInboundRegistry,
  SmsInvalidNumberError,
  SmsMemberLimitError,
  SmsOptedOutError,
  SmsOptOutRegistry,
  SmsRecipientLimitError,
  SmsService,
  SmsStatusRegistry,
  SmsVoiceRegistry,
  START_REPLY,
  STOP_REPLY,
  type SmsOptOutEvent,
  type SmsStatusEvent,
} from '@homegroup/sms';
import { registerMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { FAKE_TWILIO_ACCOUNT, FakeTwilio, fakeTwilioEnv, startFakeTwilio } from '../../utils/fake-twilio';
import { rawRequest } from '../../utils/raw-http';

let counter = 0;
/** A fresh valid US number per call (555 exchange). */
const usNumber = (): string => `+1415555${String(2000 + (counter++ % 7000)).padStart(4, '0')}`;

describe('texts and calls through Twilio (libs/sms, ADR 0044)', () => {
  let t: TestApp;
  let fake: FakeTwilio;
  let db: DataSource;
  let sms: SmsService;

  beforeAll(async () => {
    fake = await startFakeTwilio();
    t = await createTestApp({
      publicUrlIsBaseUrl: true,
      captureLogs: true,
      env: { ...fakeTwilioEnv(fake), SMS_MAX_PER_MEMBER_PER_DAY: '5', SMS_MAX_PER_RECIPIENT_PER_DAY: '3' },
    });
    fake.useApp(t.baseUrl);
    db = t.app.get(DataSource);
    sms = t.app.get(SmsService);
  });

  afterAll(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  const row = async (id: string): Promise<Record<string, unknown>> => {
    const [found] = await db.query<Record<string, unknown>[]>(`SELECT * FROM sms_messages WHERE id = $1`, [id]);
    return found;
  };

  it('should send a text through Twilio and record it with the number encrypted and no body', async () => {
    const member = await registerMember(t.api);
    const to = usNumber();
    const ref = { kind: 'test-ref', id: randomUUID() };
    const result = await sms.sendText({ to, body: 'Sam put you on their phone list. Reply YES to agree.', purpose: 'consent', memberId: member.id, ref });
    expect(result).toMatchObject({ sent: true, status: 'queued' });
    if (!result.sent) throw new Error('not sent');

    const request = fake.requests.at(-1);
    expect(request?.path).toBe(`/2010-04-01/Accounts/${FAKE_TWILIO_ACCOUNT.sid}/Messages.json`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.params).toEqual({
      To: to,
      From: FAKE_TWILIO_ACCOUNT.from,
      Body: 'Sam put you on their phone list. Reply YES to agree.',
      StatusCallback: `${t.baseUrl}/api/v1/webhooks/twilio/status`,
    });

    const stored = await row(result.messageId);
    expect(stored).toMatchObject({
      provider_sid: result.sid,
      kind: 'sms',
      purpose: 'consent',
      member_id: member.id,
      ref_kind: 'test-ref',
      ref_id: ref.id,
      status: 'queued',
      error_code: null,
    });
    expect(stored.to_hash).toBe(sms.phoneHash(to));
    expect(String(stored.to)).toMatch(/^v1:/);
    const dump = JSON.stringify(await db.query(`SELECT * FROM sms_messages`));
    expect(dump).not.toContain(to.slice(1));
    expect(dump).not.toContain('Reply YES');
    expect(t.logs()).not.toContain(to.slice(2));
    expect(t.logs()).not.toContain('Reply YES');
  });

  it('should move the row forward on status callbacks, never back, and tell the registered listeners', async () => {
    const events: SmsStatusEvent[] = [];
    const unregister = t.app.get(SmsStatusRegistry).register((event) => {
      events.push(event);
      return Promise.resolve();
    });
    try {
      const ref = { kind: 'test-ref', id: randomUUID() };
      const result = await sms.sendText({ to: usNumber(), body: 'Checking in', purpose: 'checkin', memberId: null, ref });
      if (!result.sent) throw new Error('not sent');

      expect((await fake.deliverStatus(result.sid, 'sending')).status).toBe(200);
      expect((await row(result.messageId)).status).toBe('sending');
      const delivered = await fake.deliverStatus(result.sid, 'delivered');
      expect(delivered.status).toBe(200);
      expect(delivered.headers.get('content-type')).toMatch(/^text\/xml/);
      expect((await row(result.messageId)).status).toBe('delivered');
      // A late `sent` (Twilio does not promise order) does not undo `delivered`, and tells nobody.
      expect((await fake.deliverStatus(result.sid, 'sent')).status).toBe(200);
      expect((await row(result.messageId)).status).toBe('delivered');

      expect(events).toEqual([
        { messageId: result.messageId, kind: 'sms', ref, status: 'sending', errorCode: null },
        { messageId: result.messageId, kind: 'sms', ref, status: 'delivered', errorCode: null },
      ]);

      const failing = await sms.sendText({ to: usNumber(), body: 'Alert', purpose: 'alert', memberId: null, ref });
      if (!failing.sent) throw new Error('not sent');
      await fake.deliverStatus(failing.sid, 'undelivered', 30003);
      expect(await row(failing.messageId)).toMatchObject({ status: 'undelivered', error_code: 30003 });
      expect(events.at(-1)).toEqual({ messageId: failing.messageId, kind: 'sms', ref, status: 'undelivered', errorCode: 30003 });
    } finally {
      unregister();
    }
  });

  it('should record a text Twilio refuses as failed and report it to the caller, never throwing', async () => {
    const to = usNumber();
    fake.failNumber(to, { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` });
    const result = await sms.sendText({ to, body: 'Hello', purpose: 'alert', memberId: null });
    expect(result).toMatchObject({ sent: false, reason: 'refused', errorCode: 21211 });
    expect(await row(result.messageId)).toMatchObject({ status: 'failed', error_code: 21211, provider_sid: null });
    expect(t.logs()).not.toContain(to.slice(2));
  });

  it('should place a call whose Url dispatches to the voice handler of its ref kind, with the key pressed', async () => {
    const seen: { digits: string | null; refId: string }[] = [];
    const unregister = t.app.get(SmsVoiceRegistry).register('test-call', (request) => {
      seen.push({ digits: request.digits, refId: request.ref.id });
      const response = new twilio.twiml.VoiceResponse();
      if (request.digits === null) {
        response.gather({ numDigits: 1, action: request.actionUrl, method: 'POST' }).say('Someone needs you. Press 1 to answer.');
      } else {
        response.say(request.digits === '1' ? 'Thank you.' : 'Goodbye.');
      }
      return Promise.resolve(response.toString());
    });
    try {
      const ref = { kind: 'test-call', id: randomUUID() };
      const result = await sms.placeCall({ to: usNumber(), purpose: 'alert', memberId: null, ref });
      if (!result.sent) throw new Error('not placed');
      const request = fake.requests.at(-1);
      expect(request?.path).toBe(`/2010-04-01/Accounts/${FAKE_TWILIO_ACCOUNT.sid}/Calls.json`);
      expect(request?.params.Url).toBe(`${t.baseUrl}/api/v1/webhooks/twilio/voice?ref=${result.messageId}`);
      expect(request?.all.filter(([k]) => k === 'StatusCallbackEvent').map(([, v]) => v)).toEqual(['initiated', 'ringing', 'answered', 'completed']);
      expect((await row(result.messageId)).kind).toBe('call');

      const answered = await fake.answerCall(result.sid);
      expect(answered.status).toBe(200);
      expect(answered.text).toContain('<Gather numDigits="1"');
      expect(answered.text).toContain('Press 1 to answer.');
      const pressed = await fake.pressKey(result.sid, '1');
      expect(pressed.text).toContain('<Say>Thank you.</Say>');
      expect(seen).toEqual([
        { digits: null, refId: ref.id },
        { digits: '1', refId: ref.id },
      ]);

      await fake.deliverStatus(result.sid, 'completed');
      expect((await row(result.messageId)).status).toBe('completed');
    } finally {
      unregister();
    }
  });

  it('should hang up a signed voice request for an unknown call', async () => {
    const res = await fake.post(`${t.baseUrl}/api/v1/webhooks/twilio/voice?ref=${randomUUID()}`, { CallSid: 'CA1', CallStatus: 'in-progress' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Hangup/>');
  });

  describe('webhook signatures and replays', () => {
    it('should refuse unsigned, wrongly signed and replayed webhooks with 403 and change nothing', async () => {
      const to = usNumber();
      const result = await sms.sendText({ to, body: 'Hi', purpose: 'checkin', memberId: null });
      if (!result.sent) throw new Error('not sent');
      const statusUrl = `${t.baseUrl}/api/v1/webhooks/twilio/status`;
      const params = { MessageSid: result.sid, MessageStatus: 'delivered', AccountSid: FAKE_TWILIO_ACCOUNT.sid };

      const unsigned = await fake.post(statusUrl, params, { signature: null });
      expect(unsigned.status).toBe(403);
      expect(JSON.parse(unsigned.text)).toMatchObject({ statusCode: 403, code: 'twilio_signature_invalid' });
      const wrong = await fake.post(statusUrl, params, { signature: twilio.getExpectedTwilioSignature('another-token-0123456789', statusUrl, params) });
      expect(wrong.status).toBe(403);
      // Signed for other parameters (a status changed in flight).
      const tampered = await fake.post(statusUrl, params, {
        signature: twilio.getExpectedTwilioSignature(FAKE_TWILIO_ACCOUNT.authToken, statusUrl, { ...params, MessageStatus: 'sent' }),
      });
      expect(tampered.status).toBe(403);
      expect((await row(result.messageId)).status).toBe('queued');

      const stopUrl = `${t.baseUrl}/api/v1/webhooks/twilio/sms`;
      const stop = { From: to, Body: 'STOP', MessageSid: 'SM' + 'a'.repeat(32) };
      expect((await fake.post(stopUrl, stop, { signature: 'bm90IGEgc2lnbmF0dXJl' })).status).toBe(403);
      expect(await sms.isOptedOut(to)).toBe(false);

      expect((await fake.post(statusUrl, params)).status).toBe(200);
      expect((await row(result.messageId)).status).toBe('delivered');
      const replayed = await fake.post(statusUrl, params);
      expect(replayed.status).toBe(403);

      const logs = t.logs();
      expect(logs).toContain('twilio webhook refused: no signature');
      expect(logs).toContain('twilio webhook refused: wrong signature');
      expect(logs).toContain('twilio webhook refused: replayed');
      expect(logs).not.toContain(to.slice(2));
    });

    it('should take form bodies only on the webhooks (JSON routes still answer 415 to a form)', async () => {
      const res = await rawRequest(t.baseUrl, {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=a%40b.org&password=x',
      });
      expect(res.status).toBe(415);
      const big = await fake.post(`${t.baseUrl}/api/v1/webhooks/twilio/sms`, { From: usNumber(), Body: 'x'.repeat(20_000) });
      expect(big.status).toBe(413);
    });
  });

  describe('inbound texts', () => {
    it.each(OPT_OUT_WORDS.map((w) => [w]))('should opt the number out on %s, confirm, tell the listeners, and refuse later sends before Twilio', async (word) => {
      const events: SmsOptOutEvent[] = [];
      const unregister = t.app.get(SmsOptOutRegistry).register((event) => {
        events.push(event);
        return Promise.resolve();
      });
      try {
        const from = usNumber();
        const answer = await fake.inbound(from, ` ${word.toUpperCase()}! `);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toMatch(/^text\/xml/);
        expect(answer.text).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Message>${STOP_REPLY}</Message></Response>`);
        expect(events).toEqual([{ phoneHash: sms.phoneHash(from), e164: from, optedOut: true, keyword: 'stop' }]);

        const before = fake.requests.length;
        const error = await sms.sendText({ to: from, body: 'Hello', purpose: 'alert', memberId: null }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SmsOptedOutError);
        expect(mapError(error).body).toMatchObject({ statusCode: 409, code: 'sms_opted_out' });
        expect(fake.requests.length).toBe(before);
        const [stored] = await db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM sms_opt_outs WHERE phone_hash = $1`, [sms.phoneHash(from)]);
        expect(stored.count).toBe(1);
      } finally {
        unregister();
      }
    });

    it('should opt back in on START and UNSTOP (not on YES), and send again', async () => {
      const from = usNumber();
      await fake.inbound(from, 'stop');
      const events: SmsOptOutEvent[] = [];
      const unregister = t.app.get(SmsOptOutRegistry).register((event) => {
        events.push(event);
        return Promise.resolve();
      });
      try {
        const yes = await fake.inbound(from, 'YES');
        expect(yes.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
        expect(await sms.isOptedOut(from)).toBe(true);
        const start = await fake.inbound(from, 'Start');
        expect(start.text).toContain(`<Message>${START_REPLY}</Message>`);
        expect(await sms.isOptedOut(from)).toBe(false);
        expect(events).toEqual([{ phoneHash: sms.phoneHash(from), e164: from, optedOut: false, keyword: 'start' }]);
        expect(await sms.sendText({ to: from, body: 'Welcome back', purpose: 'reply', memberId: null })).toMatchObject({ sent: true });

        await fake.inbound(from, 'quit');
        expect(await sms.isOptedOut(from)).toBe(true);
        expect((await fake.inbound(from, 'unstop')).text).toContain(START_REPLY);
        expect(await sms.isOptedOut(from)).toBe(false);
      } finally {
        unregister();
      }
    });

    it('should answer HELP and INFO with what Homegroup is and how to stop', async () => {
      for (const word of ['HELP', 'info.']) {
        const answer = await fake.inbound(usNumber(), word);
        expect(answer.text).toContain(`<Message>${HELP_REPLY}</Message>`);
        expect(HELP_REPLY).toMatch(/STOP/);
      }
    });

    it('should give other texts to the reply handlers, and answer nothing when none takes them', async () => {
      const known = usNumber();
      const seen: unknown[] = [];
      const unregister = t.app.get(SmsInboundRegistry).register((message) => {
        seen.push(message);
        if (message.fromHash !== sms.phoneHash(known)) return Promise.resolve({ handled: false as const });
        return Promise.resolve(
          message.keyword === 'yes' ? { handled: true as const, reply: 'Thank you, you are on the list.' } : { handled: true as const },
        );
      });
      try {
        const yes = await fake.inbound(known, ' Yes. ');
        expect(yes.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thank you, you are on the list.</Message></Response>');
        expect(seen[0]).toEqual({ fromHash: sms.phoneHash(known), fromE164: known, text: 'Yes.', keyword: 'yes' });
        const quiet = await fake.inbound(known, '1');
        expect(quiet.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
        const stranger = await fake.inbound(usNumber(), 'hello who is this');
        expect(stranger.status).toBe(200);
        expect(stranger.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      } finally {
        unregister();
      }
      expect(t.logs()).not.toContain('hello who is this');
    });
  });

  describe('refusals before sending', () => {
    it('should refuse a number that is not valid, or in a country not allowed, with clear 422s', async () => {
      const before = fake.requests.length;
      for (const to of ['4155550123', '+1 415', 'not a number']) {
        const error = await sms.sendText({ to, body: 'Hi', purpose: 'alert', memberId: null }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SmsInvalidNumberError);
        expect(mapError(error).body).toMatchObject({ statusCode: 422, code: 'sms_invalid_number' });
      }
      const france = await sms.sendText({ to: '+33612345678', body: 'Hi', purpose: 'alert', memberId: null }).catch((e: unknown) => e);
      expect(france).toBeInstanceOf(SmsCountryNotAllowedError);
      expect(mapError(france).body).toEqual({
        statusCode: 422,
        error: 'Unprocessable Entity',
        code: 'sms_country_not_allowed',
        message: 'Homegroup does not text or call numbers in FR; it reaches numbers in US, CA, GB, IE, AU, NZ',
      });
      expect(fake.requests.length).toBe(before);
    });

    it('should refuse past the daily limit per recipient (429 with Retry-After until midnight UTC)', async () => {
      const to = usNumber();
      for (let i = 0; i < 3; i += 1) await sms.sendText({ to, body: `Text ${i}`, purpose: 'alert', memberId: null });
      const before = fake.requests.length;
      const error = await sms.sendText({ to, body: 'One too many', purpose: 'alert', memberId: null }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SmsRecipientLimitError);
      const mapped = mapError(error);
      expect(mapped.body).toMatchObject({ statusCode: 429, code: 'sms_recipient_daily_limit' });
      expect(mapped.retryAfterSeconds).toBeGreaterThan(0);
      expect(mapped.retryAfterSeconds).toBeLessThanOrEqual(86_400);
      expect(fake.requests.length).toBe(before);
    });

    it('should refuse past the daily limit per member even when many sends race', async () => {
      const member = await registerMember(t.api);
      const results = await Promise.allSettled(
        Array.from({ length: 9 }, () => sms.sendText({ to: usNumber(), body: 'Race', purpose: 'alert', memberId: member.id })),
      );
      const sent = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(sent).toHaveLength(5);
      expect(refused).toHaveLength(4);
      for (const r of refused) {
        expect(r.reason).toBeInstanceOf(SmsMemberLimitError);
        expect(mapError(r.reason).body).toMatchObject({ statusCode: 429, code: 'sms_member_daily_limit' });
      }
      const [count] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM sms_messages WHERE member_id = $1`, [member.id]);
      expect(count.n).toBe(5);
    });

    it('should delete the messages of an erased member, and keep the opt-outs (they are the number’s)', async () => {
      const member = await registerMember(t.api);
      const to = usNumber();
      const result = await sms.sendText({ to, body: 'Hi', purpose: 'alert', memberId: member.id });
      await fake.inbound(to, 'STOP');
      expect((await t.api.delete('/me', { token: member.accessToken })).status).toBe(204);
      expect(await row(result.messageId)).toBeUndefined();
      expect(await sms.isOptedOut(to)).toBe(true);
    });
  });

  it('should not serve the development page with the twilio provider', async () => {
    const res = await rawRequest(t.baseUrl, { method: 'GET', path: '/dev/messages' });
    expect(res.status).toBe(404);
  });
  // Last: a second app takes over Nest's static logger, so the log assertions above must run before it.
  it('should record a Twilio that cannot be reached as failed (error code 0) and report it as unreachable', async () => {
    const unreachable = await createTestApp({
      env: { ...fakeTwilioEnv(fake), TWILIO_API_BASE_URL: 'http://127.0.0.1:9', PUBLIC_URL: 'http://127.0.0.1:1' },
    });
    try {
      const result = await unreachable.app.get(SmsService).sendText({ to: usNumber(), body: 'Hello', purpose: 'alert', memberId: null });
      expect(result).toMatchObject({ sent: false, reason: 'unreachable', errorCode: null });
      const [stored] = await unreachable.app
        .get(DataSource)
        .query<{ status: string; error_code: number }[]>(`SELECT status, error_code FROM sms_messages WHERE id = $1`, [result.messageId]);
      expect(stored).toEqual({ status: 'failed', error_code: 0 });
    } finally {
      await unreachable.close();
    }
  });

});
