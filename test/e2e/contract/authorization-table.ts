import { randomBytes, randomUUID } from 'node:crypto';
import { meetingInput } from '../../factories/meeting.factory';
import {
  OWNER_SHARES_PHONE_WITH,
  PRINCIPALS,
  PUSH_KEYS,
  pushEndpoint,
  type MarkerName,
  type MatrixWorld,
  type Member,
  type Principal,
} from '../../factories/matrix-world.factory';
import type { ApiClient, ApiResponse } from '../../utils/api-client';

/**
 * The authorization table (issue 11): for every operation of the OpenAPI document, the resource of the matrix world
 * it targets and the status each principal must get. authorization-matrix.e2e-spec.ts fails when an operation of the
 * document has no row here, or a row names an operation the document does not have.
 *
 * Adding a route is one line: `row('METHOD /path', <route class>(<2xx>), (w) => ({ path: {…}, body: … }))`, with
 * overrides spread over the class (`{ ...ownerOnly(200), sponsor: 200 }`). The route classes below say who gets what
 * by default; `w.ids` holds the owner's resources (test/factories/matrix-world.factory.ts).
 */

export type Expect = Record<Principal, number>;

const fill = (status: number): Expect => Object.fromEntries(PRINCIPALS.map((p) => [p, status])) as Expect;

/** @Public(): the token is not even read, so the erased member's token gets the public answer too. */
export const publicRoute = (ok: number): Expect => fill(ok);
/** @OptionalAuth() on something anyone may read; a token that is sent must be valid (the erased one is not: 401). */
export const anyone = (ok: number): Expect => ({ ...fill(ok), erased: 401 });
/** The caller's own data (GET /me, their settings, their lists): every member. */
export const member = (ok: number): Expect => ({ ...fill(ok), anonymous: 401, erased: 401 });
/** A private resource of the owner: for everyone else it does not exist (404, never 403: an id reveals nothing). */
export const ownerOnly = (ok: number): Expect => ({ ...fill(404), owner: ok, anonymous: 401, erased: 401 });
/** Managing a PUBLISHED group of the owner's: its leads and admins; other members see it, so 403. */
export const leads = (ok: number): Expect => ({
  ...fill(403),
  owner: ok,
  coLead: ok,
  admin: ok,
  anonymous: 401,
  erased: 401,
});
/** Managing an UNPUBLISHED group of the owner's: it does not exist for anyone but its leads and admins (404). */
export const leadsHidden = (ok: number): Expect => ({
  ...fill(404),
  owner: ok,
  coLead: ok,
  admin: ok,
  anonymous: 401,
  erased: 401,
});
/** Deciding a group's change proposals: its leads only while it has any (admins decide for groups without leads). */
export const deciders = (ok: number): Expect => ({ ...fill(404), owner: ok, coLead: ok, anonymous: 401, erased: 401 });
/** Reading (@OptionalAuth) what belongs to the unpublished group: its leads and admins; 404 for everyone else. */
export const hidden = (ok: number): Expect => ({
  ...fill(404),
  owner: ok,
  coLead: ok,
  admin: ok,
  erased: 401,
});

/**
 * When a row runs. Reads first (in parallel: nothing changes), then writes (one cell at a time, each undone or its
 * target rebuilt by `after`), then what cannot be undone (blocks, sign-out everywhere, leaving a list), then DELETE /me.
 */
export const PHASES = ['read', 'write', 'destroy', 'erase'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * Write rows in different lanes change different relationships of the owner's, so the lanes run side by side; the
 * rows of one lane run one after the other, in the table's order. (An invite accepted by the peer and the peer's
 * contact request accepted by the owner both link the owner and the peer: same lane. The groups and meetings lanes
 * lock the same group rows, but change nothing the other reads.)
 */
export function laneOf(op: string): string {
  const path = op.slice(op.indexOf(' ') + 1);
  if (/\/(phone-list|practice-calls|meeting-contact-requests)\b/.test(path)) return 'contacts';
  if (/\/(sponsorships|sponsor-profile|sponsors)\b/.test(path)) return 'sponsorship';
  if (/\/(cravings|escalation-policy|alert-circle)\b/.test(path)) return 'cravings';
  if (/\/(groups|imports|meeting-sources)\b/.test(path)) return 'groups';
  if (/\/(meetings|proposals)\b/.test(path)) return 'meetings';
  return 'account';
}

export type CellRequest = { path?: Record<string, string>; query?: string; body?: unknown };
export type CellContext = { w: MatrixWorld; api: ApiClient; p: Principal; res: ApiResponse<unknown> };

export type Row = {
  /** `METHOD /path` exactly as in openapi.json. */
  op: string;
  /** When an operation has several rows (published and unpublished group, …). */
  variant?: string;
  expect: Expect;
  request: (w: MatrixWorld, p: Principal) => CellRequest;
  phase: Phase;
  /**
   * After a 2xx: undo what the cell did, or rebuild what it consumed (a new pending request, a new throwaway
   * group, …; `w.rebuild`), so the next cell meets the same world.
   */
  after?: (c: CellContext) => Promise<void>;
};

