import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import helmet, { HelmetOptions } from 'helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { Logger as PinoLogger } from 'pino';
import { AppConfig } from '@homegroup/config';
import { registerRequestLogging, ROOT_LOGGER } from './logging';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api/v1';
/**
 * Routes outside /api/v1: health, BMLT's Semantic API (libs/bmlt, ADR 0041), which BMLT clients look for at
 * `<root>/client_interface/…`, and the log provider's development page /dev/messages (libs/sms, ADR 0044).
 */
export const PREFIX_EXCLUDE: string[] = ['health', 'client_interface/:format', 'dev/messages', 'dev/messages/reply'];
/** Where BMLT clients read public listings (libs/bmlt): cross-origin readable; the route sets its own caching. */
export const BMLT_PATH_PREFIX = '/client_interface/';

/**
 * JSON API responses get the OWASP REST Security Cheat Sheet set: nothing may frame or render them, and
 * nothing may cache them (they carry phone numbers and recovery data). HTML (docs) gets helmet's full set.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

/**
 * The web app's policy (ADR 0024): its own scripts and styles only (no inline code, no eval), data: images, the
 * same-origin API and websocket, its own service worker (/sw.js) and manifest (ADR 0026), never framed, no <base>. Also on /health and /openapi.json; only /docs (Swagger
 * UI, which needs inline code) keeps helmet's looser set.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Where the built web app is (dist/web beside dist/libs), or null when it was not built (e.g. `npm test`). */
export function findWebRoot(): string | null {
  const candidates = [resolve(__dirname, '../../../web'), resolve(process.cwd(), 'dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  const trust = config.http.trustProxy;
  return new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // A hop count (TRUST_PROXY=1 behind one proxy) is the operator's statement that every request comes through
    // that many proxies: trust that many hops, as Express does. Fastify 5.12 stopped honouring a bare number (it
    // trusts nothing), which silently gave every member behind the proxy the proxy's address and one shared
    // rate-limit budget.
    trustProxy: typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust,
    logger: false,
    // BMLT clients ask for `/client_interface/json/?switcher=…`; Nest routes carry no trailing slash.
    rewriteUrl: (request: IncomingMessage) => rewriteBmltUrl(request.url ?? '/'),
  });
}

/** `/client_interface/<format>/…` → `/client_interface/<format>…` (only there: every other URL is untouched). */
export function rewriteBmltUrl(url: string): string {
  return url.startsWith(BMLT_PATH_PREFIX)
    ? url.replace(/^(\/client_interface\/[^/?#]+)\/(?=[?#]|$)/, '$1')
    : url;
}

/** Prefix, security headers, CORS and OpenAPI: everything an HTTP process sets up. */
export function configureHttpApp(app: NestFastifyApplication, config: AppConfig): void {
  registerRequestLogging(app.getHttpAdapter().getInstance(), app.get<PinoLogger>(ROOT_LOGGER));
  // A route may raise its own body limit with @RouteConfig({ bodyLimit }) (e.g. a Meeting Guide feed import).
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const config: { bodyLimit?: unknown } | undefined = route.config;
      const limit = config?.bodyLimit;
      if (typeof limit === 'number') route.bodyLimit = limit;
    });
  app.setGlobalPrefix(API_PREFIX, { exclude: PREFIX_EXCLUDE });
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"],
      },
    },
  });
  const webHeaders = { ...headers, 'Content-Security-Policy': WEB_APP_CSP, 'X-Frame-Options': 'DENY' };
  // BMLT clients are other sites' widgets (fetch or a JSONP <script>): readable from any origin. Errors are not
  // cached (no-store stays); a 200 says `public, max-age=60` itself.
  const bmltHeaders = {
    ...API_SECURITY_HEADERS,
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
  const apiPrefix = `/${API_PREFIX}/`;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const url = request.url;
      void reply.headers(
        url.startsWith(apiPrefix)
          ? API_SECURITY_HEADERS
          : url.startsWith(BMLT_PATH_PREFIX)
            ? bmltHeaders
            : url.startsWith('/docs')
              ? headers
              : webHeaders,
      );
      done();
    });
  serveWebApp(app);
  const origins = config.http.corsOrigins;
  // Without configured origins the API is same-origin only: no CORS handler at all (browsers then refuse
  // cross-origin reads by default), instead of one that runs on every request to say no.
  if (origins.length > 0) {
    app.enableCors({
      origin: origins.includes('*') ? true : origins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      maxAge: 600,
    });
  }
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}

/**
 * The built web app at `/` (index.html, hashed assets), one route per file found at start (no wildcard route, so
 * /api, /docs, /openapi.json, /health and /socket.io are untouched and unknown paths keep the API's 404).
 * The app uses hash routes. Not built (`npm test` without `npm run build`): nothing is served.
 */
function serveWebApp(app: NestFastifyApplication): void {
  const root = findWebRoot();
  if (!root) return;
  app.useStaticAssets({
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // The build writes .br and .gz beside each text file (apps/web/vite.config.mts): sent by Accept-Encoding,
    // never served as files of their own.
    preCompressed: true,
    // @fastify/static 10 option Nest's FastifyStaticOptions does not list yet.
    ...{ globIgnore: ['**/*.br', '**/*.gz'] },
    setHeaders: (res: unknown, path: string) => {
      // Hashed file names never change; index.html always asks (a new build is picked up at once).
      // @fastify/static 10 passes the Fastify reply (Nest's typing still says the raw response).
      const value = path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      const reply = res as {
        header?: (name: string, value: string) => unknown;
        setHeader?: (name: string, value: string) => unknown;
      };
      if (reply.header) reply.header('Cache-Control', value);
      else reply.setHeader?.('Cache-Control', value);
    },
  });
}

/**
 * helmet's headers, computed once. Our helmet configuration is static (no per-request nonces), so
 * running the middleware on every request (as @fastify/helmet does) only repeated the same work: it
 * cost about a quarter of an authenticated request's CPU.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => {
      headers[name] = value;
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
    getHeader: () => undefined,
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error('helmet configuration is not valid');
  return headers;
}
