import { randomBytes } from 'node:crypto';
import type { ApiClient } from '../utils/api-client';

export type TestMember = {
  id: string;
  email: string;
  password: string;
  displayName: string;
  accessToken: string;
  refreshToken: string;
};

let counter = 0;

/** Registers a member through the real API (so tokens are real) with unique, fresh data. */
export async function registerMember(
  api: ApiClient,
  overrides: Partial<{ email: string; password: string; displayName: string; timezone: string }> = {},
): Promise<TestMember> {
  counter += 1;
  const suffix = `${Date.now().toString(36)}${counter}${randomBytes(2).toString('hex')}`;
  const input = {
    email: overrides.email ?? `member-${suffix}@test.homegroup.local`,
    password: overrides.password ?? `pw-${randomBytes(8).toString('hex')}`,
    displayName: overrides.displayName ?? `Member ${counter}`,
    ...(overrides.timezone ? { timezone: overrides.timezone } : {}),
  };
  const res = await api.post<{ accessToken: string; refreshToken: string; user: { id: string } }>('/auth/register', input);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    email: input.email,
    password: input.password,
    displayName: input.displayName,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}
