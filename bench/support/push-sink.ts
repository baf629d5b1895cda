import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PushSink = {
  /** e.g. http://127.0.0.1:40123/p/ ; a subscription's endpoint is this plus its key. */
  endpointBase: string;
  /** Keys any subscription may use (the payload is encrypted for them; the sink never decrypts). */
  keys: { p256dh: string; auth: string };
  /** Arrival times (Date.now()) of every POST, by endpoint key. */
  received: Map<string, number[]>;
  close: () => Promise<void>;
};

/**
 * A fake Web Push service: answers 201 to every POST on /p/<key> and records when it came. One push
 * subscription per recipient pointing here shows how many times, and when, a recipient was pushed to.
 */
export async function startPushSink(): Promise<PushSink> {
  const received = new Map<string, number[]>();
  const server: Server = createServer((request, response) => {
    const at = Date.now();
    request.resume();
    request.on('end', () => {
      const key = (request.url ?? '').replace(/^\/p\//, '');
      if (request.method === 'POST') {
        const list = received.get(key) ?? [];
        list.push(at);
        received.set(key, list);
      }
      response.writeHead(201).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpointBase: `http://127.0.0.1:${port}/p/`,
    keys: {
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    },
    received,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
