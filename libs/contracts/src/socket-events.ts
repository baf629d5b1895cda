/**
 * The Socket.IO contract: every server → client event and its payload. Emits go through
 * RealtimeService.emitToUser, which only accepts events named here.
 */
export type UserRef = { id: string; displayName: string };

/** A crisis line or emergency number (table `crisis_resources`), shown with every alert and escalation. */
export type CrisisResource = {
  country: string;
  kind: 'crisis_line' | 'helpline' | 'emergency';
  name: string;
  phone: string | null;
  sms: string | null;
  url: string | null;
  description: string;
};

export type CravingOutcome = 'passed' | 'struggling' | 'used';
export type CravingRecipientStatus = 'pending' | 'skipped' | 'notified' | 'delivered' | 'responding';
/** An outside contact's alert by text (ADR 0049), as its owner sees it. */
export type CravingTextRecipientStatus = 'waiting' | 'skipped' | 'texted' | 'delivered' | 'failed' | 'responding';
export type CravingTextRecipient = { id: string; name: string; step: number; status: CravingTextRecipientStatus };
/** Who acknowledged: a member, or (`via: 'sms'`, to the owner only) an outside contact who replied to the text. */
export type CravingResponderRef = UserRef & { via?: 'sms' };

/** Client → server replies for craving events: the body the HTTP route returns, or an error a person can act on. */
export type SocketErrorReply = {
  error: { statusCode: number; error: string; message: string; fields?: { field: string; messages: string[] }[] };
};

export type ServerToClientEvents = {
  /** Sent on connect so a client knows who it is and which server version it talks to. */
  'session.ready': (payload: { userId: string; serverTime: string }) => void;
  /** Development and test aid: a plain notice for one member. */
  'system.notice': (payload: { message: string; at: string }) => void;
  // --- sponsorship events (libs/sponsorship) ---
  /**
   * A sponsorship changed state (requested, active, ended, …) or was reviewed (still `active`: a new review date,
   * or `kind` now the primary one); sent to both parties. `by` is null for expiry.
   */
  'sponsorship.updated': (payload: {
    sponsorshipId: string;
    status: 'requested' | 'active' | 'ended' | 'declined' | 'withdrawn' | 'expired';
    kind: string;
    fellowship: string;
    by: UserRef | null;
  }) => void;
  /** A temporary sponsorship reached its review date: continue, make it primary, or end. Sent to both parties. */
  'sponsorship.review-due': (payload: {
    sponsorshipId: string;
    kind: string;
    fellowship: string;
    reviewAt: string;
    sponsor: UserRef;
    sponsee: UserRef;
  }) => void;
  // --- phone-list events (libs/phone-list) ---
  /** Someone is now on the member's phone list (`contactId` is the member's own contact id). */
  'contact.added': (payload: { contactId: string; user: UserRef; source: 'invite' | 'meeting' }) => void;
  /** A contact link ended (removed by either side, or a block): the contact is gone from the member's list. */
  'contact.removed': (payload: { contactId: string; user: UserRef }) => void;
  /** A contact gave or withdrew consent to receive the member's craving alerts; in force at once. */
  'contact.consent-changed': (payload: { contactId: string; user: UserRef; acceptsMyAlerts: boolean }) => void;
  /**
   * To the owner: someone without the app answered a consent ask by text (`given`) or stopped texts (`withdrawn`).
   * Never a reason or a number: the state only (ADR 0048).
   */
  'phone-list.outside-consent': (payload: { outsideContactId: string; alertConsent: 'given' | 'withdrawn' }) => void;
  /** The member's daily practice-call reminder (never mentions cravings: it may show on a lock screen). */
  'practice.reminder': (payload: { message: string; dailyGoal: number; todayCount: number }) => void;
  // --- meeting listing events (libs/meetings, ADR 0042) ---
  /** To each lead of a group: these listings were not confirmed within the group's cadence; check and verify them. */
  'listing.verification-due': (payload: {
    groupId: string;
    groupName: string;
    meetings: { id: string; name: string; dueAt: string }[];
  }) => void;
  /** To each lead of the group: a member reported a listing; `listingReported` once enough members did (it shows `reported`). */
  'listing.reported': (payload: {
    groupId: string;
    meeting: { id: string; name: string };
    reason: 'nobody_there' | 'link_broken' | 'wrong_time' | 'wrong_place';
    listingReported: boolean;
  }) => void;
  /** To each lead of the group: a member proposed a correction of a listing (GET /groups/{id}/proposals). */
  'listing.change-proposed': (payload: { groupId: string; proposalId: string; meeting: { id: string; name: string }; fields: string[] }) => void;
  // --- craving events (libs/cravings) ---
  /**
   * A member in the recipient's circle is asking for help now. Sent with an ack: the client's ack records
   * delivery. Sent again on every connect while the alert is open (clients de-duplicate by cravingId).
   */
  'craving.alert': (
    payload: { cravingId: string; from: UserRef; intensity: number; createdAt: string; step: number },
    ack: (reply: { received: true }) => void,
  ) => void;
  /** Someone is responding. The owner also sees the responder's message; other recipients see who. */
  'craving.acknowledged': (payload: { cravingId: string; by: CravingResponderRef; message?: string }) => void;
  /** To the owner: the alert widened to step `step`, or (with `message`) nobody has answered yet. */
  'craving.escalated': (payload: {
    cravingId: string;
    step: number;
    message?: string;
    crisisResources: CrisisResource[];
    disclaimer: string;
  }) => void;
  /** The alert is over; `outcome` only when the owner shares it. */
  'craving.resolved': (payload: { cravingId: string; outcome?: CravingOutcome; autoResolved: boolean }) => void;
  /** To the owner: how are you doing? (+30 minutes, and the next morning) */
  'craving.checkin': (payload: { cravingId: string; kind: 'half-hour' | 'next-morning' }) => void;
  /** To the owner on connect: each of their open alerts with who received it and who is responding. */
  'craving.status': (payload: {
    cravingId: string;
    state: 'triggered' | 'acknowledged' | 'resolved';
    intensity: number;
    createdAt: string;
    step: number;
    recipients: { user: UserRef; role: string; step: number; status: CravingRecipientStatus }[];
    /** The owner's outside contacts texted at their step (ADR 0049); also sent when a text's status changes. */
    textRecipients?: CravingTextRecipient[];
  }) => void;
};

export type ClientToServerEvents = {
  ping: (payload: Record<string, never>, ack: (reply: { ok: true; serverTime: string }) => void) => void;
  // --- craving client events (libs/cravings) ---
  /** Same body as POST /cravings; the ack gets the same response body (or `{ error }`). */
  'craving.create': (
    payload: { intensity: number; trigger?: string; note?: string },
    ack: (reply: Record<string, unknown> | SocketErrorReply) => void,
  ) => void;
  /** Same as POST /cravings/:id/acknowledge; the ack gets the alert as the recipient sees it (or `{ error }`). */
  'craving.acknowledge': (
    payload: { cravingId: string; message?: string },
    ack: (reply: Record<string, unknown> | SocketErrorReply) => void,
  ) => void;
};

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Data Socket.IO keeps on each authenticated socket. */
export type SocketData = { userId: string; tokenExpiresAt: number };

export const userRoom = (userId: string): string => `user:${userId}`;
