import { signal } from '@preact/signals';
import createClient from 'openapi-fetch';
import type { components, paths } from './api/schema';

type Tokens = components['schemas']['AuthTokensResponseDto'];
export type Profile = components['schemas']['ProfileResponseDto'];

/**
 * Sessions for this slice (ADR 0024): the access token lives in memory only; the refresh token in memory and in
 * sessionStorage, so a reload of this tab stays signed in and closing the tab ends it. Interim: the issue's
 * httpOnly SameSite=Strict cookie mode for the refresh token replaces sessionStorage later.
 */
const REFRESH_KEY = 'hg.refresh';
/** Refresh this long before the access token expires. */
const EARLY_MS = 30_000;

// A client without the auth middleware (refresh must not recurse into itself).
const authApi = createClient<paths>({ baseUrl: location.origin });

export const user = signal<Profile | null>(null);
/** True until the first restore attempt finished (so screens do not flash "signed out"). */
export const restoring = signal(true);

let access: { token: string; expiresAt: number } | null = null;
let refreshToken: string | null = null;
let refreshing: Promise<string | null> | null = null;

function keep(tokens: Tokens): void {
  access = { token: tokens.accessToken, expiresAt: Date.parse(tokens.accessTokenExpiresAt) };
  refreshToken = tokens.refreshToken;
  sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  user.value = tokens.user;
}

function forget(): void {
  access = null;
  refreshToken = null;
  sessionStorage.removeItem(REFRESH_KEY);
  user.value = null;
}

export async function signIn(email: string, password: string): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  const { data, error, response } = await authApi.POST('/api/v1/auth/login', { body: { email, password } });
  if (!data) return { ok: false, status: response.status, message: messageOf(error) };
  keep(data);
  return { ok: true };
}

export async function register(
  displayName: string,
  email: string,
  password: string,
): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { data, error, response } = await authApi.POST('/api/v1/auth/register', { body: { displayName, email, password, timezone } });
  if (!data) return { ok: false, status: response.status, message: messageOf(error) };
  keep(data);
  return { ok: true };
}

export async function signOut(): Promise<void> {
  const token = refreshToken;
  forget();
  if (token) await authApi.POST('/api/v1/auth/logout', { body: { refreshToken: token } }).catch(() => undefined);
}

/** Exchanges the refresh token for a new pair (single flight: concurrent callers share one request). */
function refresh(): Promise<string | null> {
  if (!refreshToken) return Promise.resolve(null);
  refreshing ??= (async () => {
    try {
      const { data, response } = await authApi.POST('/api/v1/auth/refresh', { body: { refreshToken: refreshToken ?? '' } });
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

/** On load: resume this tab's session from sessionStorage, if any. */
export async function restoreSession(): Promise<void> {
  refreshToken = sessionStorage.getItem(REFRESH_KEY);
  try {
    if (refreshToken) await refresh();
  } finally {
    restoring.value = false;
  }
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const message = (error).message;
    if (typeof message === 'string') return message;
  }
  return 'network error';
}
