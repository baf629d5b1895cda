import { request as httpRequest } from 'node:http';

export type RawRequest = {
  method: string;
  /** The request target exactly as sent (already percent-encoded; may hold bytes `fetch` would refuse). */
  path: string;
  headers?: Record<string, string>;
  /** Bytes as they go on the wire: a string is sent as UTF-8, a Buffer as is (invalid UTF-8, surrogate bytes). */
  body?: string | Buffer;
};

export type RawResponse = {
  /** 0 when the server closed the connection or did not answer within the timeout (never fine). */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Why there was no answer (socket error code, "timeout"). */
  failure?: string;
};

/**
 * One HTTP/1.1 request over node:http, without fetch's checks: invalid JSON, lone surrogates in JSON text,
 * invalid UTF-8, any Content-Type or none, odd request targets. Never throws: a dropped connection is `status: 0`.
 */
export function rawRequest(baseUrl: string, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string> = { ...req.headers };
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve) => {
    let settled = false;
    const done = (response: RawResponse): void => {
      if (settled) return;
      settled = true;
      resolve(response);
    };
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error: NodeJS.ErrnoException) =>
          done({ status: 0, headers: {}, text: '', failure: error.code ?? error.name }),
        );
      },
    );
    outgoing.setTimeout(timeoutMs, () => {
      outgoing.destroy();
      done({ status: 0, headers: {}, text: '', failure: 'timeout' });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      done({ status: 0, headers: {}, text: '', failure: error.code ?? error.name }),
    );
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

/**
 * Percent-encodes text for a URL; a lone surrogate (which `encodeURIComponent` refuses) becomes the bytes a
 * careless client would send for it (CESU-8: `%ED%A0%80` for U+D800).
 */
export function encodeLoose(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}
