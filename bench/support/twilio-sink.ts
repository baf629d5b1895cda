/**
 * A minimal stand-in for Twilio's REST API for benchmarks (the tests' full fake, test/utils/fake-twilio.ts, is not
 * part of the build): takes `POST /2010-04-01/Accounts/{sid}/Messages.json` and `Calls.json` on 127.0.0.1, answers
 * 201 `{ sid, status: 'queued' }` as Twilio does, and records each text's To and its arrival time (epoch ms,
 * `performance.timeOrigin + performance.now()`: comparable with another process's on the same machine). No auth
 * check, no callbacks towards the app.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export const SINK_TWILIO_ACCOUNT = { sid: `AC${'0123456789abcdef'.repeat(2)}`, authToken: 'bench-twilio-auth-token', from: '+14155550100' };

export type SunkText = { to: string; atEpochMs: number };

export type TwilioSink = {
  origin: string;
  texts: SunkText[];
  calls: number;
  /** The app's environment for a Twilio provider pointed at this sink (PUBLIC_URL: where callbacks would go). */
  env: (publicUrl: string) => Record<string, string>;
  close: () => Promise<void>;
};

export async function startTwilioSink(): Promise<TwilioSink> {
  const texts: SunkText[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    const atEpochMs = performance.timeOrigin + performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const match = /\/(Messages|Calls)\.json$/.exec(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || !match || !params.get('To')) {
        res.statusCode = 404;
        res.end(JSON.stringify({ code: 20404, message: 'Not found', status: 404 }));
        return;
      }
      if (match[1] === 'Messages') texts.push({ to: params.get('To') ?? '', atEpochMs });
      else calls += 1;
      res.statusCode = 201;
      res.end(JSON.stringify({ sid: `${match[1] === 'Messages' ? 'SM' : 'CA'}${randomBytes(16).toString('hex')}`, status: 'queued' }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    texts,
    get calls() {
      return calls;
    },
    env: (publicUrl) => ({
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: SINK_TWILIO_ACCOUNT.sid,
      TWILIO_AUTH_TOKEN: SINK_TWILIO_ACCOUNT.authToken,
      TWILIO_FROM_NUMBER: SINK_TWILIO_ACCOUNT.from,
      TWILIO_API_BASE_URL: origin,
      PUBLIC_URL: publicUrl,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
