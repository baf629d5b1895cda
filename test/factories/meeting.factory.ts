import { DataSource } from 'typeorm';
import type { TestApp } from '../utils/create-test-app';
import type { ApiClient } from '../utils/api-client';
import { registerMember, type TestMember } from './member.factory';

export type GroupBody = { id: string; name: string; fellowship: string; published: boolean };
export type MeetingBody = {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  weekdays: number[];
  startTime: string;
  durationMinutes: number;
  rrule: string | null;
  attendance: string;
  status: string;
  types: string[];
  languages: string[];
  location: { formattedAddress: string; lat: number | null; lng: number | null; approximate: boolean } | null;
  conference: { url: string | null; phone: string | null } | null;
  exceptions: { id: string; date: string; kind: string; movedStart?: string }[];
  nextStart: string | null;
  nextEnd: string | null;
  nextStartLocal: string | null;
  updatedAt: string;
};
export type SearchItem = MeetingBody & { inProgress: boolean; distanceKm?: number; nextStartViewer?: string };
export type SearchPage = { items: SearchItem[]; nextCursor: string | null };

let counter = 0;
/** A tag no other test uses, for names and free-text scoping. */
export const uniqueTag = (): string => `t${Date.now().toString(36)}${(counter += 1)}`;

/** Creates a group through the real API; `member` becomes its lead. Published unless said otherwise. */
export async function createGroup(
  api: ApiClient,
  lead: TestMember,
  overrides: Partial<{ name: string; fellowship: string; description: string; published: boolean }> = {},
): Promise<GroupBody> {
  const res = await api.post<GroupBody>(
    '/groups',
    { name: overrides.name ?? `Group ${uniqueTag()}`, fellowship: 'NA', published: true, ...overrides },
    { token: lead.accessToken },
  );
  if (res.status !== 201) throw new Error(`create group failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An in-person meeting by default (London, Monday 19:00); pass what differs. */
export function meetingInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Meeting ${uniqueTag()}`,
    timezone: 'Europe/London',
    weekdays: [1],
    startTime: '19:00',
    durationMinutes: 60,
    attendance: 'in_person',
    location: { formattedAddress: '1 Example Street, London, UK', lat: 51.5074, lng: -0.1278 },
    ...overrides,
  };
}

export async function createMeeting(
  api: ApiClient,
  lead: TestMember,
  groupId: string,
  overrides: Record<string, unknown> = {},
): Promise<MeetingBody> {
  const res = await api.post<MeetingBody>(`/groups/${groupId}/meetings`, meetingInput(overrides), { token: lead.accessToken });
  if (res.status !== 201) throw new Error(`create meeting failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A lead with a published group of their own. */
export async function leadWithGroup(
  api: ApiClient,
  group: Partial<{ name: string; fellowship: string; published: boolean }> = {},
): Promise<{ lead: TestMember; group: GroupBody }> {
  const lead = await registerMember(api);
  return { lead, group: await createGroup(api, lead, group) };
}

/** Grants the admin role the way an operator does: in SQL (no API can). */
export async function makeAdmin(t: TestApp, member: TestMember): Promise<void> {
  await t.app.get(DataSource).query(`UPDATE users SET role = 'admin' WHERE id = $1`, [member.id]);
}

export async function searchMeetings(
  api: ApiClient,
  params: Record<string, string | number | boolean>,
  token?: string,
): Promise<SearchPage> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await api.get<SearchPage>(`/meetings?${query.toString()}`, token ? { token } : undefined);
  if (res.status !== 200) throw new Error(`GET /meetings failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
