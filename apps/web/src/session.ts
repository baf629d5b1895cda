import { signal } from '@preact/signals';
import createClient from 'openapi-fetch';
import type { components, paths } from './api/schema';

type Tokens = components['schemas']['AuthTokensResponseDto'];
export type Profile = components['schemas']['ProfileResponseDto'];

/**
 * Sessions (ADRs 0024, 0025): the access token lives in memory only; the refresh token is never seen by this code:
 * the API keeps it in an httpOnly, SameSite=Strict cookie scoped to /api/v1/auth (the cookie session, asked for
 * with the header below on every auth call). A reload resumes by calling /auth/refresh. localStorage holds only a
 * flag saying a session may exist, so a visitor who never signed in makes no refresh call.
 */
const SESSION_FLAG = 'hg.signedIn';
const COOKIE_SESSION = { 'x-homegroup-session': 'cookie' } as const;
/** Refresh this long before the access token expires. */
const EARLY_MS = 30_000;

// A client without the auth middleware (refresh must not recurse into itself).
const authApi = createClient<paths>({ baseUrl: location.origin });

export const user = signal<Profile | null>(null);
/** True until the first restore attempt finished (so screens do not flash "signed out"). */
export const restoring = signal(true);
/** Why this tab's session ended by the member's own choice on the Me screen (the next screen says so). */
export const parting = signal<'signedOutEverywhere' | 'deleted' | null>(null);

let access: { token: string; expiresAt: number } | null = null;
let refreshing: Promise<string | null> | null = null;

function keep(tokens: Tokens): void {
  access = { token: tokens.accessToken, expiresAt: Date.parse(tokens.accessTokenExpiresAt) };
  parting.value = null;
  localStorage.setItem(SESSION_FLAG, '1');
  user.value = tokens.user;
}

function forget(): void {
  access = null;
  localStorage.removeItem(SESSION_FLAG);
  user.value = null;
}

export async function signIn(
  email: string,
  password: string,
): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  const { data, error, response } = await authApi.POST('/api/v1/auth/login', {
    body: { email, password },
    headers: COOKIE_SESSION,
  });
  if (!data) return { ok: false, status: response.status, message: messageOf(error) };
  keep(data);
  return { ok: true };
}

export type Registration = components['schemas']['RegisterDto'];

/** Creates the account (zone and country as the member confirmed them on the form) and signs in. */
export async function register(
  body: Registration,
): Promise<{ ok: true } | { ok: false; status: number; message: string; error: unknown }> {
  const { data, error, response } = await authApi.POST('/api/v1/auth/register', { body, headers: COOKIE_SESSION });
  if (!data) return { ok: false, status: response.status, message: messageOf(error), error };
  keep(data);
  return { ok: true };
}

/**
 * Ends the session in this tab only, after the API already ended it everywhere (DELETE /me/sessions) or erased the
 * account (DELETE /me): there is no refresh token left to log out.
 */
export function endSession(reason: 'signedOutEverywhere' | 'deleted'): void {
  forget();
  parting.value = reason;
}

export async function signOut(): Promise<void> {
  forget();
  await authApi.POST('/api/v1/auth/logout', { body: {}, headers: COOKIE_SESSION }).catch(() => undefined);
}

/** Exchanges the refresh token for a new pair (single flight: concurrent callers share one request). */
function refresh(): Promise<string | null> {
  if (!localStorage.getItem(SESSION_FLAG)) return Promise.resolve(null);
  refreshing ??= (async () => {
    try {
      const { data, response } = await authApi.POST('/api/v1/auth/refresh', {
        body: {},
        headers: COOKIE_SESSION,
      });
      if (data) {
        keep(data);
        return data.accessToken;
      }
      // A refused token (spent, revoked, expired) ends the session; a network or server failure keeps it.
      if (response.status === 401 || response.status === 400) forget();
      return null;
    } catch {
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** An access token valid for at least 30 s more, refreshed if needed; null when signed out. */
export async function freshAccessToken(): Promise<string | null> {
  if (access && access.expiresAt - Date.now() > EARLY_MS) return access.token;
  return refresh();
}

/** On load: resume the session from the cookie, if this browser signed in. */
export async function restoreSession(): Promise<void> {
  try {
    await refresh();
  } finally {
    restoring.value = false;
  }
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const message = error.message;
    if (typeof message === 'string') return message;
  }
  return 'network error';
}
