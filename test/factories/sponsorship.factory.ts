import { randomBytes } from 'node:crypto';
import type { ApiClient } from '../utils/api-client';
import { registerMember, type TestMember } from './member.factory';

/** The member's own profile fields that sponsorship reads (PATCH /me). */
export type MemberProfile = {
  fellowships?: string[];
  languages?: string[];
  gender?: 'woman' | 'man' | 'nonbinary' | null;
  sponsorGenderPreference?: 'same' | 'any';
  cleanDate?: string | null;
  phone?: string | null;
};

export type SponsorProfileInput = {
  available: boolean;
  maxSponsees: number;
  fellowships: string[];
  languages?: string[];
  bio?: string | null;
  region?: string | null;
  location?: { lat: number; lng: number } | null;
};

export type SponsorshipBody = {
  id: string;
  status: string;
  kind: string;
  fellowship: string;
  role: 'sponsor' | 'sponsee';
  sponsor: { id: string; displayName: string };
  sponsee: { id: string; displayName: string };
  requestedAt: string;
  startedAt?: string;
  endedAt?: string;
  reviewAt?: string;
  reviewDue?: boolean;
  expiresAt?: string;
  warnings: string[];
};

export type ConflictBody = { statusCode: number; error: string; message: string; status?: string };

/** A tag no other test uses (to scope discovery searches by region). */
export const uniqueTag = (): string => `zq${randomBytes(4).toString('hex')}`;

export async function updateMemberProfile(
  api: ApiClient,
  member: TestMember,
  profile: MemberProfile,
): Promise<void> {
  const res = await api.patch('/me', profile, { token: member.accessToken });
  if (res.status !== 200) throw new Error(`PATCH /me failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function putSponsorProfile(
  api: ApiClient,
  member: TestMember,
  input: SponsorProfileInput,
): Promise<void> {
  const res = await api.put('/me/sponsor-profile', input, { token: member.accessToken });
  if (res.status !== 200)
    throw new Error(`PUT /me/sponsor-profile failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A member in NA (unless told otherwise). */
export async function registerSponsee(
  api: ApiClient,
  profile: MemberProfile = {},
  displayName?: string,
): Promise<TestMember> {
  const member = await registerMember(api, displayName ? { displayName } : {});
  await updateMemberProfile(api, member, { fellowships: ['NA'], ...profile });
  return member;
}

/** A member in NA with an available sponsor profile (capacity 3 unless told otherwise). */
export async function registerSponsor(
  api: ApiClient,
  options: {
    sponsorProfile?: Partial<SponsorProfileInput>;
    profile?: MemberProfile;
    displayName?: string;
  } = {},
): Promise<TestMember> {
  const member = await registerSponsee(api, options.profile ?? {}, options.displayName);
  await putSponsorProfile(api, member, {
    available: true,
    maxSponsees: 3,
    fellowships: ['NA'],
    ...options.sponsorProfile,
  });
  return member;
}

export async function requestSponsorship(
  api: ApiClient,
  sponsee: TestMember,
  sponsor: TestMember,
  body: { fellowship?: string; kind?: string; reviewInDays?: number } = {},
): Promise<SponsorshipBody> {
  const res = await api.post<SponsorshipBody>(
    '/sponsorships',
    { sponsorId: sponsor.id, ...body },
    { token: sponsee.accessToken },
  );
  if (res.status !== 201)
    throw new Error(`POST /sponsorships failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function transition(
  api: ApiClient,
  actor: TestMember,
  id: string,
  action: 'accept' | 'decline' | 'withdraw' | 'end',
): Promise<SponsorshipBody> {
  const res = await api.post<SponsorshipBody>(`/sponsorships/${id}/${action}`, undefined, {
    token: actor.accessToken,
  });
  if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Request and accept: an active sponsorship. */
export async function activeSponsorship(
  api: ApiClient,
  sponsee: TestMember,
  sponsor: TestMember,
  body: { fellowship?: string; kind?: string; reviewInDays?: number } = {},
): Promise<SponsorshipBody> {
  const requested = await requestSponsorship(api, sponsee, sponsor, body);
  return transition(api, sponsor, requested.id, 'accept');
}
