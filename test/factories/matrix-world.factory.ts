import { randomBytes, randomInt } from 'node:crypto';
import type { ApiClient } from '../utils/api-client';
import type { TestApp } from '../utils/create-test-app';
import { linkContacts, setContactSettings } from './contact.factory';
import { createGroup, createMeeting, makeAdmin } from './meeting.factory';
import { registerMember, type TestMember } from './member.factory';
import {
  putSponsorProfile,
  requestSponsorship,
  transition,
  updateMemberProfile,
} from './sponsorship.factory';

/**
 * The world of the authorization matrix (test/e2e/contract/authorization-matrix.e2e-spec.ts): one OWNER with one of
 * everything, and ten other principals related to the owner as their names say. Every private value of the owner is a
 * unique marker string, so "did this answer leak it?" is a substring search over the raw body.
 */
export const PRINCIPALS = [
  'anonymous',
  'stranger',
  'owner',
  'sponsor',
  'contact',
  'peer',
  'lead',
  'coLead',
  'admin',
  'blocked',
  'erased',
] as const;

export type Principal = (typeof PRINCIPALS)[number];
export type Member = Exclude<Principal, 'anonymous'>;

/** What each principal is to the owner (printed with every failure). */
export const PRINCIPAL_LABELS: Record<Principal, string> = {
  anonymous: 'anonymous (no token)',
  stranger: 'stranger (a member with no relation to the owner)',
  owner: 'owner',
  sponsor: "sponsor (the owner's active sponsor)",
  contact:
    "phone-list contact (the owner shares their phone with them; they accept the owner's alerts, first responder)",
  peer: "meeting phone-list peer (on the same meeting's phone list, asked the owner to be contacts)",
  lead: "group lead (leads another group, not the owner's)",
  coLead: "co-lead (of both of the owner's groups)",
  admin: "admin (users.role = 'admin', granted in SQL)",
  blocked:
    "blocked member (blocked BY the owner; was a contact the owner shared their phone with and a first responder paged by the owner's alerts; still on the meeting list)",
  erased: "erased member's token (an access token of an account deleted with DELETE /me)",
};

/**
 * Who the owner shares their phone number with (PATCH /phone-list/{contactId} { sharePhone: true }): the world sets it
 * up from this list and the body scan allows the phone to exactly these principals.
 */
export const OWNER_SHARES_PHONE_WITH: readonly Principal[] = ['contact'];

/** The owner's private values: each one appears in no other row of the database. */
export type Markers = {
  email: string;
  displayName: string;
  phone: string;
  cleanDate: string;
  cravingNote: string;
  ackMessage: string;
  resolveNote: string;
  unsharedOutcome: string;
  sharedOutcome: string;
  practiceNote: string;
  outsideContactName: string;
  outsideContactNotes: string;
  pushEndpoint: string;
  sponsorBio: string;
  unpublishedGroupName: string;
  unpublishedGroupDescription: string;
  unpublishedMeetingName: string;
  unpublishedMeetingNotes: string;
  unpublishedMeetingAddress: string;
};
export type MarkerName = keyof Markers;

/** Ids of the owner's resources the rows point at; `rebuild` replaces those a cell consumed. */
export type WorldIds = {
  publishedGroup: string;
  unpublishedGroup: string;
  publishedMeeting: string;
  unpublishedMeeting: string;
  publishedException: string;
  unpublishedException: string;
  /** Published/unpublished groups and meetings made to be deleted (with the co-lead as a lead of the groups). */
  throwawayGroup: { published: string; unpublished: string };
  throwawayMeeting: { published: string; unpublished: string };
  /** A meeting source the owner registered for the published group; a second one made to be deleted. */
  meetingSource: string;
  throwawaySource: string;
  /** Active: the sponsor sponsors the owner. */
  sponsorship: string;
  /** Pending: a spare member asked the owner to sponsor them (the owner may accept or decline). */
  requestToOwner: string;
  /** Pending: the owner asked a spare sponsor (the owner may withdraw). */
  requestByOwner: string;
  /** The owner's contactId for the contact principal. */
  contactId: string;
  /** The owner's contactId for a spare contact (removed by DELETE /phone-list/{contactId}, then linked again). */
  spareContactId: string;
  inviteCode: string;
  practiceCall: string;
  sparePracticeCall: string;
  /** The owner's contact without the app (name and notes are markers); a spare one made to be deleted. */
  outsideContact: string;
  spareOutsideContact: string;
  /** The alert resolved with an outcome it did not share, with a note, an acknowledgement message and a resolve note. */
  cravingResolved: string;
  /** The alert resolved with an outcome it shared with its responders. */
  cravingShared: string;
  /** The open alert (the sponsor and the contact were paged at once). */
  cravingOpen: string;
  pushSubscription: string;
  sparePushSubscription: string;
  /** Pending: the peer asked the owner to be contacts, on the published meeting's phone list. */
  contactRequest: string;
  /** Pending change proposals of the published meeting (by a spare member) and the unpublished one (by the owner). */
  proposal: { published: string; unpublished: string };
};

