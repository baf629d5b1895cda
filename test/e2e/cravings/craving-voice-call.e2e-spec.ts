import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ServerEventPayload } from '@homegroup/contracts';
import { CravingEscalationService, CravingVoiceCallService } from '@homegroup/cravings';
import { Clock } from '@homegroup/operations';
import { buildCircle, CravingBody, raiseCraving, type CravingCircle } from '../../factories/craving.factory';
import type { TestMember } from '../../factories/member.factory';
import { activeSponsorship, registerSponsor, updateMemberProfile } from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { FAKE_TWILIO_ACCOUNT, FakeTwilio, fakeTwilioEnv, startFakeTwilio } from '../../utils/fake-twilio';
import { connectSocket, type TestSocket } from '../../utils/socket-client';
import { waitFor, waitUntil } from '../../utils/wait-for';

type Preferences = { showCravingDetails: boolean; callMeWhenNobodyAnswers: boolean; updatedAt: string | null };
type ErrorBody = { statusCode: number; message: string; code?: string };

/** The nobody-answered step's delay by default (the escalation policy's 10 minutes). */
const NOBODY_ANSWERED_MS = 10 * 60_000;
const usNumber = (): string => `+1415555${randomInt(2000, 9000)}`;

describe('craving alerts: a phone call to opted-in sponsors at "nobody has answered" (ADR 0050)', () => {
  let t: TestApp;
  let fake: FakeTwilio;
  let clock: Clock;
  let escalation: CravingEscalationService;
  let db: DataSource;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    fake = await startFakeTwilio();
    t = await createTestApp({ publicUrlIsBaseUrl: true, captureLogs: true, env: fakeTwilioEnv(fake) });
    fake.useApp(t.baseUrl);
    clock = t.app.get(Clock);
    escalation = t.app.get(CravingEscalationService);
    db = t.app.get(DataSource);
  });

  afterEach(() => {
    clock.resume();
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const optIn = async (member: TestMember, phone: string | null = usNumber()) => {
    if (phone) await updateMemberProfile(t.api, member, { phone });
    const res = await t.api.put<Preferences>(
      '/me/notification-preferences',
      { showCravingDetails: false, callMeWhenNobodyAnswers: true },
      { token: member.accessToken },
    );
    expect(res.status).toBe(200);
    return phone;
  };

  /**
   * Sam's circle (ADR 0050's cast): the primary sponsor opted in to calls, a temporary sponsor with a phone who did
   * not, and the first contact with a phone who opted in (contacts are never called).
   */
  const circle = async () => {
    const c = await buildCircle(t.api);
    const sponsorPhone = (await optIn(c.sponsor)) as string;
    const temporary = await registerSponsor(t.api, { displayName: 'Temp T.' });
    await activeSponsorship(t.api, c.owner, temporary, { kind: 'temporary_sponsor' });
    const temporaryPhone = usNumber();
    await updateMemberProfile(t.api, temporary, { phone: temporaryPhone });
    const contactPhone = (await optIn(c.first)) as string;
    return { ...c, sponsorPhone, temporary, temporaryPhone, contactPhone };
  };

  const acknowledgements = async (member: TestMember) => {
    const events: ServerEventPayload<'craving.acknowledged'>[] = [];
    const socket = await connectSocket(t.baseUrl, member.accessToken, (s) => {
      s.on('craving.acknowledged', (p) => events.push(p));
    });
    sockets.push(socket);
    return events;
  };

  /** Raises an alert at `start` and fires "nobody has answered" at +10 minutes; the call to `phone`, once placed. */
  const raiseUntilNobodyAnswered = async (c: CravingCircle, start = new Date()) => {
    clock.freeze(start);
    const craving = (await raiseCraving(t.api, c.owner)).body;
    clock.freeze(new Date(start.getTime() + NOBODY_ANSWERED_MS));
    return craving;
  };

  const calledRecipients = async (cravingId: string): Promise<string[]> =>
    (
      await db.query<{ user_id: string }[]>(
        `SELECT user_id FROM craving_recipients WHERE craving_id = $1 AND called_at IS NOT NULL ORDER BY user_id`,
        [cravingId],
      )
    ).map((r) => r.user_id);

  const callTo = (phone: string) => waitFor(() => Promise.resolve(fake.calls.find((call) => call.to === phone)));

  it('should call only the opted-in sponsor, once, charged to the owner, and let 1 acknowledge the alert as them', async () => {
    const c = await circle();
    const ownerAcks = await acknowledgements(c.owner);
    const craving = await raiseUntilNobodyAnswered(c);
    expect(await escalation.fireStep(craving.id, 3)).toBe(true);
    const call = await callTo(c.sponsorPhone);

    // One claim statement decided everyone: only the opted-in sponsor was claimed and called.
    expect(await calledRecipients(craving.id)).toEqual([c.sponsor.id]);
    expect(fake.calls.filter((x) => [c.temporaryPhone, c.contactPhone].includes(x.to))).toEqual([]);
    // A retry of the step, the sweeper or a second run calls nobody again.
    expect(await escalation.fireStep(craving.id, 3)).toBe(false);
    expect(await t.app.get(CravingVoiceCallService).callSponsors(craving.id, c.owner.id)).toBe(0);
    expect(fake.calls.filter((x) => x.to === c.sponsorPhone)).toHaveLength(1);
    const [row] = await db.query<{ purpose: string; member_id: string; ref_kind: string; ref_id: string; kind: string }[]>(
      `SELECT m.purpose, m.member_id, m.ref_kind, m.ref_id, m.kind FROM sms_messages m WHERE m.provider_sid = $1`,
      [call.sid],
    );
    const [sponsorRow] = await db.query<{ id: string }[]>(
      `SELECT id FROM craving_recipients WHERE craving_id = $1 AND user_id = $2`,
      [craving.id, c.sponsor.id],
    );
    expect(row).toEqual({ purpose: 'voice-alert', member_id: c.owner.id, ref_kind: 'craving-call', ref_id: sponsorRow.id, kind: 'call' });

    const answered = await fake.answerCall(call.sid);
    expect(answered.status).toBe(200);
    expect(answered.text).toMatch(/<Gather [^>]*numDigits="1"/);
    expect(answered.text).toContain(`action="${t.baseUrl}/api/v1/webhooks/twilio/voice?ref=`);
    expect(answered.text).toContain('<Say language="en-US" loop="2">This is Homegroup. Sam asked for help 10 minutes ago and nobody has answered yet. Press 1 if you are calling them.</Say>');
    // Nothing of the craving itself is said.
    const spoken = [...answered.text.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => m[1]).join(' ');
    expect(spoken).not.toMatch(/craving|brother|emotional|intensity|7/i);

    const other = await fake.pressKey(call.sid, '2');
    expect(other.text).toMatch(/<Gather [^>]*numDigits="1"/);
    expect(other.text).toContain('Sam asked for help 10 minutes ago');
    expect(ownerAcks).toEqual([]);

    const pressed = await fake.pressKey(call.sid, '1');
    expect(pressed.text).toContain('<Say language="en-US">Thank you. We told Sam you are calling.</Say><Hangup/>');
    expect(pressed.text).not.toContain('<Gather');
    await waitUntil(() => ownerAcks.length === 1);
    expect(ownerAcks[0]).toMatchObject({ cravingId: craving.id, by: { id: c.sponsor.id, displayName: 'Sponsor S.' } });
    const view = (await t.api.get<CravingBody>(`/cravings/${craving.id}`, { token: c.owner.accessToken })).body;
    expect(view.state).toBe('acknowledged');
    expect(view.recipients.find((r) => r.user.id === c.sponsor.id)?.status).toBe('responding');
  });

  it('should call nobody when the alert was acknowledged before "nobody has answered", and say so on a call already placed', async () => {
    const c = await circle();
    const craving = await raiseUntilNobodyAnswered(c);
    const ack = await t.api.post(`/cravings/${craving.id}/acknowledge`, {}, { token: c.first.accessToken });
    expect(ack.status).toBe(200);
    expect(await escalation.fireStep(craving.id, 3)).toBe(false);
    expect(await t.app.get(CravingVoiceCallService).callSponsors(craving.id, c.owner.id)).toBe(0);
    expect(await calledRecipients(craving.id)).toEqual([]);
    expect(fake.calls.filter((x) => x.to === c.sponsorPhone)).toEqual([]);

    // Acknowledged by someone else while the sponsor's phone rang: the call says so and hangs up.
    const later = await circle();
    const second = await raiseUntilNobodyAnswered(later);
    expect(await escalation.fireStep(second.id, 3)).toBe(true);
    const call = await callTo(later.sponsorPhone);
    expect((await t.api.post(`/cravings/${second.id}/acknowledge`, {}, { token: later.first.accessToken })).status).toBe(200);
    const answered = await fake.answerCall(call.sid);
    expect(answered.text).toContain("Someone has already answered Sam's alert. Thank you.</Say><Hangup/>");
    expect(answered.text).not.toContain('<Gather');
  });

  it('should answer a call about a resolved alert with that and hang up, recording nothing on 1', async () => {
    const c = await circle();
    const ownerAcks = await acknowledgements(c.owner);
    const craving = await raiseUntilNobodyAnswered(c);
    expect(await escalation.fireStep(craving.id, 3)).toBe(true);
    const call = await callTo(c.sponsorPhone);
    const answered = await fake.answerCall(call.sid);
    expect(answered.text).toContain('<Gather');
    const resolved = await t.api.post(`/cravings/${craving.id}/resolve`, { outcome: 'passed' }, { token: c.owner.accessToken });
    expect(resolved.status).toBe(200);

    const pressed = await fake.pressKey(call.sid, '1');
    expect(pressed.text).toContain("Sam's alert is already resolved. Thank you.</Say><Hangup/>");
    // Twilio fetching the call's Url again (a new request, with the Called parameter it also sends).
    const again = await fake.post(call.url, {
      AccountSid: FAKE_TWILIO_ACCOUNT.sid,
      CallSid: call.sid,
      CallStatus: 'in-progress',
      Called: call.to,
      From: call.from,
      To: call.to,
    });
    expect(again.status).toBe(200);
    expect(again.text).toContain("This is Homegroup. Sam's alert is already resolved. Thank you.</Say><Hangup/>");
    const [row] = await db.query<{ acknowledged_at: Date | null }[]>(
      `SELECT acknowledged_at FROM craving_recipients WHERE craving_id = $1 AND user_id = $2`,
      [craving.id, c.sponsor.id],
    );
    expect(row.acknowledged_at).toBeNull();
    expect(ownerAcks).toEqual([]);
  });

  it('should record a call nobody picked up, log it without the number, and erase it with the sponsor', async () => {
    const c = await circle();
    const craving = await raiseUntilNobodyAnswered(c);
    expect(await escalation.fireStep(craving.id, 3)).toBe(true);
    const call = await callTo(c.sponsorPhone);
    expect((await fake.deliverStatus(call.sid, 'no-answer')).status).toBe(200);
    const [row] = await db.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM sms_messages WHERE provider_sid = $1`,
      [call.sid],
    );
    expect(row.status).toBe('no-answer');
    await waitUntil(() => t.logs().includes(`nobody-answered call ${row.id} ended no-answer`));
    expect(t.logs()).not.toContain(c.sponsorPhone.slice(2));

    // The call (the sponsor's number, encrypted) leaves with the sponsor's account (ADR 0038).
    expect((await t.api.delete('/me', { token: c.sponsor.accessToken })).status).toBe(204);
    expect(await db.query(`SELECT id FROM sms_messages WHERE id = $1`, [row.id])).toEqual([]);
  });

  it('should turn calls on only with a phone on the profile, and keep them as they are when not sent', async () => {
    const c = await buildCircle(t.api);
    const without = await t.api.put<ErrorBody>(
      '/me/notification-preferences',
      { showCravingDetails: true, callMeWhenNobodyAnswers: true },
      { token: c.sponsor.accessToken },
    );
    expect(without.status).toBe(422);
    expect(without.body.code).toBe('phone_required');
    expect(without.body.message).toMatch(/callMeWhenNobodyAnswers needs a phone/);
    const unchanged = await t.api.get<Preferences>('/me/notification-preferences', { token: c.sponsor.accessToken });
    expect(unchanged.body).toEqual({ showCravingDetails: false, callMeWhenNobodyAnswers: false, updatedAt: null });

    const bad = await t.api.put<ErrorBody>(
      '/me/notification-preferences',
      { showCravingDetails: false, callMeWhenNobodyAnswers: 'yes' },
      { token: c.sponsor.accessToken },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/callMeWhenNobodyAnswers must be true or false/);

    await optIn(c.sponsor);
    const kept = await t.api.put<Preferences>(
      '/me/notification-preferences',
      { showCravingDetails: true },
      { token: c.sponsor.accessToken },
    );
    expect(kept.body).toMatchObject({ showCravingDetails: true, callMeWhenNobodyAnswers: true });
    const off = await t.api.put<Preferences>(
      '/me/notification-preferences',
      { showCravingDetails: true, callMeWhenNobodyAnswers: false },
      { token: c.sponsor.accessToken },
    );
    expect(off.body).toMatchObject({ showCravingDetails: true, callMeWhenNobodyAnswers: false });

    // Opted out again: the next alert's "nobody has answered" calls nobody.
    const craving = await raiseUntilNobodyAnswered(c);
    expect(await escalation.fireStep(craving.id, 3)).toBe(true);
    expect(await t.app.get(CravingVoiceCallService).callSponsors(craving.id, c.owner.id)).toBe(0);
    expect(await calledRecipients(craving.id)).toEqual([]);
  });
});
