import { DataSource } from 'typeorm';
import type { ServerEventPayload } from '@homegroup/contracts';
import { CravingEscalationService } from '@homegroup/cravings';
import { Clock } from '@homegroup/operations';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import type { ApiClient } from '../utils/api-client';
import { connectSocket, type TestSocket } from '../utils/socket-client';
import { linkContacts, setContactSettings } from './contact.factory';
import { registerMember, type TestMember } from './member.factory';
import {
  activeSponsorship,
  registerSponsee,
  registerSponsor,
  type SponsorshipBody,
} from './sponsorship.factory';

export type CravingBody = {
  id: string;
  state: string;
  intensity: number;
  trigger: string | null;
  note: string | null;
  createdAt: string;
  step: number;
  outcome: string | null;
  autoResolved: boolean;
  reused?: boolean;
  recipients: {
    user: { id: string; displayName: string };
    role: string;
    step: number;
    status: string;
    message?: string;
  }[];
  crisisResources: { name: string; phone: string | null; sms: string | null; kind: string }[];
  disclaimer: string;
  overdoseRisk?: { title: string; points: string[] };
};

export type RecipientBody = {
  id: string;
  state: string;
  from: { id: string; displayName: string };
  intensity: number;
  myStatus: string;
  responders: { id: string; displayName: string }[];
  outcome: string | null;
  note?: string;
};

/** An owner with a sponsor, two consenting contacts, one contact who did not consent, and a stranger. */
export type CravingCircle = {
  owner: TestMember;
  sponsor: TestMember;
  sponsorship: SponsorshipBody;
  first: TestMember;
  second: TestMember;
  /** Owner's contact who never consented to the owner's alerts. */
  silent: TestMember;
  stranger: TestMember;
  /** contact's own contactId towards the owner, per consenting contact id (to withdraw consent). */
  consentContactIds: Map<string, string>;
};

export async function consentingContact(api: ApiClient, owner: TestMember, name?: string) {
  const contact = await registerMember(api, name ? { displayName: name } : {});
  const pair = await linkContacts(api, owner, contact);
  await setContactSettings(api, contact, pair.contactContactId, { acceptsAlerts: true });
  return { contact, pair };
}

export async function buildCircle(api: ApiClient): Promise<CravingCircle> {
  const owner = await registerSponsee(api, {}, 'Sam');
  const sponsor = await registerSponsor(api, { displayName: 'Sponsor S.' });
  const sponsorship = await activeSponsorship(api, owner, sponsor);
  const a = await consentingContact(api, owner, 'First F.');
  const b = await consentingContact(api, owner, 'Second S.');
  const silent = await registerMember(api, { displayName: 'Silent N.' });
  await linkContacts(api, owner, silent);
  const stranger = await registerMember(api, { displayName: 'Stranger X.' });
  return {
    owner,
    sponsor,
    sponsorship,
    first: a.contact,
    second: b.contact,
    silent,
    stranger,
    consentContactIds: new Map([
      [a.contact.id, a.pair.contactContactId],
      [b.contact.id, b.pair.contactContactId],
    ]),
  };
}

export type AlertInbox = { socket: TestSocket; alerts: ServerEventPayload<'craving.alert'>[] };

/** A socket that acks every `craving.alert` (like the app does) and keeps them, listening from before connect. */
export async function openInbox(baseUrl: string, member: TestMember, ack = true): Promise<AlertInbox> {
  const alerts: ServerEventPayload<'craving.alert'>[] = [];
  const socket = await connectSocket(baseUrl, member.accessToken, (s) => {
    s.on('craving.alert', (payload, reply) => {
      alerts.push(payload);
      if (ack) reply({ received: true });
    });
  });
  return { socket, alerts };
}

/** Proves the channel works (an acked ping round trip) before asserting that nothing arrived. */
export async function roundTrip(socket: TestSocket): Promise<void> {
  await socket.timeout(5000).emitWithAck('ping', {});
}

export async function raiseCraving(
  api: ApiClient,
  owner: TestMember,
  body: Record<string, unknown> = { intensity: 7, trigger: 'emotional', note: 'fight with my brother' },
): Promise<{ status: number; body: CravingBody }> {
  return api.post<CravingBody>('/cravings', body, { token: owner.accessToken });
}

/** What a craving e2e file with a controlled clock works with (see `cravingHarness`). */
export type CravingHarness = {
  t: TestApp;
  clock: Clock;
  escalation: CravingEscalationService;
  db: DataSource;
  /** A recipient's live inbox, closed after each test. */
  inbox: (member: TestMember) => Promise<AlertInbox>;
  /** Sockets closed after each test (push any a test opens itself). */
  sockets: TestSocket[];
};

/**
 * The app, its clock and escalation service for one file: started before all tests, the clock resumed and every
 * inbox closed after each, stopped after all. Call at the top of a `describe`.
 */
export function cravingHarness(): CravingHarness {
  const sockets: TestSocket[] = [];
  const h = {
    sockets,
    inbox: async (member: TestMember) => {
      const box = await openInbox(h.t.baseUrl, member);
      sockets.push(box.socket);
      return box;
    },
  } as CravingHarness;
  beforeAll(async () => {
    h.t = await createTestApp();
    h.clock = h.t.app.get(Clock);
    h.escalation = h.t.app.get(CravingEscalationService);
    h.db = h.t.app.get(DataSource);
  });
  afterEach(() => {
    h.clock.resume();
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await h.t.close();
  });
  return h;
}
