import { DataSource } from 'typeorm';
import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { Clock } from '@homegroup/operations';
import { SponsorshipsService } from '@homegroup/sponsorship';
import type { TestMember } from '../../factories/member.factory';
import {
  activeSponsorship,
  ConflictBody,
  registerSponsee,
  registerSponsor,
  requestSponsorship,
  SponsorshipBody,
} from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { collectEvents, connectSocket, nextEvent, TestSocket } from '../../utils/socket-client';
import { waitFor } from '../../utils/wait-for';

const DAY = 24 * 3600_000;

describe('sponsorship maintenance: expiry and review reminders', () => {
  let t: TestApp;
  let clock: Clock;
  let service: SponsorshipsService;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.app.get(Clock);
    service = t.app.get(SponsorshipsService);
  });

  afterEach(() => {
    clock.resume();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  const connect = async (app: TestApp, member: TestMember): Promise<TestSocket> => {
    const socket = await connectSocket(app.baseUrl, member.accessToken);
    sockets.push(socket);
    return socket;
  };
  const statusOf = async (app: TestApp, member: TestMember, id: string): Promise<string> =>
    (await app.api.get<SponsorshipBody>(`/sponsorships/${id}`, { token: member.accessToken })).body.status;

  it('should keep a request for 30 days, then expire it and tell both parties', async () => {
    clock.freeze(new Date());
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const { id } = await requestSponsorship(t.api, sponsee, sponsor);
    const [sponsorSocket, sponseeSocket] = await Promise.all([connect(t, sponsor), connect(t, sponsee)]);

    clock.travel(29 * DAY);
    await service.runMaintenance(clock.now());
    expect(await statusOf(t, sponsee, id)).toBe('requested');

    clock.travel(2 * DAY);
    const events = Promise.all([
      nextEvent(sponsorSocket, 'sponsorship.updated'),
      nextEvent(sponseeSocket, 'sponsorship.updated'),
    ]);
    const result = await service.runMaintenance(clock.now());
    expect(result.expired).toBeGreaterThanOrEqual(1);
    for (const payload of await events) {
      expect(payload).toEqual({
        sponsorshipId: id,
        status: 'expired',
        kind: 'sponsor',
        fellowship: 'NA',
        by: null,
      });
    }
    expect(await statusOf(t, sponsor, id)).toBe('expired');
    const late = await t.api.post<{ status: string }>(`/sponsorships/${id}/accept`, undefined, {
      token: sponsor.accessToken,
    });
    expect(late.status).toBe(409);
    expect(late.body.status).toBe('expired');
    // An expired request frees the pair: the sponsee may ask again.
    expect((await requestSponsorship(t.api, sponsee, sponsor)).status).toBe('requested');
  });

  it('should treat a request past its expiry as expired before the sweep runs: refuse accept, free the pair (issue 9, defect 8)', async () => {
    clock.freeze(new Date());
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const { id, expiresAt } = await requestSponsorship(t.api, sponsee, sponsor);
    clock.freeze(new Date(Date.parse(String(expiresAt)) + 1000));
    // No runMaintenance here: the sweep has not run.
    const accept = await t.api.post<ConflictBody>(`/sponsorships/${id}/accept`, undefined, {
      token: sponsor.accessToken,
    });
    expect(accept.status).toBe(409);
    expect(accept.body.status).toBe('expired');
    expect(accept.body.message).toMatch(/expired unanswered .*can ask again/);
    expect(await statusOf(t, sponsor, id)).toBe('expired');
    expect(await statusOf(t, sponsee, id)).toBe('expired');
    const pending = await t.api.get<SponsorshipBody[]>('/sponsorships?status=requested', {
      token: sponsor.accessToken,
    });
    expect(pending.body.map((s) => s.id)).not.toContain(id);
    const expired = await t.api.get<SponsorshipBody[]>('/sponsorships?status=expired', {
      token: sponsee.accessToken,
    });
    expect(expired.body.map((s) => s.id)).toContain(id);
    for (const [member, action] of [
      [sponsor, 'decline'],
      [sponsee, 'withdraw'],
    ] as const) {
      const late = await t.api.post<ConflictBody>(`/sponsorships/${id}/${action}`, undefined, {
        token: member.accessToken,
      });
      expect([late.status, late.body.status]).toEqual([409, 'expired']);
    }
    // The sponsee may ask again at once.
    expect((await requestSponsorship(t.api, sponsee, sponsor)).status).toBe('requested');
  });

  it('should refuse accept of a request past expiry even when the sweep has not marked it (read directly)', async () => {
    clock.freeze(new Date());
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const { id, expiresAt } = await requestSponsorship(t.api, sponsee, sponsor);
    clock.freeze(new Date(Date.parse(String(expiresAt)) + 1000));
    const accept = await t.api.post<ConflictBody>(`/sponsorships/${id}/accept`, undefined, {
      token: sponsor.accessToken,
    });
    expect(accept.status).toBe(409);
    const rows = await t.app
      .get(DataSource)
      .query<{ status: string; started_at: Date | null }[]>(
        'SELECT status, started_at FROM sponsorships WHERE id = $1',
        [id],
      );
    expect(rows).toEqual([{ status: 'expired', started_at: null }]);
  });

  it('should never expire an accepted sponsorship', async () => {
    clock.freeze(new Date());
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const active = await activeSponsorship(t.api, sponsee, sponsor);
    clock.travel(400 * DAY);
    await service.runMaintenance(clock.now());
    expect(await statusOf(t, sponsee, active.id)).toBe('active');
  });

  it('should remind both parties once when a temporary sponsorship reaches its review date', async () => {
    clock.freeze(new Date());
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const primarySponsor = await registerSponsor(t.api);
    await activeSponsorship(t.api, sponsee, primarySponsor);
    const temporary = await activeSponsorship(t.api, sponsee, sponsor, { kind: 'temporary_sponsor' });
    const [sponsorSocket, sponseeSocket, primarySocket] = await Promise.all([
      connect(t, sponsor),
      connect(t, sponsee),
      connect(t, primarySponsor),
    ]);
    const primarySaw = collectEvents(primarySocket, 'sponsorship.review-due');
    const sponseeSaw = collectEvents(sponseeSocket, 'sponsorship.review-due');

    clock.travel(89 * DAY);
    expect((await service.runMaintenance(clock.now())).reviewsDue).toBe(0);

    clock.travel(2 * DAY);
    const events = Promise.all([
      nextEvent(sponsorSocket, 'sponsorship.review-due'),
      nextEvent(sponseeSocket, 'sponsorship.review-due'),
    ]);
    expect((await service.runMaintenance(clock.now())).reviewsDue).toBe(1);
    for (const payload of await events) {
      expect(payload).toEqual({
        sponsorshipId: temporary.id,
        kind: 'temporary_sponsor',
        fellowship: 'NA',
        reviewAt: temporary.reviewAt,
        sponsor: { id: sponsor.id, displayName: sponsor.displayName },
        sponsee: { id: sponsee.id, displayName: sponsee.displayName },
      });
    }
    // Once only; the primary sponsorship has no review; the sponsorship stays active.
    clock.travel(DAY);
    expect((await service.runMaintenance(clock.now())).reviewsDue).toBe(0);
    await new Promise((resolve) => sponseeSocket.emit('ping', {}, resolve));
    expect(sponseeSaw).toHaveLength(1);
    await new Promise((resolve) => primarySocket.emit('ping', {}, resolve));
    expect(primarySaw).toEqual([]);
    expect(await statusOf(t, sponsee, temporary.id)).toBe('active');
  });

  describe('through the queue (api with RUN_WORKER=true)', () => {
    let w: TestApp;

    beforeAll(async () => {
      w = await createTestApp({ env: { RUN_WORKER: 'true' } });
    });

    afterAll(async () => {
      w.app.get(Clock).resume();
      await w.close();
    });

    it('should schedule the maintenance job every 15 minutes', async () => {
      const rows = await w.app
        .get(DataSource)
        .query<{ name: string; cron: string }[]>('SELECT name, cron FROM pgboss.schedule WHERE name = $1', [
          QUEUES.sponsorshipMaintenance,
        ]);
      expect(rows).toEqual([{ name: 'sponsorship.maintenance', cron: '*/15 * * * *' }]);
    });

    it('should expire old requests when the job runs, and tell both parties', async () => {
      const sponsor = await registerSponsor(w.api);
      const sponsee = await registerSponsee(w.api);
      const { id } = await requestSponsorship(w.api, sponsee, sponsor);
      const sponseeSocket = await connect(w, sponsee);
      const sponsorSocket = await connect(w, sponsor);
      const events = Promise.all([
        nextEvent(sponseeSocket, 'sponsorship.updated', 15_000),
        nextEvent(sponsorSocket, 'sponsorship.updated', 15_000),
      ]);
      w.app.get(Clock).travel(31 * DAY);
      await w.app.get(JobsService).send(QUEUES.sponsorshipMaintenance, {});
      await waitFor(async () => (await statusOf(w, sponsee, id)) === 'expired', 15_000);
      expect((await events).map((p) => [p.sponsorshipId, p.status, p.by])).toEqual([
        [id, 'expired', null],
        [id, 'expired', null],
      ]);
    });
  });
});
