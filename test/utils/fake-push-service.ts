import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  randomUUID,
  verify,
} from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a fake endpoint answers: 201 (accepted), 410/404 (unsubscribed), 500 (failure), or never. */
export type PushBehaviour = 'ok' | 'gone' | 'not-found' | 'fail' | 'hang';

const STATUS: Record<Exclude<PushBehaviour, 'hang'>, number> = {
  ok: 201,
  gone: 410,
  'not-found': 404,
  fail: 500,
};

export type RecordedPush = {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
};

export type FakePushService = {
  origin: string;
  requests: RecordedPush[];
  /** A fresh endpoint URL on this service that answers as `behaviour` says. */
  endpoint: (behaviour: PushBehaviour) => string;
  /** Makes `endpoint` answer as `behaviour` from now on. */
  setBehaviour: (endpoint: string, behaviour: PushBehaviour) => void;
  requestsTo: (endpoint: string) => RecordedPush[];
  close: () => Promise<void>;
};

/**
 * A local stand-in for a browser vendor's push service (RFC 8030): a node:http server on 127.0.0.1 that
 * records every request and answers by the endpoint's behaviour (`/push/<behaviour>/<id>`).
 */
export async function startFakePushService(): Promise<FakePushService> {
  const requests: RecordedPush[] = [];
  const overrides = new Map<string, PushBehaviour>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined)
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      requests.push({ method: req.method ?? '', path, headers, body: Buffer.concat(chunks) });
      const behaviour = overrides.get(path) ?? (path.split('/')[2] as PushBehaviour | undefined) ?? 'ok';
      if (behaviour === 'hang') return; // never answers: the sender must give up by itself
      res.statusCode = STATUS[behaviour] ?? 201;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pathOf = (endpoint: string): string => new URL(endpoint).pathname;
  return {
    origin,
    requests,
    endpoint: (behaviour) => `${origin}/push/${behaviour}/${randomUUID()}`,
    setBehaviour: (endpoint, behaviour) => overrides.set(pathOf(endpoint), behaviour),
    requestsTo: (endpoint) => requests.filter((r) => r.path === pathOf(endpoint)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser's side of a push subscription: its keys, and the decryption only it can do. */
export type BrowserSubscription = {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** Decrypts an `aes128gcm` push body (RFC 8188 + RFC 8291) with this browser's private key. */
  decrypt: (body: Buffer) => string;
};

/** Real subscription keys, as a browser makes them: a P-256 key pair and a 16-byte auth secret. */
export function createBrowserSubscription(endpoint: string): BrowserSubscription {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const publicKey = ecdh.getPublicKey();
  const authSecret = randomBytes(16);
  return {
    endpoint,
    keys: { p256dh: publicKey.toString('base64url'), auth: authSecret.toString('base64url') },
    decrypt: (body) => decryptAes128gcm(body, ecdh.getPrivateKey(), publicKey, authSecret),
  };
}

function decryptAes128gcm(body: Buffer, privateKey: Buffer, publicKey: Buffer, authSecret: Buffer): string {
  // Header: salt (16) | record size (4) | key id length (1) | key id = the sender's ephemeral public key.
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateKey);
  const shared = ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), publicKey, senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('not a final aes128gcm record');
  return padded.subarray(0, end).toString('utf8');
}

export type VapidClaims = { aud: string; exp: number; sub: string };

/**
 * Checks an `Authorization: vapid t=<JWT>, k=<public key>` header (RFC 8292): the JWT is ES256-signed by
 * the key in `k`. Returns the key and the claims.
 */
export function verifyVapidAuthorization(header: string): { publicKey: string; claims: VapidClaims } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new Error(`not a VAPID authorization header: ${header}`);
  const [, jwt, publicKey] = match;
  const [headerPart, claimsPart, signature] = jwt.split('.');
  const point = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${headerPart}.${claimsPart}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) throw new Error('the VAPID JWT signature does not verify with k');
  const jwtHeader = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as { alg: string };
  if (jwtHeader.alg !== 'ES256') throw new Error(`VAPID JWT alg is ${jwtHeader.alg}`);
  return {
    publicKey,
    claims: JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8')) as VapidClaims,
  };
}
