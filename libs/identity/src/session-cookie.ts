import { ForbiddenException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The cookie session (ADR 0024): a browser app keeps its access token in memory and lets the server keep the
 * refresh token in an httpOnly cookie it cannot read, scoped to the auth routes. Other clients keep the JSON mode
 * (the refresh token in the body). A request asks for the cookie mode with the header below; the cookie is read
 * only when that header is present, which is the CSRF defence beside SameSite=Strict: a page on another site can
 * neither send a custom header without a CORS preflight (refused) nor get the cookie sent at all.
 */
export const SESSION_MODE_HEADER = 'x-homegroup-session';
export const SESSION_MODE_COOKIE = 'cookie';
export const REFRESH_COOKIE = 'hg_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

export const CSRF_REFUSED =
  'This request came from another site, so the session cookie was not used; sign in from the Homegroup app itself';

/** Whether the client asked for the cookie mode; refuses a cross-origin request that did (CSRF, second layer). */
export function cookieMode(request: FastifyRequest): boolean {
  if (request.headers[SESSION_MODE_HEADER] !== SESSION_MODE_COOKIE) return false;
  const origin = request.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, request)) throw new ForbiddenException(CSRF_REFUSED);
  return true;
}

function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** The refresh token from the session cookie, if the request carries one. */
export function refreshCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === REFRESH_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

function attributes(request: FastifyRequest, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `Path=${REFRESH_COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

export function setRefreshCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: string,
): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
  void reply.header('set-cookie', `${REFRESH_COOKIE}=${token}; ${attributes(request, maxAge)}`);
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', `${REFRESH_COOKIE}=; ${attributes(request, 0)}`);
}
