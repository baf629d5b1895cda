import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { HelmetOptions } from 'helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { Logger as PinoLogger } from 'pino';
import { AppConfig } from '@homegroup/config';
import { registerRequestLogging, ROOT_LOGGER } from './logging';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api/v1';

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

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // Fastify takes a hop count too; the adapter's typing lists only the other forms.
    trustProxy: config.http.trustProxy as boolean | string[],
    logger: false,
  });
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
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
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
  const apiPrefix = `/${API_PREFIX}/`;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.headers(request.url.startsWith(apiPrefix) ? API_SECURITY_HEADERS : headers);
      done();
    });
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
