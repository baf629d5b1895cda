import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers on a path: a status, a body (JSON-encoded unless a string), validators. */
export type FeedAnswer = { status?: number; body?: unknown; etag?: string; lastModified?: string; delayMs?: number };

/**
 * A feed publisher on 127.0.0.1 (node:http): answers each path as set, honours If-None-Match / If-Modified-Since
 * with a 304 when they match the current validators, and records every request's headers.
 */
export class FakeFeedServer {
  readonly requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  private readonly answers = new Map<string, FeedAnswer>();
  private server?: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      this.requests.push({ path, headers: req.headers });
      const answer = this.answers.get(path) ?? { status: 404, body: { error: 'no such feed' } };
      const send = (): void => {
        const validators: Record<string, string> = {};
        if (answer.etag) validators.etag = answer.etag;
        if (answer.lastModified) validators['last-modified'] = answer.lastModified;
        const etagMatches = answer.etag !== undefined && req.headers['if-none-match'] === answer.etag;
        const dateMatches = answer.lastModified !== undefined && req.headers['if-modified-since'] === answer.lastModified;
        if ((answer.status ?? 200) === 200 && (etagMatches || (req.headers['if-none-match'] === undefined && dateMatches))) {
          res.writeHead(304, validators).end();
          return;
        }
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...validators }).end(body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  set(path: string, answer: FeedAnswer): void {
    this.answers.set(path, answer);
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  requestsTo(path: string): { path: string; headers: IncomingHttpHeaders }[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