export type MatrixWorld = {
  tag: string;
  members: Record<Member, TestMember>;
  spares: { sponsee: TestMember; sponsor: TestMember; contact: TestMember; lead: TestMember };
  markers: Markers;
  ids: WorldIds;
  /** Rebuild what a cell consumed (a 2xx that deleted, answered or spent it); each updates `ids`. */
  rebuild: {
    throwawayGroup: (published: boolean) => Promise<void>;
    throwawayMeeting: (published: boolean) => Promise<void>;
    throwawaySource: () => Promise<void>;
    exception: (published: boolean) => Promise<void>;
    spareLead: (published: boolean) => Promise<void>;
    sponsorship: () => Promise<void>;
    requestToOwner: () => Promise<void>;
    requestByOwner: () => Promise<void>;
    spareContact: () => Promise<void>;
    inviteCode: () => Promise<void>;
    sparePracticeCall: () => Promise<void>;
    spareOutsideContact: () => Promise<void>;
    sparePushSubscription: () => Promise<void>;
    contactRequest: () => Promise<void>;
    proposal: (published: boolean) => Promise<void>;
  };
};

export const PUSH_KEYS = {
  p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  auth: 'tBHItJI5svbpez7KI4CCXg',
};
/** A local endpoint nothing listens on (tests may push to http://; the send fails at once). */
export const pushEndpoint = (path: string): string => `http://127.0.0.1:9/push/${path}`;
/** A Monday the fixture meetings (Mondays, from today) meet on. */
export const EXCEPTION_DATE = '2030-01-14';

