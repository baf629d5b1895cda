/**
 * The Socket.IO contract: every server → client event and its payload. Emits go through
 * RealtimeService.emitToUser, which only accepts events named here.
 */
export type UserRef = { id: string; displayName: string };

export type ServerToClientEvents = {
  /** Sent on connect so a client knows who it is and which server version it talks to. */
  'session.ready': (payload: { userId: string; serverTime: string }) => void;
  /** Development and test aid: a plain notice for one member. */
  'system.notice': (payload: { message: string; at: string }) => void;
  // --- sponsorship events (libs/sponsorship) ---
  /** A sponsorship changed state (requested, active, ended, …); sent to both parties. `by` is null for expiry. */
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
  /** The member's daily practice-call reminder (never mentions cravings: it may show on a lock screen). */
  'practice.reminder': (payload: { message: string; dailyGoal: number; todayCount: number }) => void;
};

export type ClientToServerEvents = {
  ping: (payload: Record<string, never>, ack: (reply: { ok: true; serverTime: string }) => void) => void;
};

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Data Socket.IO keeps on each authenticated socket. */
export type SocketData = { userId: string; tokenExpiresAt: number };

export const userRoom = (userId: string): string => `user:${userId}`;
