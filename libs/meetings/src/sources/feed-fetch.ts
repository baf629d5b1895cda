import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, OutboundAddressRefused, refuseLiteral } from '@homegroup/operations';

export type FetchOptions = {
  allowPrivateAddresses: boolean;
  maxBytes: number;
  timeoutMs: number;
  etag: string | null;
  lastModified: string | null;
};

/** What a fetch brought: the status and validators, and the body only on a 200. */
export type FetchResult =
  | { kind: 'ok'; status: 200; body: Buffer; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified'; status: 304 }
  | { kind: 'http-error'; status: number }
  | { kind: 'failed'; reason: string };

function header(headers: IncomingHttpHeaders, name: string, max: number): string | null {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.length <= max && !/[\r\n]/.test(text) ? text : null;
}

/**
 * One GET of a feed (ADR 0043): conditional on the last ETag / Last-Modified, through the lookup that refuses
 * private, loopback and link-local addresses at connect time (ADR 0030) unless allowed, no redirects followed,
 * at most `maxBytes` and `timeoutMs` from connect to last byte. Failure reasons never quote the URL or the body.
 */
export function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ kind: 'failed', reason: 'the URL is not valid' });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.resolve({ kind: 'failed', reason: 'only http and https URLs are fetched' });
  if (refuseLiteral(target.hostname, options.allowPrivateAddresses)) {
    return Promise.resolve({ kind: 'failed', reason: 'refused: the address is private, loopback or link-local' });
  }
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Homegroup meeting sources' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: FetchResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'GET', headers, lookup: guardedLookup(options.allowPrivateAddresses) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status === 304) {
        res.resume();
        return finish({ kind: 'not-modified', status: 304 });
      }
      if (status !== 200) {
        res.resume();
        return finish({ kind: 'http-error', status });
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        req.destroy();
        return finish({ kind: 'failed', reason: `the feed is larger than ${options.maxBytes} bytes` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          req.destroy();
          finish({ kind: 'failed', reason: `the feed is larger than ${options.maxBytes} bytes` });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () =>
        finish({
          kind: 'ok',
          status: 200,
          body: Buffer.concat(chunks),
          etag: header(res.headers, 'etag', 300),
          lastModified: header(res.headers, 'last-modified', 100),
        }),
      );
      res.on('error', () => finish({ kind: 'failed', reason: 'the connection broke while reading the feed' }));
    });
    const deadline = setTimeout(() => {
      req.destroy();
      finish({ kind: 'failed', reason: `no complete answer within ${Math.round(options.timeoutMs / 1000)} s` });
    }, options.timeoutMs);
    req.on('error', (error) => {
      if (error instanceof OutboundAddressRefused) finish({ kind: 'failed', reason: 'refused: the host resolves to a private, loopback or link-local address' });
      else finish({ kind: 'failed', reason: connectionReason(error) });
    });
    req.end();
  });
}

/** A connection error in words, by code only (messages can quote the host). */
function connectionReason(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
      return 'the connection was reset';
    default:
      return code && /^[A-Z_]+$/.test(code) ? `the request failed (${code})` : 'the request failed';
  }
}
