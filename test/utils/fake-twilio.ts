import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

/** A test account: `AC…` SID and auth token (pass them to the app as TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN). */
export const FAKE_TWILIO_ACCOUNT = {
  sid: `AC${'0123456789abcdef'.repeat(2)}`,
  authToken: 'fake-twilio-auth-token-0123456789',
  from: '+14155550100',
};

/** The app's environment for a Twilio pointed at `fake` (the test app adds PUBLIC_URL with publicUrlIsBaseUrl). */
export function fakeTwilioEnv(fake: FakeTwilio): Record<string, string> {
  return {
    SMS_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT.sid,
    TWILIO_AUTH_TOKEN: FAKE_TWILIO_ACCOUNT.authToken,
    TWILIO_FROM_NUMBER: FAKE_TWILIO_ACCOUNT.from,
    TWILIO_API_BASE_URL: fake.origin,
  };
}

export type RecordedTwilioRequest = {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The form parameters (a repeated name keeps its last value; see `all`). */
  params: Record<string, string>;
  all: [string, string][];
  status: number;
};

export type FakeMessage = { sid: string; to: string; from: string; body: string; statusCallback: string | null };
export type FakeCall = { sid: string; to: string; from: string; url: string; statusCallback: string | null };
export type TwilioAnswer = { status: number; text: string; headers: Headers };
export type TwilioFailure = { status: number; code: number; message: string };

export type FakeTwilio = {
  origin: string;
  requests: RecordedTwilioRequest[];
  messages: FakeMessage[];
  calls: FakeCall[];
  /** Sends to `to` answer this error from now on (e.g. 400 `{ code: 21211 }`, or 21610 for a number that said STOP). */
  failNumber: (to: string, failure?: TwilioFailure) => void;
  /** Every request hangs (never answers) from now on: the app must give up by itself. */
  hang: (on: boolean) => void;
  /** Where the app's webhooks are (its PUBLIC_URL); set once the app listens. */
  useApp: (publicUrl: string) => void;
  /** Twilio posting a message's or call's status to its StatusCallback, signed. */
  deliverStatus: (sid: string, status: string, errorCode?: number) => Promise<TwilioAnswer>;
  /** Twilio posting an inbound text from `from` to the app's /sms webhook, signed; answers the TwiML. */
  inbound: (from: string, body: string) => Promise<TwilioAnswer>;
  /** Twilio fetching a call's Url once it is answered (signed POST). */
  answerCall: (callSid: string) => Promise<TwilioAnswer>;
  /** Twilio posting the key(s) pressed to the Gather's action (read from the last TwiML of that call). */
  pressKey: (callSid: string, digits: string) => Promise<TwilioAnswer>;
  /** A signed POST of `params` to `url` exactly as Twilio sends it (`signature` replaces the right one). */
  post: (url: string, params: Record<string, string>, options?: { signature?: string | null }) => Promise<TwilioAnswer>;
  close: () => Promise<void>;
};

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * A local stand-in for Twilio (node:http on 127.0.0.1, real HTTP both ways), modelled on fake-push-service.ts:
 * takes `POST /2010-04-01/Accounts/{sid}/Messages.json` and `Calls.json` for FAKE_TWILIO_ACCOUNT with Basic auth
 * checked (401 otherwise, 404 for another account), answers 201 `{ sid: SM…/CA…, status: 'queued' }` like Twilio,
 * or the error a number was told to fail with; records every request. Towards the app it acts as Twilio does:
 * signed status callbacks, inbound texts, call fetches and key presses.
 */
