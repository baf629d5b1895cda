import { signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../libs/contracts/src/socket-events';
import { api } from './api/client';
import { freshAccessToken } from './session';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type AlertPayload = Parameters<ServerToClientEvents['craving.alert']>[0];
type UserRef = AlertPayload['from'];

/** An alert someone in my circle raised, as I (a recipient) see it. */
export type IncomingAlert = {
  cravingId: string;
  from: UserRef;
  intensity: number;
  createdAt: string;
  responders: UserRef[];
  myStatus: string;
  resolved: boolean;
};

export const incoming = signal<IncomingAlert[]>([]);
/** My own open alert, as the server reports it on connect (`craving.status`): a reload finds it again. */
export const ownOpenAlertId = signal<string | null>(null);
export const connected = signal(false);
/** The live connection failed or dropped and is being retried (not while the first connect is under way). */
export const reconnecting = signal(false);
/** The newest alert that arrived live (the banner); cleared when answered or dismissed. */
export const bannerAlert = signal<IncomingAlert | null>(null);
/** The last change to my phone list made by someone else (they accepted my code, removed me, changed consent). */
export const phoneListChange = signal<{ kind: 'added' | 'removed' | 'consent'; contactId: string; name: string; at: number } | null>(null);

/** Someone without the app answered my consent ask by text, or stopped texts (ADR 0048): the new state only. */
export const outsideConsentChange = signal<{ outsideContactId: string; alertConsent: 'given' | 'withdrawn'; at: number } | null>(null);

/**
 * For the group's leads (ADR 0042): listings due for a check (the daily reminder), a member's report, a change
 * proposal. The newest of each kind per group; the lead screen shows them.
 */
export type ListingNews =
  | { kind: 'due'; groupId: string; groupName: string; meetings: string[]; at: number }
  | { kind: 'reported' | 'proposed'; groupId: string; meeting: string; at: number };
export const listingNews = signal<ListingNews[]>([]);
const addNews = (news: ListingNews): void => {
  listingNews.value = [news, ...listingNews.value.filter((n) => n.groupId !== news.groupId || n.kind !== news.kind)].slice(0, 10);
};

type OwnerListener = {
  acknowledged: ServerToClientEvents['craving.acknowledged'];
  escalated: ServerToClientEvents['craving.escalated'];
  resolved: ServerToClientEvents['craving.resolved'];
  status: ServerToClientEvents['craving.status'];
};
const ownerListeners = new Set<Partial<OwnerListener>>();

/** The craving screen listens to its own alert's events while it is open. */
export function onOwnerEvents(listener: Partial<OwnerListener>): () => void {
  ownerListeners.add(listener);
  return () => ownerListeners.delete(listener);
}

type SponsorshipListener = {
  updated: ServerToClientEvents['sponsorship.updated'];
  reviewDue: ServerToClientEvents['sponsorship.review-due'];
};
const sponsorshipListeners = new Set<Partial<SponsorshipListener>>();

/** The sponsorship screen listens while it is open: the other side accepted, declined, ended or reviewed. */
export function onSponsorshipEvents(listener: Partial<SponsorshipListener>): () => void {
  sponsorshipListeners.add(listener);
  return () => sponsorshipListeners.delete(listener);
}

let socket: AppSocket | null = null;

/**
 * One socket per signed-in tab: websocket transport only (same origin, so the CSP's connect-src 'self' covers it),
 * the access token in `auth`, asked for afresh on every (re)connect so a reconnect after expiry carries a valid one.
 * Open alerts are replayed by the server on every connect (`craving.alert`), de-duplicated here by cravingId.
 */
export function startLive(): void {
  if (socket) return;
  socket = io(location.origin, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: (cb) => {
      void freshAccessToken().then((token) => cb({ token: token ?? '' }));
    },
  });
  socket.on('connect', () => {
    connected.value = true;
    reconnecting.value = false;
  });
  socket.on('disconnect', (reason) => {
    connected.value = false;
    reconnecting.value = true;
    // The server disconnects a socket whose token expired: reconnect, `auth` fetches a fresh token.
    if (reason === 'io server disconnect') socket?.connect();
  });
  socket.on('connect_error', () => {
    connected.value = false;
    reconnecting.value = true;
  });
  socket.on('craving.alert', (payload, ack) => {
    ack({ received: true });
    receive(payload);
  });
  socket.on('craving.acknowledged', (payload) => {
    update(payload.cravingId, (alert) => ({
      ...alert,
      responders: alert.responders.some((r) => r.id === payload.by.id) ? alert.responders : [...alert.responders, payload.by],
    }));
    for (const l of ownerListeners) l.acknowledged?.(payload);
  });
  socket.on('craving.resolved', (payload) => {
    if (ownOpenAlertId.value === payload.cravingId) ownOpenAlertId.value = null;
    update(payload.cravingId, (alert) => ({ ...alert, resolved: true }));
    if (bannerAlert.value?.cravingId === payload.cravingId) bannerAlert.value = null;
    for (const l of ownerListeners) l.resolved?.(payload);
  });
  socket.on('craving.escalated', (payload) => {
    for (const l of ownerListeners) l.escalated?.(payload);
  });
  socket.on('contact.added', (p) => {
    phoneListChange.value = { kind: 'added', contactId: p.contactId, name: p.user.displayName, at: Date.now() };
  });
  socket.on('contact.removed', (p) => {
    phoneListChange.value = { kind: 'removed', contactId: p.contactId, name: p.user.displayName, at: Date.now() };
  });
  socket.on('contact.consent-changed', (p) => {
    phoneListChange.value = { kind: 'consent', contactId: p.contactId, name: p.user.displayName, at: Date.now() };
  });
  socket.on('phone-list.outside-consent', (p) => {
    outsideConsentChange.value = { outsideContactId: p.outsideContactId, alertConsent: p.alertConsent, at: Date.now() };
  });
  socket.on('sponsorship.updated', (payload) => {
    for (const l of sponsorshipListeners) l.updated?.(payload);
  });
  socket.on('sponsorship.review-due', (payload) => {
    for (const l of sponsorshipListeners) l.reviewDue?.(payload);
  });
  socket.on('listing.verification-due', (p) => {
    addNews({ kind: 'due', groupId: p.groupId, groupName: p.groupName, meetings: p.meetings.map((m) => m.name), at: Date.now() });
  });
  socket.on('listing.reported', (p) => addNews({ kind: 'reported', groupId: p.groupId, meeting: p.meeting.name, at: Date.now() }));
  socket.on('listing.change-proposed', (p) => addNews({ kind: 'proposed', groupId: p.groupId, meeting: p.meeting.name, at: Date.now() }));
  socket.on('craving.status', (payload) => {
    if (payload.state !== 'resolved') ownOpenAlertId.value = payload.cravingId;
    for (const l of ownerListeners) l.status?.(payload);
  });
}

