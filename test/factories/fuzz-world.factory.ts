import { randomUUID } from 'node:crypto';
import type { ApiClient } from '../utils/api-client';
import type { TestApp } from '../utils/create-test-app';
import { waitUntil } from '../utils/wait-for';
import { linkContacts, setContactSettings } from './contact.factory';
import { openInbox, type AlertInbox } from './craving.factory';
import { createGroup, createMeeting } from './meeting.factory';
import { registerMember, type TestMember } from './member.factory';
import { activeSponsorship, registerSponsee, registerSponsor } from './sponsorship.factory';

/** The resources of one member that the fuzzers point path parameters at. */
export type MemberWorld = {
  member: TestMember;
  groupId: string;
  meetingId: string;
  exceptionId: string;
  sponsorshipId: string;
  contactId: string;
  /** Someone without the app on the member's list (ADR 0045). */
  outsideContactId: string;
  practiceCallId: string;
  cravingIds: string[];
  pushSubscriptionId: string;
  inviteCode?: string;
  contactRequestId?: string;
};

/**
 * Two members who are strangers to each other, each with one of everything: `caller` (who the fuzzers send as)
 * and `other` (whose data must never change). Their sponsors and contacts are helpers of their own.
 */
export type FuzzWorld = {
  caller: MemberWorld;
  other: MemberWorld;
  /** A member of the caller's circle (sponsor); their user id is a legitimate target (blocks, leads). */
  callerSponsor: TestMember;
  /** Every real id, plus random ones, for uuid-typed fields. */
  uuids: string[];
};

