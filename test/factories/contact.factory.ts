import type { ApiClient } from '../utils/api-client';
import type { TestMember } from './member.factory';

export type ContactPair = {
  /** `member`'s contactId for `contact`. */
  memberContactId: string;
  /** `contact`'s contactId for `member`. */
  contactContactId: string;
};

/**
 * Links two members through the real invite API: `contact` creates a code and `member` accepts it (so a
 * member can gain many contacts without running into the per-member invite limits).
 */
export async function linkContacts(api: ApiClient, member: TestMember, contact: TestMember): Promise<ContactPair> {
  const invite = await api.post<{ code: string }>('/phone-list/invites', undefined, { token: contact.accessToken });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const accepted = await api.post<{ id: string }>(`/phone-list/invites/${invite.body.code}/accept`, undefined, {
    token: member.accessToken,
  });
  if (accepted.status !== 201) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const theirs = await api.get<{ id: string; user: { id: string } }[]>('/phone-list', { token: contact.accessToken });
  const back = theirs.body.find((c) => c.user.id === member.id);
  if (!back) throw new Error('the contact does not hold the member after accepting');
  return { memberContactId: accepted.body.id, contactContactId: back.id };
}

/** Changes `owner`'s own settings toward a contact through the real API. */
export async function setContactSettings(
  api: ApiClient,
  owner: TestMember,
  contactId: string,
  settings: { acceptsAlerts?: boolean; sharePhone?: boolean; availability?: { days: number[]; start: string; end: string }[] },
): Promise<void> {
  const res = await api.patch(`/phone-list/${contactId}`, settings, { token: owner.accessToken });
  if (res.status !== 200) throw new Error(`settings failed: ${res.status} ${JSON.stringify(res.body)}`);
}