export function stopLive(): void {
  socket?.close();
  socket = null;
  connected.value = false;
  reconnecting.value = false;
  incoming.value = [];
  bannerAlert.value = null;
  ownOpenAlertId.value = null;
  phoneListChange.value = null;
  outsideConsentChange.value = null;
  listingNews.value = [];
}

function update(cravingId: string, change: (alert: IncomingAlert) => IncomingAlert): void {
  incoming.value = incoming.value.map((alert) => (alert.cravingId === cravingId ? change(alert) : alert));
  const banner = bannerAlert.value;
  if (banner?.cravingId === cravingId) bannerAlert.value = change(banner);
}

function receive(payload: AlertPayload): void {
  const known = incoming.value.find((alert) => alert.cravingId === payload.cravingId);
  if (known) return;
  const alert: IncomingAlert = {
    cravingId: payload.cravingId,
    from: payload.from,
    intensity: payload.intensity,
    createdAt: payload.createdAt,
    responders: [],
    myStatus: 'delivered',
    resolved: false,
  };
  incoming.value = [alert, ...incoming.value];
  bannerAlert.value = alert;
  ring();
  // Who else is responding already, and whether I am (a reload must not offer "respond" again).
  void api.GET('/api/v1/cravings/{id}', { params: { path: { id: payload.cravingId } } }).then(({ data }) => {
    if (!data || !('from' in data)) return;
    update(payload.cravingId, (a) => ({
      ...a,
      responders: data.responders,
      myStatus: data.myStatus,
      resolved: data.state === 'resolved',
    }));
    if (data.myStatus === 'responding' && bannerAlert.value?.cravingId === payload.cravingId) bannerAlert.value = null;
  });
}

/** I am responding: the API records it; the owner sees my name and message live. */
export async function respond(cravingId: string, message: string): Promise<string | null> {
  const { data, error } = await api.POST('/api/v1/cravings/{id}/acknowledge', {
    params: { path: { id: cravingId } },
    body: message.trim() ? { message: message.trim() } : {},
  });
  if (!data) return error && typeof error === 'object' && 'message' in error ? String(error.message) : 'network error';
  update(cravingId, (a) => ({ ...a, myStatus: data.myStatus, responders: data.responders, resolved: data.state === 'resolved' }));
  if (bannerAlert.value?.cravingId === cravingId) bannerAlert.value = null;
  return null;
}

/** A short tone (Web Audio, nothing downloaded) and a vibration where the device supports them. */
function ring(): void {
  try {
    navigator.vibrate?.([300, 150, 300]);
  } catch {
    /* not supported */
  }
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 660;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
    tone.onended = () => void audio.close();
  } catch {
    /* autoplay refused until the page was used; the banner still shows */
  }
}