async function must<T>(label: string, p: Promise<{ status: number; body: T }>, ok = [200, 201]): Promise<T> {
  const res = await p;
  if (!ok.includes(res.status)) throw new Error(`${label} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function memberWorld(api: ApiClient, published: boolean, push: boolean): Promise<MemberWorld & { sponsor: TestMember; contact: TestMember }> {
  const member = await registerSponsee(api, { phone: '+14155550123', cleanDate: '2024-03-01' });
  const sponsor = await registerSponsor(api);
  const sponsorship = await activeSponsorship(api, member, sponsor);
  const contact = await registerMember(api);
  const pair = await linkContacts(api, member, contact);
  await setContactSettings(api, member, pair.memberContactId, { acceptsAlerts: true });
  await setContactSettings(api, contact, pair.contactContactId, { acceptsAlerts: true });
  const token = { token: member.accessToken };
  const group = await createGroup(api, member, { published });
  const meeting = await createMeeting(api, member, group.id);
  const exception = await must<{ exceptions: { id: string }[] }>(
    'exception',
    api.post(`/meetings/${meeting.id}/exceptions`, { date: '2030-01-07', kind: 'cancel', note: 'Holiday' }, token),
  );
  const outside = await must<{ id: string }>(
    'outside contact',
    api.post('/phone-list/outside', { name: 'Chris', phone: '+442079460123', notes: 'private' }, token),
  );
  await must('outside call', api.post('/practice-calls', { outsideContactId: outside.id, outcome: 'voicemail' }, token));
  const call = await must<{ id: string }>(
    'practice call',
    api.post('/practice-calls', { contactId: pair.memberContactId, outcome: 'connected', note: 'private' }, token),
  );
  // Two of each listed resource, so a page of one has a nextCursor to craft from.
  await must('practice call', api.post('/practice-calls', { contactId: pair.memberContactId, outcome: 'voicemail' }, token));
  let own = { id: '' };
  for (let i = 0; i < 2; i += 1) {
    own = await must<{ id: string }>('craving', api.post('/cravings', { intensity: 4, note: 'private' }, token));
    await must('resolve', api.post(`/cravings/${own.id}/resolve`, { outcome: 'passed' }, token));
  }
  // An alert the member receives (so acknowledge has something real to act on).
  const theirs = await must<{ id: string }>('contact craving', api.post('/cravings', { intensity: 6 }, { token: contact.accessToken }));
  let pushSubscriptionId: string = randomUUID();
  if (push) {
    const sub = await must<{ id: string }>(
      'push subscription',
      api.post(
        '/me/push-subscriptions',
        {
          endpoint: 'http://127.0.0.1:9/push/fuzz',
          keys: {
            p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
            auth: 'tBHItJI5svbpez7KI4CCXg',
          },
        },
        token,
      ),
    );
    pushSubscriptionId = sub.id;
  }
  return {
    member,
    sponsor,
    contact,
    groupId: group.id,
    meetingId: meeting.id,
    exceptionId: exception.exceptions[0]?.id ?? randomUUID(),
    sponsorshipId: sponsorship.id,
    contactId: pair.memberContactId,
    outsideContactId: outside.id,
    practiceCallId: call.id,
    cravingIds: [own.id, theirs.id],
    pushSubscriptionId,
  };
}

export async function buildFuzzWorld(t: TestApp): Promise<FuzzWorld> {
  const api = t.api;
  const caller = await memberWorld(api, true, true);
  const other = await memberWorld(api, false, true);
  // An invite code the caller may accept, and a contact request to the caller on the caller's meeting list.
  const inviter = await registerMember(api);
  caller.inviteCode = (await must<{ code: string }>('invite', api.post('/phone-list/invites', undefined, { token: inviter.accessToken }))).code;
  await must('join', api.post(`/meetings/${caller.meetingId}/phone-list`, undefined, { token: caller.member.accessToken }));
  await must('join', api.post(`/meetings/${caller.meetingId}/phone-list`, undefined, { token: inviter.accessToken }));
  caller.contactRequestId = (
    await must<{ id: string }>(
      'contact request',
      api.post(`/meetings/${caller.meetingId}/phone-list/requests`, { userId: caller.member.id }, { token: inviter.accessToken }),
    )
  ).id;
  const uuids = [
    ...idsOf(caller),
    ...idsOf(other),
    caller.sponsor.id,
    other.member.id,
    randomUUID(),
    '00000000-0000-0000-0000-000000000000',
  ];
  return { caller, other, callerSponsor: caller.sponsor, uuids };
}

function idsOf(w: MemberWorld): string[] {
  return [
    w.member.id,
    w.groupId,
    w.meetingId,
    w.exceptionId,
    w.sponsorshipId,
    w.contactId,
    w.outsideContactId,
    w.practiceCallId,
    ...w.cravingIds,
    w.pushSubscriptionId,
    ...(w.contactRequestId ? [w.contactRequestId] : []),
  ];
}

/** Real values for a path parameter of `template`, the caller's own and the other member's (labelled). */
export function pathTargets(world: FuzzWorld, template: string, param: string): { label: string; value: string }[] {
  const pick = (f: (w: MemberWorld) => string | string[] | undefined): { label: string; value: string }[] => {
    const out: { label: string; value: string }[] = [];
    for (const [who, w] of [['own', world.caller], ['other member\u2019s', world.other]] as const) {
      const v = f(w);
      for (const value of Array.isArray(v) ? v : v ? [v] : []) out.push({ label: `${who} ${param}`, value });
    }
    return out;
  };
  if (template.includes('/sponsorships/')) return pick((w) => w.sponsorshipId);
  if (template.includes('/invites/')) return [{ label: 'valid invite code', value: world.caller.inviteCode ?? 'x' }];
  if (template.includes('/phone-list/outside/{id}')) return pick((w) => w.outsideContactId);
  if (template.includes('/phone-list/{contactId}')) return pick((w) => w.contactId);
  if (template.includes('/practice-calls/')) return pick((w) => w.practiceCallId);
  if (template.includes('/cravings/')) return pick((w) => w.cravingIds);
  if (template.includes('/meeting-contact-requests/')) return pick((w) => w.contactRequestId);
  if (template.includes('/push-subscriptions/')) return pick((w) => w.pushSubscriptionId);
  if (template.includes('/blocks/'))
    return [
      { label: 'other member', value: world.other.member.id },
      { label: 'own sponsor', value: world.callerSponsor.id },
    ];
  if (param === 'groupId') return pick((w) => w.groupId);
  if (param === 'exceptionId') return pick((w) => w.exceptionId);
  if (param === 'userId')
    return [
      { label: 'self', value: world.caller.member.id },
      { label: 'other member', value: world.other.member.id },
    ];
  if (param === 'id' && template.includes('/meetings/')) return pick((w) => w.meetingId);
  return [{ label: 'random uuid', value: randomUUID() }];
}

/** The other member's data as they see it (volatile, time-derived fields removed). */
export async function snapshotOf(api: ApiClient, w: MemberWorld): Promise<Record<string, unknown>> {
  const token = { token: w.member.accessToken };
  const reads = [
    '/me',
    '/me/sponsor-profile',
    '/me/escalation-policy',
    '/me/notification-preferences',
    '/me/push-subscriptions',
    '/practice-calls',
    `/practice-calls/${w.practiceCallId}`,
    `/sponsorships/${w.sponsorshipId}`,
    `/phone-list/${w.contactId}`,
    '/phone-list/outside',
    `/phone-list/outside/${w.outsideContactId}`,
    `/cravings/${w.cravingIds[0]}`,
    `/groups/${w.groupId}`,
    `/groups/${w.groupId}/leads`,
    `/groups/${w.groupId}/meetings`,
    `/meetings/${w.meetingId}`,
  ];
  const out: Record<string, unknown> = {};
  for (const path of reads) {
    const res = await api.get(path, token);
    out[path] = { status: res.status, body: stripVolatile(res.body) };
  }
  return out;
}

const VOLATILE = new Set(['nextStart', 'nextEnd', 'nextStartLocal', 'inProgress', 'availableNow', 'serverTime', 'lastSeenAt']);

function stripVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripVolatile);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [k, stripVolatile(v)]),
    );
  return value;
}

/**
 * "A craving still pages its circle": a member raises a craving over HTTP and their sponsor, connected by a real
 * socket, receives `craving.alert` for it; then it is resolved. A fresh circle every 8 alerts (10 an hour allowed).
 */
export class PagingProbe {
  private owner?: TestMember;
  private inbox?: AlertInbox;
  private used = 0;
  checks = 0;

  constructor(private readonly t: TestApp) {}

  /** Undefined when the page arrived; what went wrong otherwise. */
  async check(): Promise<string | undefined> {
    this.checks += 1;
    try {
      if (!this.owner || !this.inbox || this.used >= 8) await this.newCircle();
      const owner = this.owner as TestMember;
      const inbox = this.inbox as AlertInbox;
      this.used += 1;
      const raised = await this.t.api.post<{ id: string }>('/cravings', { intensity: 8, trigger: 'emotional' }, { token: owner.accessToken });
      if (raised.status !== 201) return `POST /cravings answered ${raised.status}`;
      try {
        await waitUntil(() => inbox.alerts.some((a) => a.cravingId === raised.body.id), 5000);
      } catch {
        return 'the sponsor got no craving.alert within 5 s';
      }
      const resolved = await this.t.api.post(`/cravings/${raised.body.id}/resolve`, { outcome: 'passed' }, { token: owner.accessToken });
      if (resolved.status !== 200) return `resolve answered ${resolved.status}`;
      return undefined;
    } catch (error) {
      return `paging check threw ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private async newCircle(): Promise<void> {
    this.inbox?.socket.close();
    const owner = await registerSponsee(this.t.api);
    const sponsor = await registerSponsor(this.t.api);
    await activeSponsorship(this.t.api, owner, sponsor);
    this.inbox = await openInbox(this.t.baseUrl, sponsor);
    this.owner = owner;
    this.used = 0;
  }

  close(): void {
    this.inbox?.socket.close();
  }
}