export async function startFakeTwilio(): Promise<FakeTwilio> {
  const requests: RecordedTwilioRequest[] = [];
  const messages: FakeMessage[] = [];
  const calls: FakeCall[] = [];
  const failures = new Map<string, TwilioFailure>();
  const lastTwiml = new Map<string, string>();
  let hanging = false;
  let appUrl = '';
  const expectedAuth = `Basic ${Buffer.from(`${FAKE_TWILIO_ACCOUNT.sid}:${FAKE_TWILIO_ACCOUNT.authToken}`).toString('base64')}`;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const all = [...new URLSearchParams(Buffer.concat(chunks).toString('utf8'))];
      const params = Object.fromEntries(all);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const record: RecordedTwilioRequest = { method: req.method ?? '', path: req.url ?? '/', headers, params, all, status: 0 };
      requests.push(record);
      if (hanging) return;
      const answer = (status: number, body: unknown): void => {
        record.status = status;
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(record.path);
      if (req.method !== 'POST' || !match) return answer(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      if (headers.authorization !== expectedAuth) return answer(401, { code: 20003, message: 'Authenticate', status: 401 });
      if (match[1] !== FAKE_TWILIO_ACCOUNT.sid) return answer(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      const failure = failures.get(params.To ?? '');
      if (failure) return answer(failure.status, { code: failure.code, message: failure.message, status: failure.status });
      if (match[2] === 'Messages') {
        if (!params.To || !params.From || !params.Body) return answer(400, { code: 21604, message: 'A To, From and Body are required', status: 400 });
        const message: FakeMessage = { sid: sid('SM'), to: params.To, from: params.From, body: params.Body, statusCallback: params.StatusCallback ?? null };
        messages.push(message);
        return answer(201, { sid: message.sid, status: 'queued', to: message.to, from: message.from, body: message.body });
      }
      if (!params.To || !params.From || !params.Url) return answer(400, { code: 21205, message: 'Url parameter is required', status: 400 });
      const call: FakeCall = { sid: sid('CA'), to: params.To, from: params.From, url: params.Url, statusCallback: params.StatusCallback ?? null };
      calls.push(call);
      return answer(201, { sid: call.sid, status: 'queued', to: call.to, from: call.from });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const post = async (url: string, params: Record<string, string>, options: { signature?: string | null } = {}): Promise<TwilioAnswer> => {
    const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(FAKE_TWILIO_ACCOUNT.authToken, url, params) : options.signature;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TwilioProxy/1.1' };
    if (signature !== null) headers['x-twilio-signature'] = signature;
    const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };

  const callOf = (callSid: string): FakeCall => {
    const call = calls.find((c) => c.sid === callSid);
    if (!call) throw new Error(`the fake placed no call ${callSid}`);
    return call;
  };
  const callParams = (call: FakeCall, extra: Record<string, string> = {}): Record<string, string> => ({
    AccountSid: FAKE_TWILIO_ACCOUNT.sid,
    CallSid: call.sid,
    From: call.from,
    To: call.to,
    CallStatus: 'in-progress',
    Direction: 'outbound-api',
    ...extra,
  });

  return {
    origin,
    requests,
    messages,
    calls,
    failNumber: (to, failure = { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` }) => failures.set(to, failure),
    hang: (on) => {
      hanging = on;
    },
    useApp: (publicUrl) => {
      appUrl = publicUrl.replace(/\/+$/, '');
    },
    deliverStatus: (itemSid, status, errorCode) => {
      const message = messages.find((m) => m.sid === itemSid);
      const call = calls.find((c) => c.sid === itemSid);
      const target = message?.statusCallback ?? call?.statusCallback;
      if (!target) throw new Error(`no status callback for ${itemSid}`);
      const params: Record<string, string> = message
        ? { AccountSid: FAKE_TWILIO_ACCOUNT.sid, MessageSid: itemSid, SmsSid: itemSid, MessageStatus: status, To: message.to, From: message.from }
        : callParams(call as FakeCall, { CallStatus: status });
      if (errorCode !== undefined) params.ErrorCode = String(errorCode);
      return post(target, params);
    },
    inbound: (from, body) =>
      post(`${appUrl}/api/v1/webhooks/twilio/sms`, {
        AccountSid: FAKE_TWILIO_ACCOUNT.sid,
        MessageSid: sid('SM'),
        SmsSid: sid('SM'),
        From: from,
        To: FAKE_TWILIO_ACCOUNT.from,
        Body: body,
        NumMedia: '0',
      }),
    answerCall: async (callSid) => {
      const call = callOf(callSid);
      const answer = await post(call.url, callParams(call));
      lastTwiml.set(callSid, answer.text);
      return answer;
    },
    pressKey: async (callSid, digits) => {
      const call = callOf(callSid);
      const action = /<Gather[^>]*\saction="([^"]+)"/.exec(lastTwiml.get(callSid) ?? '')?.[1]?.replace(/&amp;/g, '&');
      if (!action) throw new Error(`call ${callSid}'s last TwiML has no Gather action`);
      const answer = await post(action, callParams(call, { Digits: digits, FinishedOnKey: '' }));
      lastTwiml.set(callSid, answer.text);
      return answer;
    },
    post,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