export function row(
  op: string,
  expect: Expect,
  request: (w: MatrixWorld, p: Principal) => CellRequest = () => ({}),
  options: { variant?: string; phase?: Phase; after?: (c: CellContext) => Promise<void> } = {},
): Row {
  return {
    op,
    expect,
    request,
    phase: options.phase ?? (op.startsWith('GET ') ? 'read' : 'write'),
    variant: options.variant,
    after: options.after,
  };
}

export const rowName = (r: Row): string => (r.variant ? `${r.op} [${r.variant}]` : r.op);

// ---------------------------------------------------------------------------------------------------------------
// What a principal other than the owner may see of the owner's private values (the body scan): anything not listed
// for a principal is a leak in any 2xx body they get. The owner's own answers are not scanned.

const MEMBERS_BUT_BLOCKED: Principal[] = [
  'stranger',
  'sponsor',
  'contact',
  'peer',
  'lead',
  'coLead',
  'admin',
];
const GROUP_MANAGERS: Principal[] = ['coLead', 'admin'];

export type Visibility = {
  visibleTo: readonly Principal[];
  /** Narrower exceptions: this principal may see it in this one operation's answer only. */
  alsoIn?: readonly { p: Principal; op: string; because: string }[];
  because: string;
};

export const VISIBILITY: Record<MarkerName, Visibility> = {
  email: { visibleTo: [], because: 'an email is never shown to anyone else' },
  displayName: {
    visibleTo: MEMBERS_BUT_BLOCKED,
    alsoIn: [
      {
        p: 'blocked',
        op: 'GET /api/v1/me/export',
        because: 'their own export says whose alerts they answered before the block',
      },
    ],
    because:
      'members meet the owner by name (sponsor discovery, phone lists, leads); a member the owner blocked stops finding them, and the public never sees who leads a group',
  },
  phone: {
    visibleTo: OWNER_SHARES_PHONE_WITH,
    because: 'the phone is private unless the owner shares it with that contact (sharePhone)',
  },
  cleanDate: { visibleTo: [], because: 'the clean date is private' },
  cravingNote: { visibleTo: [], because: 'a recipient never sees the note of an alert' },
  ackMessage: {
    visibleTo: ['sponsor'],
    because: "a responder's message is for the owner (and its author, the sponsor)",
  },
  resolveNote: { visibleTo: [], because: 'the resolve note is the owner’s' },
  unsharedOutcome: { visibleTo: [], because: 'an outcome the owner did not share is theirs' },
  sharedOutcome: {
    visibleTo: ['sponsor', 'contact'],
    because: 'the owner shared this outcome with the responders of that alert',
  },
  practiceNote: { visibleTo: [], because: 'practice calls are visible to the caller only' },
  outsideContactName: {
    visibleTo: [],
    because: 'contacts without the app are the owner’s own list (ADR 0045)',
  },
  outsideContactNotes: {
    visibleTo: [],
    because: 'contacts without the app are the owner’s own list (ADR 0045)',
  },
  pushEndpoint: { visibleTo: [], because: 'a push endpoint is a capability' },
  sponsorBio: {
    visibleTo: MEMBERS_BUT_BLOCKED,
    because: 'sponsor discovery shows the bio to members, never to one the owner blocked',
  },
  unpublishedGroupName: {
    visibleTo: GROUP_MANAGERS,
    because: 'an unpublished group exists for its leads and admins only',
  },
  unpublishedGroupDescription: {
    visibleTo: GROUP_MANAGERS,
    because: 'an unpublished group exists for its leads and admins only',
  },
  unpublishedMeetingName: {
    visibleTo: GROUP_MANAGERS,
    because: 'an unpublished group’s meetings exist for its leads and admins only',
  },
  unpublishedMeetingNotes: {
    visibleTo: GROUP_MANAGERS,
    because: 'an unpublished group’s meetings exist for its leads and admins only',
  },
  unpublishedMeetingAddress: {
    visibleTo: GROUP_MANAGERS,
    because: 'an unpublished group’s meetings exist for its leads and admins only',
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Helpers of the rows

const as = (w: MatrixWorld, p: Principal): { token: string } => ({
  token: w.members[p as Member].accessToken,
});

async function expectOk(label: string, p: Promise<ApiResponse<unknown>>): Promise<void> {
  const res = await p;
  if (res.status >= 300)
    throw new Error(`matrix undo: ${label} answered ${res.status} ${JSON.stringify(res.body)}`);
}

let serial = 0;
const unique = (): string => `${Date.now().toString(36)}${(serial += 1)}${randomBytes(2).toString('hex')}`;

/** Login: a member's own credentials; anonymous tries the owner's email with a wrong password. */
function credentials(w: MatrixWorld, p: Principal): { email: string; password: string } {
  if (p === 'anonymous') return { email: w.members.owner.email, password: 'not-the-password-1' };
  return { email: w.members[p].email, password: w.members[p].password };
}

/** A member's refresh token from registration (the erased member's died with the account); anonymous makes one up. */
function refreshTokenOf(w: MatrixWorld, p: Principal): string {
  if (p === 'anonymous') return `${randomUUID()}.${'A'.repeat(43)}`;
  return w.members[p].refreshToken;
}

const ownerProfile = (w: MatrixWorld) => ({
  available: true,
  maxSponsees: 3,
  fellowships: ['NA'],
  bio: w.markers.sponsorBio,
  region: `region ${w.tag}`,
});

/** Principals on the published meeting's phone list in the world (a join by anyone else is undone). */
const ON_OPEN_LIST: Principal[] = ['owner', 'peer', 'blocked'];

const group =
  (published: boolean) =>
  (w: MatrixWorld): string =>
    published ? w.ids.publishedGroup : w.ids.unpublishedGroup;
const meeting =
  (published: boolean) =>
  (w: MatrixWorld): string =>
    published ? w.ids.publishedMeeting : w.ids.unpublishedMeeting;

/** Two rows for an operation on the owner's groups or meetings: the published one and the unpublished one. */
function bothGroups(
  op: string,
  ok: number,
  expectPublished: (ok: number) => Expect,
  expectHidden: (ok: number) => Expect,
  request: (w: MatrixWorld, published: boolean, p: Principal) => CellRequest,
  after?: (published: boolean) => (c: CellContext) => Promise<void>,
): Row[] {
  return [true, false].map((published) =>
    row(op, (published ? expectPublished : expectHidden)(ok), (w, p) => request(w, published, p), {
      variant: published ? 'published group' : 'unpublished group',
      after: after?.(published),
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The table

export const TABLE: Row[] = [
  // Public: nothing private, the token is not read.
  row('GET /health', publicRoute(200)),
  row('GET /api/v1/fellowships', publicRoute(200)),
  row('GET /api/v1/meeting-types', publicRoute(200)),
  row('GET /api/v1/crisis-resources', publicRoute(200), () => ({ query: 'country=US' })),
  row('GET /api/v1/push/vapid-public-key', publicRoute(200)),
  row('GET /api/v1/feeds/meeting-guide.json', publicRoute(200)),
  row('GET /api/v1/meetings/places', publicRoute(200)),
  // BMLT's Semantic API (libs/bmlt): published listings only, whoever asks.
  row('GET /client_interface/{format}', publicRoute(200), () => ({
    path: { format: 'json' },
    query: 'switcher=GetSearchResults',
  })),

  // Twilio's webhooks (libs/sms, ADR 0044): public, guarded by Twilio's signature instead of a token. No principal can
  // sign (the matrix app has no Twilio account; test/e2e/sms signs with the fake's), so everyone gets 403.
  row('POST /api/v1/webhooks/twilio/sms', publicRoute(403), () => ({ body: { From: '+14155550123', Body: 'STOP' } })),
  row('POST /api/v1/webhooks/twilio/status', publicRoute(403), () => ({ body: { MessageSid: 'SM1', MessageStatus: 'delivered' } })),
  row('POST /api/v1/webhooks/twilio/voice', publicRoute(403), () => ({ query: 'ref=00000000-0000-4000-8000-000000000000', body: { Digits: '1' } })),

  // Sessions: public routes whose body says who. Login and refresh with the principal's own credentials/token.
  row('POST /api/v1/auth/register', publicRoute(201), (_w, p) => ({
    body: {
      email: `new-${p.toLowerCase()}-${unique()}@matrix.homegroup.local`,
      password: `pw-${unique()}`,
      displayName: 'New member',
    },
  })),
  row('POST /api/v1/auth/login', { ...publicRoute(200), anonymous: 401, erased: 401 }, (w, p) => ({
    body: credentials(w, p),
  })),
  row('POST /api/v1/auth/refresh', { ...publicRoute(200), anonymous: 401, erased: 401 }, (w, p) => ({
    body: { refreshToken: refreshTokenOf(w, p) },
  })),
  row('POST /api/v1/auth/logout', publicRoute(204), (w, p) => ({
    body: { refreshToken: refreshTokenOf(w, p) },
  })),

  // Identity: the caller's own.
  row('GET /api/v1/me', member(200)),
  row('PATCH /api/v1/me', member(200), () => ({ body: { languages: ['en'] } })),
  row('GET /api/v1/me/export', member(200)),
  row('POST /api/v1/me/notifications/test', member(200)),
  row('GET /api/v1/blocks', member(200)),
  row('DELETE /api/v1/me/sessions', member(204), undefined, { phase: 'destroy' }),
  row('DELETE /api/v1/me', member(204), undefined, { phase: 'erase' }),

  // Sponsorship.
  row('GET /api/v1/me/sponsor-profile', { ...member(404), owner: 200, sponsor: 200 }),
  row('PUT /api/v1/me/sponsor-profile', member(200), (w, p) => ({
    body: p === 'owner' ? ownerProfile(w) : { available: true, maxSponsees: 3, fellowships: ['NA'] },
  })),
  row('DELETE /api/v1/me/sponsor-profile', member(204), undefined, { phase: 'destroy' }),
  row('GET /api/v1/sponsors', member(200), (w) => ({ query: `region=${encodeURIComponent(w.tag)}` })),
  row(
    'POST /api/v1/sponsorships',
    { ...member(201), owner: 400, blocked: 404 },
    (w) => ({ body: { sponsorId: w.members.owner.id, fellowship: 'NA' } }),
    {
      variant: 'ask the owner',
      after: ({ w, api, p, res }) =>
        expectOk(
          'withdraw',
          api.post(`/sponsorships/${(res.body as { id: string }).id}/withdraw`, undefined, as(w, p)),
        ),
    },
  ),
  row('GET /api/v1/sponsorships', member(200)),
  row(
    'GET /api/v1/sponsorships/{id}',
    { ...ownerOnly(200), sponsor: 200 },
    (w) => ({ path: { id: w.ids.sponsorship } }),
    { variant: 'active: sponsor → owner' },
  ),
  row('GET /api/v1/sponsorships/{id}', ownerOnly(200), (w) => ({ path: { id: w.ids.requestToOwner } }), {
    variant: 'asked of the owner',
  }),
  row('GET /api/v1/sponsorships/{id}', ownerOnly(200), (w) => ({ path: { id: w.ids.requestByOwner } }), {
    variant: 'the owner asked',
  }),
  row(
    'POST /api/v1/sponsorships/{id}/accept',
    ownerOnly(200),
    (w) => ({ path: { id: w.ids.requestToOwner } }),
    {
      variant: 'asked of the owner',
      after: async ({ w, api }) => {
        await expectOk(
          'end',
          api.post(`/sponsorships/${w.ids.requestToOwner}/end`, undefined, as(w, 'owner')),
        );
        await w.rebuild.requestToOwner();
      },
    },
  ),
  row(
    'POST /api/v1/sponsorships/{id}/decline',
    ownerOnly(200),
    (w) => ({ path: { id: w.ids.requestToOwner } }),
    {
      variant: 'asked of the owner',
      after: ({ w }) => w.rebuild.requestToOwner(),
    },
  ),
  row(
    'POST /api/v1/sponsorships/{id}/withdraw',
    ownerOnly(200),
    (w) => ({ path: { id: w.ids.requestByOwner } }),
    {
      variant: 'the owner asked',
      after: ({ w }) => w.rebuild.requestByOwner(),
    },
  ),
  // Only a temporary sponsorship has a review: both parties of the matrix's primary one get 409, anyone else 404.
  row(
    'POST /api/v1/sponsorships/{id}/review',
    { ...ownerOnly(409), sponsor: 409 },
    (w) => ({ path: { id: w.ids.sponsorship }, body: { decision: 'continue' } }),
    { variant: 'active primary: nothing to review' },
  ),
  row(
    'POST /api/v1/sponsorships/{id}/end',
    { ...ownerOnly(200), sponsor: 200 },
    (w) => ({ path: { id: w.ids.sponsorship } }),
    {
      variant: 'active: sponsor → owner',
      after: ({ w }) => w.rebuild.sponsorship(),
    },
  ),

  // Phone list and practice calls: the owner's contactId for the contact is the owner's alone (the contact holds
  // their own, different id).
  row('GET /api/v1/phone-list', member(200)),
  row('GET /api/v1/phone-list/{contactId}', ownerOnly(200), (w) => ({
    path: { contactId: w.ids.contactId },
  })),
  row('PATCH /api/v1/phone-list/{contactId}', ownerOnly(200), (w) => ({
    path: { contactId: w.ids.contactId },
    body: { sharePhone: true },
  })),
  row(
    'DELETE /api/v1/phone-list/{contactId}',
    ownerOnly(204),
    (w) => ({ path: { contactId: w.ids.spareContactId } }),
    {
      variant: 'a spare contact',
      after: ({ w }) => w.rebuild.spareContact(),
    },
  ),
  // Contacts without the app (ADR 0045): the owner's own; everyone else's id is not found.
  row(
    'POST /api/v1/phone-list/outside',
    member(201),
    () => ({ body: { name: 'Someone', phone: '+442079468000' } }),
    {
      after: ({ w, api, p, res }) =>
        expectOk('remove', api.delete(`/phone-list/outside/${(res.body as { id: string }).id}`, as(w, p))),
    },
  ),
  row('GET /api/v1/phone-list/outside', member(200)),
  row('GET /api/v1/phone-list/outside/{id}', ownerOnly(200), (w) => ({ path: { id: w.ids.outsideContact } })),
  row('PATCH /api/v1/phone-list/outside/{id}', ownerOnly(200), (w) => ({
    path: { id: w.ids.outsideContact },
    body: { notes: w.markers.outsideContactNotes },
  })),
  // Consent by text (ADR 0048): only the owner asks; the text goes (log provider) and the spare is then `asked`.
  row(
    'POST /api/v1/phone-list/outside/{id}/ask-consent',
    ownerOnly(202),
    (w) => ({ path: { id: w.ids.spareOutsideContact } }),
    { variant: 'a spare contact without the app', after: ({ w }) => w.rebuild.spareOutsideContact() },
  ),
  row(
    'DELETE /api/v1/phone-list/outside/{id}',
    ownerOnly(204),
    (w) => ({ path: { id: w.ids.spareOutsideContact } }),
    { variant: 'a spare contact without the app', after: ({ w }) => w.rebuild.spareOutsideContact() },
  ),
  row('POST /api/v1/phone-list/invites', member(201)),
  row(
    'POST /api/v1/phone-list/invites/{code}/accept',
    { ...member(201), owner: 400, contact: 409, blocked: 404 },
    (w) => ({ path: { code: w.ids.inviteCode } }),
    {
      variant: "the owner's code",
      after: async ({ w, api, p, res }) => {
        await expectOk('unlink', api.delete(`/phone-list/${(res.body as { id: string }).id}`, as(w, p)));
        await w.rebuild.inviteCode();
      },
    },
  ),
  row(
    'POST /api/v1/practice-calls',
    ownerOnly(201),
    (w) => ({ body: { contactId: w.ids.contactId, outcome: 'voicemail' } }),
    {
      variant: "to the owner's contactId",
    },
  ),
  row(
    'POST /api/v1/practice-calls',
    ownerOnly(201),
    (w) => ({ body: { outsideContactId: w.ids.outsideContact, outcome: 'voicemail' } }),
    { variant: "to the owner's contact without the app" },
  ),
  row('GET /api/v1/practice-calls', member(200)),
  row('GET /api/v1/practice-calls/next', member(200)),
  row('GET /api/v1/practice-calls/settings', member(200)),
  row('PUT /api/v1/practice-calls/settings', member(200), () => ({ body: { dailyGoal: 1 } })),
  row('GET /api/v1/practice-calls/{id}', ownerOnly(200), (w) => ({ path: { id: w.ids.practiceCall } })),
  row(
    'DELETE /api/v1/practice-calls/{id}',
    ownerOnly(204),
    (w) => ({ path: { id: w.ids.sparePracticeCall } }),
    {
      variant: 'a spare call',
      after: ({ w }) => w.rebuild.sparePracticeCall(),
    },
  ),

  // Craving alerts: the owner's, and those sent to the sponsor and the contact (paged at once).
  row('GET /api/v1/me/alert-circle', member(200)),
  row('POST /api/v1/cravings', { ...member(201), owner: 200 }, () => ({ body: { intensity: 3 } }), {
    variant: "the owner's alert is open: reused",
  }),
  row('GET /api/v1/cravings', member(200)),
  row(
    'GET /api/v1/cravings/{id}',
    { ...ownerOnly(200), sponsor: 200, contact: 200 },
    (w) => ({ path: { id: w.ids.cravingResolved } }),
    {
      variant: 'resolved, outcome not shared',
    },
  ),
  row(
    'GET /api/v1/cravings/{id}',
    { ...ownerOnly(200), sponsor: 200, contact: 200 },
    (w) => ({ path: { id: w.ids.cravingShared } }),
    {
      variant: 'resolved, outcome shared',
    },
  ),
  row(
    'GET /api/v1/cravings/{id}',
    { ...ownerOnly(200), sponsor: 200, contact: 200 },
    (w) => ({ path: { id: w.ids.cravingOpen } }),
    {
      variant: 'open (the block took the blocked member off it)',
    },
  ),
  row(
    'POST /api/v1/cravings/{id}/acknowledge',
    { ...ownerOnly(200), owner: 403, sponsor: 200, contact: 200 },
    (w) => ({ path: { id: w.ids.cravingOpen }, body: { message: 'here for you' } }),
    { variant: 'open' },
  ),
  // A block ends access to each other's alerts, resolved ones included (the blocked member was paged by this one).
  row(
    'POST /api/v1/cravings/{id}/acknowledge',
    { ...ownerOnly(403), sponsor: 409, contact: 409 },
    (w) => ({ path: { id: w.ids.cravingResolved }, body: { message: 'here for you' } }),
    { variant: 'resolved: 409 for those it was sent to' },
  ),
  row(
    'POST /api/v1/cravings/{id}/resolve',
    ownerOnly(200),
    (w) => ({
      path: { id: w.ids.cravingResolved },
      body: { outcome: 'used', note: w.markers.resolveNote, shareOutcome: false },
    }),
    { variant: 'resolved already' },
  ),
  row('GET /api/v1/me/escalation-policy', member(200)),
  row('PUT /api/v1/me/escalation-policy', member(200), () => ({ body: { sponsorBreakthrough: true } })),

  // Notifications.
  row('GET /api/v1/me/notification-preferences', member(200)),
  row('PUT /api/v1/me/notification-preferences', member(200), () => ({
    body: { showCravingDetails: false },
  })),
  row('POST /api/v1/me/push-subscriptions', member(201), (_w, p) => ({
    body: { endpoint: pushEndpoint(`matrix-${p}-${unique()}`), keys: PUSH_KEYS },
  })),
  row('GET /api/v1/me/push-subscriptions', member(200)),
  row(
    'DELETE /api/v1/me/push-subscriptions/{id}',
    ownerOnly(204),
    (w) => ({ path: { id: w.ids.sparePushSubscription } }),
    {
      variant: 'a spare subscription',
      after: ({ w }) => w.rebuild.sparePushSubscription(),
    },
  ),

  // Groups: the owner leads a published and an unpublished group; the co-lead leads both; the lead principal leads
  // another group (which gives them nothing here).
  row('POST /api/v1/groups', member(201), (_w, p) => ({
    body: { name: `Group of ${p} ${unique()}`, fellowship: 'NA' },
  })),
  row('GET /api/v1/me/groups', member(200)),
  ...bothGroups('GET /api/v1/groups/{groupId}', 200, anyone, hidden, (w, published) => ({
    path: { groupId: group(published)(w) },
  })),
  ...bothGroups('PATCH /api/v1/groups/{groupId}', 200, leads, leadsHidden, (w, published) => ({
    path: { groupId: group(published)(w) },
    body: { fellowship: 'NA' },
  })),
  ...bothGroups(
    'DELETE /api/v1/groups/{groupId}',
    204,
    leads,
    leadsHidden,
    (w, published) => ({
      path: { groupId: published ? w.ids.throwawayGroup.published : w.ids.throwawayGroup.unpublished },
    }),
    (published) =>
      ({ w }) =>
        w.rebuild.throwawayGroup(published),
  ),
  ...bothGroups('GET /api/v1/groups/{groupId}/leads', 200, leads, leadsHidden, (w, published) => ({
    path: { groupId: group(published)(w) },
  })),
  ...bothGroups('POST /api/v1/groups/{groupId}/leads', 200, leads, leadsHidden, (w, published) => ({
    path: { groupId: group(published)(w) },
    body: { userId: w.spares.lead.id },
  })),
  ...bothGroups(
    'DELETE /api/v1/groups/{groupId}/leads/{userId}',
    204,
    leads,
    leadsHidden,
    (w, published) => ({ path: { groupId: group(published)(w), userId: w.spares.lead.id } }),
    (published) =>
      ({ w }) =>
        w.rebuild.spareLead(published),
  ),
  ...bothGroups('GET /api/v1/groups/{groupId}/changes', 200, leads, leadsHidden, (w, published) => ({
    path: { groupId: group(published)(w) },
  })),
  ...bothGroups('GET /api/v1/groups/{groupId}/meetings', 200, anyone, hidden, (w, published) => ({
    path: { groupId: group(published)(w) },
  })),
  ...bothGroups('POST /api/v1/groups/{groupId}/meetings', 201, leads, leadsHidden, (w, published) => ({
    path: { groupId: group(published)(w) },
    body: meetingInput({ name: `Added ${unique()}` }),
  })),
  ...bothGroups('GET /api/v1/groups/{groupId}/calendar.ics', 200, anyone, hidden, (w, published) => ({
    path: { groupId: group(published)(w) },
  })),
  ...bothGroups('POST /api/v1/imports/meeting-guide', 200, leads, leadsHidden, (w, published) => ({
    body: { source: `matrix-${w.tag}`, groupId: group(published)(w), meetings: [] },
  })),
  row(
    'POST /api/v1/imports/meeting-guide',
    { ...member(403), admin: 200 },
    (w) => ({ body: { source: `matrix-feed-${w.tag}`, meetings: [] } }),
    {
      variant: 'a whole feed (no groupId)',
    },
  ),

  // Meeting sources (ADR 0043): the owner's source for the published group; admins and the group's leads, 404 for others.
  ...bothGroups('POST /api/v1/meeting-sources', 201, leads, leadsHidden, (w, published) => ({
    body: {
      name: `Matrix ${w.tag} source`,
      url: 'https://feeds.example.org/cell.json',
      format: 'meeting-guide',
      cadenceMinutes: 60,
      groupId: group(published)(w),
    },
  })),
  row(
    'POST /api/v1/meeting-sources',
    { ...member(403), admin: 201 },
    (w) => ({
      body: {
        name: `Matrix ${w.tag} whole feed`,
        url: 'https://feeds.example.org/whole.json',
        format: 'bmlt',
        cadenceMinutes: 60,
      },
    }),
    { variant: 'a whole feed (no groupId)' },
  ),
  row('GET /api/v1/meeting-sources', member(200)),
  row('GET /api/v1/meeting-sources/{sourceId}', leadsHidden(200), (w) => ({
    path: { sourceId: w.ids.meetingSource },
  })),
  row('PATCH /api/v1/meeting-sources/{sourceId}', leadsHidden(200), (w) => ({
    path: { sourceId: w.ids.meetingSource },
    body: { cadenceMinutes: 90 },
  })),
  row('POST /api/v1/meeting-sources/{sourceId}/run', leadsHidden(202), (w) => ({
    path: { sourceId: w.ids.meetingSource },
  })),
  row('GET /api/v1/meeting-sources/{sourceId}/runs', leadsHidden(200), (w) => ({
    path: { sourceId: w.ids.meetingSource },
  })),
  row(
    'DELETE /api/v1/meeting-sources/{sourceId}',
    leadsHidden(204),
    (w) => ({ path: { sourceId: w.ids.throwawaySource } }),
    {
      after: ({ w }) => w.rebuild.throwawaySource(),
    },
  ),

  // Meetings: the published group's meeting and the unpublished group's; search scoped to the world's tag, which the
  // unpublished meeting's name holds too.
  row('GET /api/v1/meetings', anyone(200), (w) => ({ query: `q=${w.tag}` }), {
    variant: 'free text that matches both meetings',
  }),
  ...bothGroups('GET /api/v1/meetings/{id}', 200, anyone, hidden, (w, published) => ({
    path: { id: meeting(published)(w) },
  })),
  ...bothGroups('PATCH /api/v1/meetings/{id}', 200, leads, leadsHidden, (w, published) => ({
    path: { id: meeting(published)(w) },
    body: { durationMinutes: 60 },
  })),
  ...bothGroups(
    'DELETE /api/v1/meetings/{id}',
    204,
    leads,
    leadsHidden,
    (w, published) => ({
      path: { id: published ? w.ids.throwawayMeeting.published : w.ids.throwawayMeeting.unpublished },
    }),
    (published) =>
      ({ w }) =>
        w.rebuild.throwawayMeeting(published),
  ),
  ...bothGroups('POST /api/v1/meetings/{id}/exceptions', 201, leads, leadsHidden, (w, published) => ({
    path: { id: meeting(published)(w) },
    body: { date: '2030-01-21', kind: 'cancel' },
  })),
  ...bothGroups(
    'DELETE /api/v1/meetings/{id}/exceptions/{exceptionId}',
    200,
    leads,
    leadsHidden,
    (w, published) => ({
      path: {
        id: meeting(published)(w),
        exceptionId: published ? w.ids.publishedException : w.ids.unpublishedException,
      },
    }),
    (published) =>
      ({ w }) =>
        w.rebuild.exception(published),
  ),
  ...bothGroups('POST /api/v1/meetings/{id}/verify', 200, leads, leadsHidden, (w, published) => ({
    path: { id: meeting(published)(w) },
  })),
  ...bothGroups('GET /api/v1/meetings/{id}/calendar.ics', 200, anyone, hidden, (w, published) => ({
    path: { id: meeting(published)(w) },
  })),
  // Listings that stay true (ADR 0042): any member reports a listing they can see (the throwaway meeting, so the
  // fixtures never show `reported`); only leads and admins read the reports, 404 for everyone else.
  ...bothGroups('POST /api/v1/meetings/{id}/reports', 201, member, leadsHidden, (w, published) => ({
    path: { id: published ? w.ids.throwawayMeeting.published : w.ids.throwawayMeeting.unpublished },
    body: { reason: 'nobody_there', note: 'matrix' },
  })),
  ...bothGroups('GET /api/v1/groups/{groupId}/reports', 200, leadsHidden, leadsHidden, (w, published) => ({
    path: { groupId: group(published)(w) },
  })),
  // Change proposals: any member proposes on a listing they can see; the group's leads decide (admins only for a group
  // without leads, so 404 here like everyone else).
  ...bothGroups('POST /api/v1/meetings/{id}/proposals', 201, member, leadsHidden, (w, published) => ({
    path: { id: meeting(published)(w) },
    body: { changes: { name: `Proposed ${unique()}` }, note: 'matrix' },
  })),
  ...bothGroups('GET /api/v1/groups/{groupId}/proposals', 200, deciders, deciders, (w, published) => ({
    path: { groupId: group(published)(w) },
  })),
  ...(['approve', 'reject'] as const).flatMap((decision) =>
    bothGroups(
      `POST /api/v1/proposals/{id}/${decision}`,
      200,
      deciders,
      deciders,
      (w, published) => ({ path: { id: published ? w.ids.proposal.published : w.ids.proposal.unpublished } }),
      (published) =>
        ({ w }) =>
          w.rebuild.proposal(published),
    ),
  ),

  // Meeting phone lists: the owner, the peer and the blocked member are on the published meeting's list; the peer
  // asked the owner to be contacts. Nobody is on the unpublished meeting's list.
  row(
    'POST /api/v1/meetings/{id}/phone-list',
    member(200),
    (w) => ({ path: { id: w.ids.publishedMeeting } }),
    {
      variant: 'published group',
      after: async ({ w, api, p }) => {
        if (!ON_OPEN_LIST.includes(p))
          await expectOk('leave', api.delete(`/meetings/${w.ids.publishedMeeting}/phone-list`, as(w, p)));
      },
    },
  ),
  row(
    'POST /api/v1/meetings/{id}/phone-list',
    leadsHidden(200),
    (w) => ({ path: { id: w.ids.unpublishedMeeting } }),
    {
      variant: 'unpublished group',
      after: ({ w, api, p }) =>
        expectOk('leave', api.delete(`/meetings/${w.ids.unpublishedMeeting}/phone-list`, as(w, p))),
    },
  ),
  row(
    'GET /api/v1/meetings/{id}/phone-list',
    { ...member(403), owner: 200, peer: 200, blocked: 200 },
    (w) => ({ path: { id: w.ids.publishedMeeting } }),
    {
      variant: 'published group',
    },
  ),
  row(
    'GET /api/v1/meetings/{id}/phone-list',
    leadsHidden(403),
    (w) => ({ path: { id: w.ids.unpublishedMeeting } }),
    { variant: 'unpublished group' },
  ),
  row(
    'POST /api/v1/meetings/{id}/phone-list/requests',
    { ...member(403), owner: 400, peer: 409, blocked: 404 },
    (w) => ({ path: { id: w.ids.publishedMeeting }, body: { userId: w.members.owner.id } }),
    { variant: 'published group, to the owner' },
  ),
  row(
    'POST /api/v1/meetings/{id}/phone-list/requests',
    { ...leadsHidden(403), owner: 400 },
    (w) => ({ path: { id: w.ids.unpublishedMeeting }, body: { userId: w.members.owner.id } }),
    { variant: 'unpublished group, to the owner' },
  ),
  row(
    'DELETE /api/v1/meetings/{id}/phone-list',
    { ...member(404), owner: 204, peer: 204, blocked: 204 },
    (w) => ({ path: { id: w.ids.publishedMeeting } }),
    {
      variant: 'published group',
      phase: 'destroy',
      after: ({ w, api, p }) =>
        expectOk('join', api.post(`/meetings/${w.ids.publishedMeeting}/phone-list`, undefined, as(w, p))),
    },
  ),
  row(
    'DELETE /api/v1/meetings/{id}/phone-list',
    member(404),
    (w) => ({ path: { id: w.ids.unpublishedMeeting } }),
    {
      variant: 'unpublished group',
      phase: 'destroy',
    },
  ),
  row('GET /api/v1/me/meeting-contact-requests', member(200)),
  row(
    'POST /api/v1/meeting-contact-requests/{requestId}/accept',
    ownerOnly(200),
    (w) => ({ path: { requestId: w.ids.contactRequest } }),
    {
      variant: 'the peer asked the owner',
      after: async ({ w, api, p, res }) => {
        const contactId = (res.body as { contactId: string | null }).contactId;
        if (contactId) await expectOk('unlink', api.delete(`/phone-list/${contactId}`, as(w, p)));
        await w.rebuild.contactRequest();
      },
    },
  ),
  row(
    'POST /api/v1/meeting-contact-requests/{requestId}/decline',
    ownerOnly(200),
    (w) => ({ path: { requestId: w.ids.contactRequest } }),
    {
      variant: 'the peer asked the owner',
      after: ({ w }) => w.rebuild.contactRequest(),
    },
  ),
  row(
    'POST /api/v1/meeting-contact-requests/{requestId}/withdraw',
    { ...ownerOnly(200), owner: 404, peer: 200 },
    (w) => ({ path: { requestId: w.ids.contactRequest } }),
    { variant: 'the peer asked the owner', after: ({ w }) => w.rebuild.contactRequest() },
  ),

  // Blocks, last before the accounts go: every member blocks the owner (which ends their links), then only the owner
  // can lift the owner's own block.
  row(
    'POST /api/v1/blocks',
    { ...member(204), owner: 400 },
    (w) => ({ body: { userId: w.members.owner.id } }),
    {
      variant: 'block the owner',
      phase: 'destroy',
    },
  ),
  row('DELETE /api/v1/blocks/{userId}', ownerOnly(204), (w) => ({ path: { userId: w.members.blocked.id } }), {
    variant: "the owner's block",
    phase: 'destroy',
  }),
];

/** A starting row for an operation the table lacks (the failure message prints it). */
export function suggestRow(
  name: string,
  operation: {
    security?: Record<string, unknown>[];
    responses?: Record<string, unknown>;
    parameters?: { name: string; in: string }[];
  },
): string {
  const ok = Object.keys(operation.responses ?? {}).find((s) => s.startsWith('2')) ?? '200';
  const security = operation.security ?? [];
  const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
  const cls =
    security.length === 0
      ? 'publicRoute'
      : security.some((s) => Object.keys(s).length === 0)
        ? 'anyone'
        : pathParams.length > 0
          ? 'ownerOnly'
          : 'member';
  const request =
    pathParams.length > 0
      ? `, (w) => ({ path: { ${pathParams.map((p) => `${p}: w.ids.…`).join(', ')} } })`
      : '';
  return `row('${name}', ${cls}(${ok})${request}),`;
}
