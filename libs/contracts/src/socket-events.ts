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
  // --- phone-list events (libs/phone-list) ---
};

export type ClientToServerEvents = {
  ping: (payload: Record<string, never>, ack: (reply: { ok: true; serverTime: string }) => void) => void;
};

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** Data Socket.IO keeps on each authenticated socket. */
export type SocketData = { userId: string; tokenExpiresAt: number };

export const userRoom = (userId: string): string => `user:${userId}`;
