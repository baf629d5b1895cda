import { DataSource } from 'typeorm';
import { QUEUES, type ServerEventPayload } from '@homegroup/contracts';
import {
  AlertInbox,
  buildCircle,
  consentingContact,
  CravingBody,
  openInbox,
  raiseCraving,
  roundTrip,
  cravingHarness,
} from '../../factories/craving.factory';
import { linkContacts, setContactSettings } from '../../factories/contact.factory';
import type { TestMember } from '../../factories/member.factory';
import { updateMemberProfile } from '../../factories/sponsorship.factory';
import { connectSocket } from '../../utils/socket-client';
import { waitFor, waitUntil } from '../../utils/wait-for';

describe('craving alerts: escalation ladder, follow-up and history (controlled clock)', () => {
  const h = cravingHarness();

  const ownerEvents = async (owner: TestMember) => {
    const escalated: ServerEventPayload<'craving.escalated'>[] = [];
    const checkins: ServerEventPayload<'craving.checkin'>[] = [];
    const resolved: ServerEventPayload<'craving.resolved'>[] = [];
    const socket = await connectSocket(h.t.baseUrl, owner.accessToken, (s) => {
      s.on('craving.escalated', (p) => escalated.push(p));
      s.on('craving.checkin', (p) => checkins.push(p));
      s.on('craving.resolved', (p) => resolved.push(p));
    });
    h.sockets.push(socket);
    return { socket, escalated, checkins, resolved };
  };

  /** An owner with a sponsor and five consenting contacts: c1, c2 first, c3, c4 next, c5 last. */
  const ladderCircle = async () => {
    const c = await buildCircle(h.t.api);
    const c3 = (await consentingContact(h.t.api, c.owner, 'Third')).contact;
    const c4 = (await consentingContact(h.t.api, c.owner, 'Fourth')).contact;
    const c5 = (await consentingContact(h.t.api, c.owner, 'Fifth')).contact;
    return { ...c, c3, c4, c5 };
  };

  const view = async (id: string, owner: TestMember) =>
    (await h.t.api.get<CravingBody>(`/cravings/${id}`, { token: owner.accessToken })).body;

  it('should widen step by step while nobody answers, each step once, then tell the owner nobody has answered', async () => {
    const c = await ladderCircle();
    const owner = await ownerEvents(c.owner);
    const members = [c.first, c.second, c.c3, c.c4, c.c5];
    const boxes = new Map(await Promise.all(members.map(async (m) => [m.id, await h.inbox(m)] as const)));
    const start = new Date();
    h.clock.freeze(start);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    expect(craving.recipients.map((r) => r.step)).toEqual([0, 0, 0, 1, 1, 2]);
    expect(craving.recipients.filter((r) => r.step > 0).every((r) => r.status === 'pending')).toBe(true);
    const atStep = (step: number) =>
      craving.recipients.filter((r) => r.step === step).map((r) => boxes.get(r.user.id) as AlertInbox);
    const [c3, c4] = atStep(1);
    const [c5] = atStep(2);

    h.clock.freeze(new Date(start.getTime() + 2 * 60_000));
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(true);
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(false); // a job that runs twice fires once
    await waitUntil(() => c3.alerts.length === 1 && c4.alerts.length === 1 && owner.escalated.length === 1);
    expect(c3.alerts[0]).toMatchObject({ cravingId: craving.id, step: 1 });
    await roundTrip(c5.socket);
    expect(c5.alerts).toEqual([]);
    expect(owner.escalated[0]).toMatchObject({ cravingId: craving.id, step: 1 });
    expect(owner.escalated[0].crisisResources.length).toBeGreaterThan(0);

    h.clock.freeze(new Date(start.getTime() + 5 * 60_000));
    expect(await h.escalation.fireStep(craving.id, 2)).toBe(true);
    await waitUntil(() => c5.alerts.length === 1);
    expect(c3.alerts).toHaveLength(1);

    h.clock.freeze(new Date(start.getTime() + 10 * 60_000));
    expect(await h.escalation.fireStep(craving.id, 3)).toBe(true);
    await waitUntil(() => owner.escalated.length === 3);
    expect(owner.escalated[2].step).toBe(3);
    expect(owner.escalated[2].message).toMatch(/Nobody has answered yet/);
    expect(owner.escalated[2].crisisResources.map((r) => r.phone)).toContain('988');
    expect((await view(craving.id, c.owner)).step).toBe(3);
  });

  it('should write the ladder as a chain of timers: step 1 with the alert, each step the next, none after an acknowledgement', async () => {
    const c = await ladderCircle();
    const timers = async (cravingId: string) =>
      h.t.app.get(DataSource).query<{ step: number; dueInS: number }[]>(
        `SELECT (data->>'step')::int AS step, round(extract(epoch FROM start_after - now()))::int AS "dueInS"
             FROM pgboss.job WHERE name = $1 AND data->>'cravingId' = $2 ORDER BY 1`,
        [QUEUES.cravingEscalation, cravingId],
      );
    const start = new Date();
    h.clock.freeze(start);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    const [firstTimer, ...none] = await timers(craving.id);
    expect(none).toEqual([]);
    expect(firstTimer.step).toBe(1);
    expect(Math.abs(firstTimer.dueInS - 120)).toBeLessThanOrEqual(5);

    // Step 1 fires at +2 min and writes step 2's timer for +5 min after the alert: 3 minutes from now.
    h.clock.freeze(new Date(start.getTime() + 2 * 60_000));
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(true);
    const afterOne = await timers(craving.id);
    expect(afterOne.map((j) => j.step)).toEqual([1, 2]);
    expect(Math.abs(afterOne[1].dueInS - 180)).toBeLessThanOrEqual(5);
    // A duplicate run of step 1 writes nothing more.
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(false);
    expect((await timers(craving.id)).map((j) => j.step)).toEqual([1, 2]);

    // Someone answers: step 2 changes nothing and schedules nothing.
    await h.t.api.post(`/cravings/${craving.id}/acknowledge`, {}, { token: c.first.accessToken });
    h.clock.freeze(new Date(start.getTime() + 5 * 60_000));
    expect(await h.escalation.fireStep(craving.id, 2)).toBe(false);
    expect((await timers(craving.id)).map((j) => j.step)).toEqual([1, 2]);
  });

  it('should fire the next step at once when the previous one ran late', async () => {
    const c = await ladderCircle();
    const start = new Date();
    h.clock.freeze(start);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    // Step 1 runs 6 minutes late (a worker was down): step 2 (due at +5 min) is due now, not 3 minutes on.
    h.clock.freeze(new Date(start.getTime() + 8 * 60_000));
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(true);
    const rows = await h.t.app.get(DataSource).query<{ dueInS: number }[]>(
      `SELECT round(extract(epoch FROM start_after - now()))::int AS "dueInS" FROM pgboss.job
          WHERE name = $1 AND data->>'cravingId' = $2 AND data->>'step' = '2'`,
      [QUEUES.cravingEscalation, craving.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].dueInS).toBeLessThanOrEqual(1);
  });

  it('should send an alert again at each step to whoever was notified over 10 s ago and never confirmed it, acknowledged or not', async () => {
    const c = await buildCircle(h.t.api);
    const sponsor = await h.inbox(c.sponsor);
    // `first` is connected but its app never confirms (as when the live emit was lost on the way).
    const first = await openInbox(h.t.baseUrl, c.first, false);
    h.sockets.push(first.socket);
    // The ack window is real time: the app's clock (moved by earlier tests) is set back to it.
    h.clock.freeze(new Date());
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    await waitUntil(() => sponsor.alerts.length === 1 && first.alerts.length === 1);
    const deliveredOf = async (userId: string) =>
      (
        await h.db.query<{ delivered: boolean }[]>(
          `SELECT delivered_at IS NOT NULL AS delivered FROM craving_recipients WHERE craving_id = $1 AND user_id = $2`,
          [craving.id, userId],
        )
      )[0].delivered;
    await waitFor(() => deliveredOf(c.sponsor.id));
    // Within the ack window nothing is sent again.
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(true);
    await roundTrip(first.socket);
    expect(first.alerts).toHaveLength(1);
    // Notified a minute ago: step 2 sends it again to `first` only (the sponsor confirmed).
    await h.db.query(
      `UPDATE craving_recipients SET notified_at = notified_at - interval '1 minute' WHERE craving_id = $1`,
      [craving.id],
    );
    expect(await h.escalation.fireStep(craving.id, 2)).toBe(true);
    await waitUntil(() => first.alerts.length === 2);
    expect(first.alerts[1]).toMatchObject({ cravingId: craving.id, step: 0 });
    // Acknowledged: step 3 no longer fires, but the unconfirmed recipient still gets it again.
    await h.t.api.post(`/cravings/${craving.id}/acknowledge`, {}, { token: c.second.accessToken });
    expect(await h.escalation.fireStep(craving.id, 3)).toBe(false);
    await waitUntil(() => first.alerts.length === 3);
    await roundTrip(sponsor.socket);
    expect(sponsor.alerts).toHaveLength(1);
    expect(await deliveredOf(c.first.id)).toBe(false);
  });

  it('should stop the ladder when someone acknowledges between steps', async () => {
    const c = await ladderCircle();
    const owner = await ownerEvents(c.owner);
    const c3 = await h.inbox(c.c3);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    await h.t.api.post(`/cravings/${craving.id}/acknowledge`, {}, { token: c.first.accessToken });
    h.clock.travel(2 * 60_000);
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(false);
    expect(await h.escalation.fireStep(craving.id, 2)).toBe(false);
    expect(await h.escalation.fireStep(craving.id, 3)).toBe(false);
    await roundTrip(c3.socket);
    await roundTrip(owner.socket);
    expect(c3.alerts).toEqual([]);
    expect(owner.escalated).toEqual([]);
    expect(
      (await view(craving.id, c.owner)).recipients.filter((r) => r.step > 0).map((r) => r.status),
    ).toEqual(['pending', 'pending', 'pending']);
  });

  it('should skip a contact in quiet hours (not hold the alert), page them later if free, and let a sponsor break through unless they opted out', async () => {
    const c = await buildCircle(h.t.api);
    // Everyone but the first contact is available 09:00–17:00 UTC only; it is 03:00 UTC.
    const nineToFive = [{ days: [0, 1, 2, 3, 4, 5, 6], start: '09:00', end: '17:00' }];
    await setContactSettings(h.t.api, c.second, c.consentContactIds.get(c.second.id) ?? '', {
      availability: nineToFive,
    });
    const sponsorBox = await h.inbox(c.sponsor);
    const secondBox = await h.inbox(c.second);
    const night = new Date('2026-11-23T03:00:00Z');
    h.clock.freeze(night);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    expect(craving.recipients.map((r) => [r.user.id, r.status])).toEqual([
      [c.sponsor.id, 'notified'], // breaks through (no windows needed)
      [c.first.id, 'notified'],
      [c.second.id, 'skipped'],
    ]);
    await waitUntil(() => sponsorBox.alerts.length === 1);
    await roundTrip(secondBox.socket);
    expect(secondBox.alerts).toEqual([]);
    // At 09:00 the next step re-checks skipped contacts: the second is free now.
    h.clock.freeze(new Date('2026-11-23T09:05:00Z'));
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(true);
    await waitUntil(() => secondBox.alerts.length === 1);

    // A sponsor who opted out of breakthrough is skipped in their quiet hours like anyone else.
    const d = await buildCircle(h.t.api);
    await h.t.api.put(
      '/me/escalation-policy',
      { sponsorBreakthrough: false },
      { token: d.sponsor.accessToken },
    );
    // The sponsor's hours live on their contact row toward the owner.
    const pair = await linkContacts(h.t.api, d.owner, d.sponsor);
    await setContactSettings(h.t.api, d.sponsor, pair.contactContactId, {
      acceptsAlerts: true,
      availability: nineToFive,
    });
    h.clock.freeze(night);
    const second = (await raiseCraving(h.t.api, d.owner)).body;
    expect(second.recipients.find((r) => r.user.id === d.sponsor.id)?.status).toBe('skipped');
  });

  it('should keep the policy an alert started with, and honour chosen first responders and delays', async () => {
    const c = await ladderCircle();
    const put = await h.t.api.put(
      '/me/escalation-policy',
      {
        firstResponderIds: [c.c5.id],
        nextContactsAfterSeconds: 30,
        everyoneAfterSeconds: 60,
        nobodyAnsweredAfterSeconds: 90,
      },
      { token: c.owner.accessToken },
    );
    expect(put.status).toBe(200);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    expect(craving.recipients.filter((r) => r.step === 0).map((r) => r.user.id)).toEqual([
      c.sponsor.id,
      c.c5.id,
    ]);
    // Changing the policy now does not change the running alert.
    await h.t.api.put('/me/escalation-policy', { firstResponderIds: [] }, { token: c.owner.accessToken });
    expect(
      (await view(craving.id, c.owner)).recipients.filter((r) => r.step === 0).map((r) => r.user.id),
    ).toEqual([c.sponsor.id, c.c5.id]);
    const bad = await h.t.api.put(
      '/me/escalation-policy',
      { firstResponderIds: [c.stranger.id] },
      { token: c.owner.accessToken },
    );
    expect(bad.status).toBe(400);
    expect((bad.body as { message: string }).message).toMatch(/not in your circle/);
    const order = await h.t.api.put(
      '/me/escalation-policy',
      { everyoneAfterSeconds: 10, nextContactsAfterSeconds: 20 },
      { token: c.owner.accessToken },
    );
    expect(order.status).toBe(400);
    const policy = await h.t.api.get('/me/escalation-policy', { token: c.owner.accessToken });
    expect(policy.body).toMatchObject({
      firstResponderIds: [],
      nextContactsAfterSeconds: 30,
      sponsorBreakthrough: true,
    });
  });

  it('should check in at +30 minutes while open and the next morning, once each', async () => {
    const c = await buildCircle(h.t.api);
    const owner = await ownerEvents(c.owner);
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    h.clock.travel(30 * 60_000);
    expect(await h.escalation.checkin(craving.id, 'half-hour')).toBe(true);
    expect(await h.escalation.checkin(craving.id, 'half-hour')).toBe(false);
    await h.t.api.post(
      `/cravings/${craving.id}/resolve`,
      { outcome: 'passed' },
      { token: c.owner.accessToken },
    );
    h.clock.travel(12 * 3600_000);
    expect(await h.escalation.checkin(craving.id, 'next-morning')).toBe(true);
    await waitUntil(() => owner.checkins.length === 2);
    expect(owner.checkins).toEqual([
      { cravingId: craving.id, kind: 'half-hour' },
      { cravingId: craving.id, kind: 'next-morning' },
    ]);
  });

  it('should auto-resolve an alert still open after 60 minutes, tell everyone, and still take the owner’s outcome', async () => {
    const c = await buildCircle(h.t.api);
    const owner = await ownerEvents(c.owner);
    const sponsorBox = await h.inbox(c.sponsor);
    const resolvedToSponsor: ServerEventPayload<'craving.resolved'>[] = [];
    sponsorBox.socket.on('craving.resolved', (p) => resolvedToSponsor.push(p));
    const craving = (await raiseCraving(h.t.api, c.owner)).body;
    h.clock.travel(60 * 60_000);
    expect(await h.escalation.autoResolve(craving.id)).toBe(true);
    expect(await h.escalation.autoResolve(craving.id)).toBe(false);
    await waitUntil(() => owner.resolved.length === 1 && resolvedToSponsor.length === 1);
    expect(resolvedToSponsor[0]).toEqual({ cravingId: craving.id, autoResolved: true });
    expect(await view(craving.id, c.owner)).toMatchObject({
      state: 'resolved',
      autoResolved: true,
      outcome: null,
    });
    expect(await h.escalation.fireStep(craving.id, 1)).toBe(false);
    const later = await h.t.api.post<CravingBody>(
      `/cravings/${craving.id}/resolve`,
      { outcome: 'struggling' },
      { token: c.owner.accessToken },
    );
    expect(later.body).toMatchObject({ state: 'resolved', outcome: 'struggling', autoResolved: true });
  });

  it('should give the owner their history newest first with cursor pages and their patterns', async () => {
    const c = await buildCircle(h.t.api);
    await updateMemberProfile(h.t.api, c.owner, { cleanDate: '2026-01-01' });
    await h.t.api.patch('/me', { timezone: 'America/New_York' }, { token: c.owner.accessToken });
    const moments: [string, string | undefined][] = [
      ['2026-02-01T23:30:00Z', 'emotional'], // 18:30 New York, 4 weeks clean
      ['2026-05-01T12:00:00Z', 'environmental'], // 08:00, 4 months
      ['2026-09-01T12:30:00Z', 'emotional'], // 08:30, 8 months
      ['2027-02-01T23:00:00Z', undefined], // 18:00, 13 months
    ];
    const ids: string[] = [];
    for (const [at, trigger] of moments) {
      h.clock.freeze(new Date(at));
      const res = await raiseCraving(h.t.api, c.owner, { intensity: 6, ...(trigger ? { trigger } : {}) });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const page1 = await h.t.api.get<{
      items: { id: string; note: string | null }[];
      nextCursor: string;
      patterns: Record<string, unknown>;
    }>('/cravings?limit=3', { token: c.owner.accessToken });
    expect(page1.body.items.map((i) => i.id)).toEqual([ids[3], ids[2], ids[1]]);
    const page2 = await h.t.api.get<{ items: { id: string }[]; nextCursor: string | null }>(
      `/cravings?limit=3&cursor=${page1.body.nextCursor}`,
      { token: c.owner.accessToken },
    );
    expect(page2.body.items.map((i) => i.id)).toEqual([ids[0]]);
    expect(page2.body.nextCursor).toBeNull();
    const patterns = page1.body.patterns as {
      byTrigger: Record<string, number>;
      byHourOfDay: number[];
      byWeeksInRecovery: Record<string, number>;
    };
    expect(patterns.byTrigger).toEqual({ environmental: 1, emotional: 2, physical: 0, other: 0, none: 1 });
    expect(patterns.byHourOfDay[18]).toBe(2);
    expect(patterns.byHourOfDay[8]).toBe(2);
    expect(patterns.byWeeksInRecovery).toEqual({
      '0-12 weeks': 1,
      '3-6 months': 1,
      '6-12 months': 1,
      '1y+': 1,
    });
    expect((await h.t.api.get('/cravings?cursor=bad!', { token: c.owner.accessToken })).status).toBe(400);
  });
});