async function must<T>(
  label: string,
  p: Promise<{ status: number; body: unknown }>,
  ok: number[] = [200, 201, 204],
): Promise<T> {
  const res = await p;
  if (!ok.includes(res.status))
    throw new Error(`matrix world: ${label} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export async function buildMatrixWorld(t: TestApp): Promise<MatrixWorld> {
  const api: ApiClient = t.api;
  const tag = randomBytes(4).toString('hex');
  const mark = (what: string): string => `mx${tag}-${what}`;
  const markers: Markers = {
    email: `owner-${tag}@matrix.homegroup.local`,
    displayName: `Owner ${tag}`,
    // A fictional 555-01xx number; nobody else in this database has a phone.
    phone: `+141555501${String(randomBytes(1)[0] % 100).padStart(2, '0')}`,
    cleanDate: '2013-11-07',
    cravingNote: mark('craving-note'),
    ackMessage: mark('ack-message'),
    resolveNote: mark('resolve-note'),
    // Outcomes are enum values, so the markers are the JSON the API would write: nobody else resolves an alert
    // as used or struggling in this world.
    unsharedOutcome: '"outcome":"used"',
    sharedOutcome: '"outcome":"struggling"',
    practiceNote: mark('practice-note'),
    outsideContactName: mark('outside-name'),
    outsideContactNotes: mark('outside-notes'),
    pushEndpoint: mark('push-endpoint'),
    sponsorBio: mark('sponsor-bio'),
    unpublishedGroupName: mark('unpublished-group'),
    unpublishedGroupDescription: mark('unpublished-description'),
    unpublishedMeetingName: mark('unpublished-meeting'),
    unpublishedMeetingNotes: mark('unpublished-notes'),
    unpublishedMeetingAddress: mark('unpublished-address'),
  };

  const names = [
    'stranger',
    'sponsor',
    'contact',
    'peer',
    'lead',
    'coLead',
    'admin',
    'blocked',
    'erased',
  ] as const;
  const [owner, others, spareList] = await Promise.all([
    registerMember(api, { email: markers.email, displayName: markers.displayName }),
    Promise.all(names.map((name) => registerMember(api, { displayName: `${name} ${tag}` }))),
    Promise.all(
      ['sponsee', 'sponsor', 'contact', 'lead'].map((name) =>
        registerMember(api, { displayName: `spare ${name} ${tag}` }),
      ),
    ),
  ]);
  const members = { owner, ...Object.fromEntries(names.map((name, i) => [name, others[i]])) } as Record<
    Member,
    TestMember
  >;
  const spares = { sponsee: spareList[0], sponsor: spareList[1], contact: spareList[2], lead: spareList[3] };
  const as = (m: TestMember) => ({ token: m.accessToken });

  // The owner's profile and sponsor profile; the sponsor principal and a spare sponsor in NA.
  await Promise.all([
    updateMemberProfile(api, owner, {
      phone: markers.phone,
      cleanDate: markers.cleanDate,
      fellowships: ['NA'],
    }),
    putSponsorProfile(api, owner, {
      available: true,
      maxSponsees: 3,
      fellowships: ['NA'],
      bio: markers.sponsorBio,
      region: `region ${tag}`,
    }),
    (async () => {
      await updateMemberProfile(api, members.sponsor, { fellowships: ['NA'] });
      await putSponsorProfile(api, members.sponsor, { available: true, maxSponsees: 3, fellowships: ['NA'] });
    })(),
    (async () => {
      await updateMemberProfile(api, spares.sponsor, { fellowships: ['NA'] });
      await putSponsorProfile(api, spares.sponsor, { available: true, maxSponsees: 3, fellowships: ['NA'] });
    })(),
    makeAdmin(t, members.admin),
    // An account erased with DELETE /me: its access token is all that is left.
    must('erase', api.delete('/me', as(members.erased))),
  ]);

  const ids = {} as WorldIds;
  const rebuild: MatrixWorld['rebuild'] = {
    sponsorship: async () => {
      const asked = await requestSponsorship(api, owner, members.sponsor, { fellowship: 'NA' });
      ids.sponsorship = (await transition(api, members.sponsor, asked.id, 'accept')).id;
    },
    requestToOwner: async () => {
      ids.requestToOwner = (await requestSponsorship(api, spares.sponsee, owner, { fellowship: 'NA' })).id;
    },
    requestByOwner: async () => {
      ids.requestByOwner = (await requestSponsorship(api, owner, spares.sponsor, { fellowship: 'NA' })).id;
    },
    spareContact: async () => {
      ids.spareContactId = (await linkContacts(api, owner, spares.contact)).memberContactId;
    },
    inviteCode: async () => {
      ids.inviteCode = (
        await must<{ code: string }>('invite', api.post('/phone-list/invites', undefined, as(owner)))
      ).code;
    },
    sparePracticeCall: async () => {
      ids.sparePracticeCall = (
        await must<{ id: string }>(
          'practice call',
          api.post('/practice-calls', { contactId: ids.contactId, outcome: 'voicemail' }, as(owner)),
        )
      ).id;
    },
    spareOutsideContact: async () => {
      ids.spareOutsideContact = (
        await must<{ id: string }>(
          'outside contact',
          api.post(
            '/phone-list/outside',
            { name: 'Spare', phone: `+44207946${randomInt(1000, 8000)}` },
            as(owner),
          ),
          [201],
        )
      ).id;
    },
    sparePushSubscription: async () => {
      ids.sparePushSubscription = (
        await must<{ id: string }>(
          'push subscription',
          api.post(
            '/me/push-subscriptions',
            { endpoint: pushEndpoint(`spare-${randomBytes(4).toString('hex')}`), keys: PUSH_KEYS },
            as(owner),
          ),
        )
      ).id;
    },
    throwawayGroup: async (published) => {
      const group = await createGroup(api, owner, { name: `Throwaway ${tag}`, published });
      await must('co-lead', api.post(`/groups/${group.id}/leads`, { userId: members.coLead.id }, as(owner)));
      ids.throwawayGroup = { ...ids.throwawayGroup, [published ? 'published' : 'unpublished']: group.id };
    },
    throwawayMeeting: async (published) => {
      const meeting = await createMeeting(api, owner, published ? ids.publishedGroup : ids.unpublishedGroup, {
        name: `Throwaway ${tag}`,
      });
      ids.throwawayMeeting = {
        ...ids.throwawayMeeting,
        [published ? 'published' : 'unpublished']: meeting.id,
      };
    },
    throwawaySource: async () => {
      ids.throwawaySource = (
        await must<{ id: string }>(
          'meeting source',
          api.post(
            '/meeting-sources',
            {
              name: `Throwaway ${tag}`,
              url: 'https://feeds.example.org/throwaway.json',
              format: 'meeting-guide',
              cadenceMinutes: 60,
              groupId: ids.publishedGroup,
            },
            as(owner),
          ),
        )
      ).id;
    },
    exception: async (published) => {
      const meeting = published ? ids.publishedMeeting : ids.unpublishedMeeting;
      const body = await must<{ exceptions: { id: string; date: string }[] }>(
        'exception',
        api.post(`/meetings/${meeting}/exceptions`, { date: EXCEPTION_DATE, kind: 'cancel' }, as(owner)),
      );
      const id = body.exceptions.find((e) => e.date === EXCEPTION_DATE)?.id;
      if (!id) throw new Error('matrix world: the exception is not in the answer');
      if (published) ids.publishedException = id;
      else ids.unpublishedException = id;
    },
    spareLead: async (published) => {
      await must(
        'spare lead',
        api.post(
          `/groups/${published ? ids.publishedGroup : ids.unpublishedGroup}/leads`,
          { userId: spares.lead.id },
          as(owner),
        ),
      );
    },
    proposal: async (published) => {
      const meetingId = published ? ids.publishedMeeting : ids.unpublishedMeeting;
      const current = await must<{ durationMinutes: number }>('meeting', api.get(`/meetings/${meetingId}`, as(owner)));
      const proposal = await must<{ id: string }>(
        'proposal',
        api.post(
          `/meetings/${meetingId}/proposals`,
          { changes: { durationMinutes: current.durationMinutes === 60 ? 61 : 60 }, note: 'It runs longer now' },
          as(published ? spares.sponsee : owner),
        ),
      );
      ids.proposal = { ...ids.proposal, [published ? 'published' : 'unpublished']: proposal.id };
    },
    contactRequest: async () => {
      ids.contactRequest = (
        await must<{ id: string }>(
          'contact request',
          api.post(
            `/meetings/${ids.publishedMeeting}/phone-list/requests`,
            { userId: owner.id },
            as(members.peer),
          ),
        )
      ).id;
    },
  };

  // Three independent chains at once: the listings, the sponsorships, the phone list.
  const listings = async (): Promise<void> => {
    // The owner's groups: a published one and an unpublished one, each with a meeting and an exception; the co-lead
    // leads both. The lead principal leads a group of their own.
    const [published, unpublished] = await Promise.all([
      createGroup(api, owner, { name: `Matrix ${tag} open group`, published: true }),
      createGroup(api, owner, {
        name: markers.unpublishedGroupName,
        description: markers.unpublishedGroupDescription,
        published: false,
      }),
      createGroup(api, members.lead, { name: `Lead ${tag} own group`, published: true }),
    ]);
    ids.publishedGroup = published.id;
    ids.unpublishedGroup = unpublished.id;
    const [openMeeting, hiddenMeeting] = await Promise.all([
      createMeeting(api, owner, published.id, { name: `Matrix ${tag} open meeting` }),
      createMeeting(api, owner, unpublished.id, {
        name: markers.unpublishedMeetingName,
        notes: markers.unpublishedMeetingNotes,
        location: { formattedAddress: markers.unpublishedMeetingAddress, lat: 51.5074, lng: -0.1278 },
      }),
    ]);
    ids.publishedMeeting = openMeeting.id;
    ids.unpublishedMeeting = hiddenMeeting.id;
    await Promise.all([
      ...[published.id, unpublished.id].map((groupId) =>
        must('co-lead', api.post(`/groups/${groupId}/leads`, { userId: members.coLead.id }, as(owner))),
      ),
      rebuild.spareLead(true),
      rebuild.spareLead(false),
      rebuild.exception(true),
      rebuild.exception(false),
      rebuild.throwawayGroup(true).then(() => rebuild.throwawayGroup(false)),
      rebuild.throwawayMeeting(true),
      rebuild.throwawayMeeting(false),
      rebuild.throwawaySource(),
      must<{ id: string }>(
        'meeting source',
        api.post(
          '/meeting-sources',
          {
            name: `Matrix ${tag} feed`,
            url: 'https://feeds.example.org/matrix.json',
            format: 'meeting-guide',
            cadenceMinutes: 60,
            groupId: published.id,
          },
          as(owner),
        ),
      ).then((source) => {
        ids.meetingSource = source.id;
      }),
      rebuild.proposal(true).then(() => rebuild.proposal(false)),
      // The published meeting's phone list: the owner, the peer and the member who will be blocked.
      ...[owner, members.peer, members.blocked].map((m) =>
        must('join', api.post(`/meetings/${openMeeting.id}/phone-list`, undefined, as(m))),
      ),
    ]);
    // The peer asks the owner to be contacts.
    await rebuild.contactRequest();
  };

  // Sponsorships: active (sponsor → owner), one asked of the owner, one the owner asked.
  const sponsorships = (): Promise<unknown> =>
    Promise.all([rebuild.sponsorship(), rebuild.requestToOwner(), rebuild.requestByOwner()]);

  // The phone list: the contact (phone shared with them; they accept the owner's alerts), the member who will be
  // blocked (phone shared too before the block, accepted the owner's alerts), a spare contact. The owner accepts each
  // one's invite code.
  const phoneList = async (): Promise<void> => {
    const contactPair = await linkContacts(api, owner, members.contact);
    ids.contactId = contactPair.memberContactId;
    await setContactSettings(api, owner, contactPair.memberContactId, {
      sharePhone: OWNER_SHARES_PHONE_WITH.includes('contact'),
    });
    await setContactSettings(api, members.contact, contactPair.contactContactId, { acceptsAlerts: true });
    const blockedPair = await linkContacts(api, owner, members.blocked);
    await setContactSettings(api, owner, blockedPair.memberContactId, { sharePhone: true });
    await setContactSettings(api, members.blocked, blockedPair.contactContactId, { acceptsAlerts: true });
    await rebuild.spareContact();
    // Someone without the app (ADR 0045), a practice call to them, and a spare one to delete.
    ids.outsideContact = (
      await must<{ id: string }>(
        'outside contact',
        api.post(
          '/phone-list/outside',
          { name: markers.outsideContactName, phone: '+442079460001', notes: markers.outsideContactNotes },
          as(owner),
        ),
        [201],
      )
    ).id;
    await must(
      'outside practice call',
      api.post('/practice-calls', { outsideContactId: ids.outsideContact, outcome: 'voicemail' }, as(owner)),
      [201],
    );
    await rebuild.spareOutsideContact();
  };

  await Promise.all([listings(), sponsorships(), phoneList()]);

  // Craving alerts: the contact (and the member blocked later) are first responders, so they are paged at once with
  // the sponsor. Meanwhile the practice calls, push subscriptions and an invite code.
  const cravings = async (): Promise<void> => {
    await must(
      'policy',
      api.put(
        '/me/escalation-policy',
        { firstResponderIds: [members.contact.id, members.blocked.id] },
        as(owner),
      ),
    );
    const raise = async (note: string): Promise<string> =>
      (
        await must<{ id: string }>(
          'craving',
          api.post('/cravings', { intensity: 7, trigger: 'emotional', note }, as(owner)),
          [201],
        )
      ).id;
    ids.cravingResolved = await raise(markers.cravingNote);
    await Promise.all([
      must(
        'ack',
        api.post(
          `/cravings/${ids.cravingResolved}/acknowledge`,
          { message: markers.ackMessage },
          as(members.sponsor),
        ),
      ),
      must(
        'ack',
        api.post(
          `/cravings/${ids.cravingResolved}/acknowledge`,
          { message: 'on my way' },
          as(members.contact),
        ),
      ),
    ]);
    await must(
      'resolve',
      api.post(
        `/cravings/${ids.cravingResolved}/resolve`,
        { outcome: 'used', note: markers.resolveNote, shareOutcome: false },
        as(owner),
      ),
    );
    ids.cravingShared = await raise('shared outcome');
    await must(
      'resolve',
      api.post(
        `/cravings/${ids.cravingShared}/resolve`,
        { outcome: 'struggling', shareOutcome: true },
        as(owner),
      ),
    );
    ids.cravingOpen = await raise(`${markers.cravingNote} again`);
  };
  const practiceAndPush = async (): Promise<void> => {
    const [call, subscription] = await Promise.all([
      must<{ id: string }>(
        'practice call',
        api.post(
          '/practice-calls',
          { contactId: ids.contactId, outcome: 'connected', note: markers.practiceNote },
          as(owner),
        ),
      ),
      must<{ id: string }>(
        'push subscription',
        api.post(
          '/me/push-subscriptions',
          { endpoint: pushEndpoint(markers.pushEndpoint), keys: PUSH_KEYS },
          as(owner),
        ),
      ),
      rebuild.sparePracticeCall(),
      rebuild.sparePushSubscription(),
      rebuild.inviteCode(),
    ]);
    ids.practiceCall = call.id;
    ids.pushSubscription = subscription.id;
  };
  await Promise.all([cravings(), practiceAndPush()]);

  // Last: the owner blocks a member (their contact link and their place on the open alert end; they stay on the
  // meeting's list and on the resolved alerts' recipients).
  await must('block', api.post('/blocks', { userId: members.blocked.id }, as(owner)));

  return { tag, members, spares, markers, ids, rebuild };
}
