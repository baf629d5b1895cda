import { randomUUID } from 'node:crypto';
import type { ServerEventPayload } from '@homegroup/contracts';
import { Clock } from '@homegroup/operations';
import { SponsorshipsService } from '@homegroup/sponsorship';
import { registerMember, type TestMember } from '../../factories/member.factory';
import {
  activeSponsorship,
  ConflictBody,
  registerSponsee,
  registerSponsor,
  requestSponsorship,
  SponsorshipBody,
  transition,
} from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { collectEvents, connectSocket, nextEvent, TestSocket } from '../../utils/socket-client';

const DAY = 24 * 3600_000;
type Review = SponsorshipBody & ConflictBody & { reviewDue?: boolean; fields?: { field: string }[] };
type Circle = { recipients: { user: { id: string }; role: string; sponsorshipId: string | null }[] };

/**
 * POST /sponsorships/:id/review (ADR 0032): either side of an active temporary sponsorship continues it (next
 * review date) or makes it the sponsee's primary sponsor, under every rule the primary kind already has.
 */
describe('temporary sponsor review', () => {
  let t: TestApp;
  let clock: Clock;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.app.get(Clock);
  });

  afterEach(() => {
    clock.resume();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  const review = (member: TestMember | undefined, id: string, body: unknown) =>
    t.api.post<Review>(`/sponsorships/${id}/review`, body, member ? { token: member.accessToken } : {});
  const read = async (member: TestMember, id: string): Promise<Review> =>
    (await t.api.get<Review>(`/sponsorships/${id}`, { token: member.accessToken })).body;
  const temporary = async (
    body: { reviewInDays?: number; fellowship?: string } = {},
    sponsee?: TestMember,
  ): Promise<{ sponsor: TestMember; sponsee: TestMember; s: SponsorshipBody }> => {
    const sponsor = await registerSponsor(t.api);
    const member = sponsee ?? (await registerSponsee(t.api));
    const s = await activeSponsorship(t.api, member, sponsor, { kind: 'temporary_sponsor', ...body });
    return { sponsor, sponsee: member, s };
  };
  const connect = async (member: TestMember): Promise<TestSocket> => {
    const socket = await connectSocket(t.baseUrl, member.accessToken);
    sockets.push(socket);
    return socket;
  };

  describe('continue', () => {
    it('should set the next review from now with the sponsorship’s own period, or the days asked for, and say when it is due', async () => {
      clock.freeze(new Date());
      const { sponsor, sponsee, s } = await temporary({ reviewInDays: 30 });
      expect(s.reviewDue).toBe(false);
      clock.travel(31 * DAY);
      expect((await read(sponsee, s.id)).reviewDue).toBe(true);

      const kept = await review(sponsee, s.id, { decision: 'continue' });
      expect(kept.status).toBe(200);
      expect(kept.body).toMatchObject({
        id: s.id,
        status: 'active',
        kind: 'temporary_sponsor',
        role: 'sponsee',
        reviewDue: false,
      });
      // Its own period (30 days, asked for in the request), from now, not from the start.
      expect(Date.parse(kept.body.reviewAt ?? '')).toBe(clock.nowMs() + 30 * DAY);
      expect(kept.body.startedAt).toBe(s.startedAt);

      const longer = await review(sponsor, s.id, { decision: 'continue', reviewInDays: 60 });
      expect(longer.status).toBe(200);
      expect(longer.body.role).toBe('sponsor');
      expect(Date.parse(longer.body.reviewAt ?? '')).toBe(clock.nowMs() + 60 * DAY);
      // The new period sticks: the next plain "continue" uses 60.
      clock.travel(61 * DAY);
      const again = await review(sponsee, s.id, { decision: 'continue' });
      expect(Date.parse(again.body.reviewAt ?? '')).toBe(clock.nowMs() + 60 * DAY);
    });

    it('should default to 90 days when the request named no period, and allow answering before the review is due', async () => {
      clock.freeze(new Date());
      const { sponsee, s } = await temporary();
      expect(s.reviewDue).toBe(false);
      clock.travel(10 * DAY);
      const early = await review(sponsee, s.id, { decision: 'continue' });
      expect(early.status).toBe(200);
      expect(Date.parse(early.body.reviewAt ?? '')).toBe(clock.nowMs() + 90 * DAY);
    });

    it('should remind both sides again at the next review date after a continue', async () => {
      clock.freeze(new Date());
      const service = t.app.get(SponsorshipsService);
      const { sponsor, sponsee, s } = await temporary({ reviewInDays: 7 });
      const sponseeSocket = await connect(sponsee);
      const reminders = collectEvents(sponseeSocket, 'sponsorship.review-due');
      clock.travel(8 * DAY);
      const first = nextEvent(sponseeSocket, 'sponsorship.review-due');
      await service.runMaintenance(clock.now());
      expect((await first).sponsorshipId).toBe(s.id);
      await review(sponsor, s.id, { decision: 'continue', reviewInDays: 7 });
      // Not due yet: the sweep says nothing.
      await service.runMaintenance(clock.now());
      clock.travel(8 * DAY);
      const second = nextEvent(sponseeSocket, 'sponsorship.review-due');
      await service.runMaintenance(clock.now());
      expect((await second).sponsorshipId).toBe(s.id);
      expect(reminders.filter((r) => r.sponsorshipId === s.id)).toHaveLength(2);
    });
  });

  describe('make_primary', () => {
    it('should make it the sponsee’s sponsor with no review, keep the start and the capacity count, and put them first in the alert circle', async () => {
      const { sponsor, sponsee, s } = await temporary({ reviewInDays: 14 });
      const before = await t.api.get<{ activeSponsees: number }>('/me/sponsor-profile', {
        token: sponsor.accessToken,
      });
      const made = await review(sponsee, s.id, { decision: 'make_primary' });
      expect(made.status).toBe(200);
      expect(made.body).toMatchObject({
        id: s.id,
        status: 'active',
        kind: 'sponsor',
        role: 'sponsee',
        startedAt: s.startedAt,
      });
      expect(made.body.reviewAt).toBeUndefined();
      expect(made.body.reviewDue).toBeUndefined();
      expect(await read(sponsor, s.id)).toMatchObject({ kind: 'sponsor', role: 'sponsor' });
      const after = await t.api.get<{ activeSponsees: number }>('/me/sponsor-profile', {
        token: sponsor.accessToken,
      });
      expect(after.body.activeSponsees).toBe(before.body.activeSponsees);
      const circle = await t.api.get<Circle>('/me/alert-circle', { token: sponsee.accessToken });
      expect(circle.body.recipients[0]).toMatchObject({
        user: { id: sponsor.id },
        role: 'primary_sponsor',
        sponsorshipId: s.id,
      });
      // Asking them again as sponsor now says they already are.
      const asked = await t.api.post<ConflictBody>(
        '/sponsorships',
        { sponsorId: sponsor.id },
        { token: sponsee.accessToken },
      );
      expect(asked.status).toBe(409);
      expect(asked.body.message).toMatch(/already your sponsor in NA/);
    });

    it('should let the sponsor make it primary too', async () => {
      const { sponsor, s } = await temporary();
      const made = await review(sponsor, s.id, { decision: 'make_primary' });
      expect(made.status).toBe(200);
      expect(made.body).toMatchObject({ kind: 'sponsor', role: 'sponsor' });
    });

    it('should refuse while the sponsee has an active primary sponsor in that fellowship, saying so to either side, and allow it once that ended', async () => {
      const sponsee = await registerSponsee(t.api, { fellowships: ['NA', 'AA'] });
      const primarySponsor = await registerSponsor(t.api);
      const primary = await activeSponsorship(t.api, sponsee, primarySponsor, { fellowship: 'NA' });
      const { sponsor, s } = await temporary({ fellowship: 'NA' }, sponsee);

      const bySponsee = await review(sponsee, s.id, { decision: 'make_primary' });
      expect(bySponsee.status).toBe(409);
      expect(bySponsee.body).toMatchObject({ statusCode: 409, error: 'Conflict', status: 'active' });
      expect(bySponsee.body.message).toMatch(/You already have an active sponsor in NA; only one at a time/);
      const bySponsor = await review(sponsor, s.id, { decision: 'make_primary' });
      expect(bySponsor.status).toBe(409);
      expect(bySponsor.body.message).toContain(`${sponsee.displayName} already has an active sponsor in NA`);
      expect((await read(sponsee, s.id)).kind).toBe('temporary_sponsor');

      // A primary sponsor in another fellowship is no obstacle.
      const aaSponsor = await registerSponsor(t.api, { sponsorProfile: { fellowships: ['AA'] } });
      const aa = await activeSponsorship(t.api, sponsee, aaSponsor, {
        fellowship: 'AA',
        kind: 'temporary_sponsor',
      });
      expect((await review(sponsee, aa.id, { decision: 'make_primary' })).status).toBe(200);

      await transition(t.api, sponsee, primary.id, 'end');
      expect((await review(sponsee, s.id, { decision: 'make_primary' })).body).toMatchObject({
        kind: 'sponsor',
      });
    });
  });

  describe('states and kinds', () => {
    const expectConflict = (res: { status: number; body: Review }, status: string): void => {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', status });
      expect(res.body.message.length).toBeGreaterThan(20);
    };

    it('should refuse every decision by either side on a temporary sponsorship that is not active, with its state', async () => {
      const sponsor = await registerSponsor(t.api);
      const make = async (): Promise<{ id: string; sponsee: TestMember }> => {
        const sponsee = await registerSponsee(t.api);
        return {
          id: (await requestSponsorship(t.api, sponsee, sponsor, { kind: 'temporary_sponsor' })).id,
          sponsee,
        };
      };
      const requested = await make();
      const declined = await make();
      await transition(t.api, sponsor, declined.id, 'decline');
      const withdrawn = await make();
      await transition(t.api, withdrawn.sponsee, withdrawn.id, 'withdraw');
      const ended = await temporary();
      await transition(t.api, ended.sponsee, ended.s.id, 'end');
      const cases: [string, string, TestMember, TestMember][] = [
        [requested.id, 'requested', sponsor, requested.sponsee],
        [declined.id, 'declined', sponsor, declined.sponsee],
        [withdrawn.id, 'withdrawn', sponsor, withdrawn.sponsee],
        [ended.s.id, 'ended', ended.sponsor, ended.sponsee],
      ];
      for (const [id, state, ...sides] of cases) {
        for (const side of sides) {
          for (const decision of ['continue', 'make_primary']) {
            const res = await review(side, id, { decision });
            expectConflict(res, state);
            expect(res.body.message).toMatch(/only an active temporary sponsorship can be reviewed/);
          }
        }
        expect((await read(sides[0], id)).status).toBe(state);
      }
    });

    it('should refuse a review of a request past its expiry as expired, before the sweep ran', async () => {
      clock.freeze(new Date());
      const sponsor = await registerSponsor(t.api);
      const sponsee = await registerSponsee(t.api);
      const pending = await requestSponsorship(t.api, sponsee, sponsor, { kind: 'temporary_sponsor' });
      clock.travel(31 * DAY);
      expectConflict(await review(sponsee, pending.id, { decision: 'continue' }), 'expired');
      expect((await read(sponsor, pending.id)).status).toBe('expired');
    });

    it('should refuse reviewing a primary sponsorship, and a second make_primary', async () => {
      const sponsor = await registerSponsor(t.api);
      const primary = await activeSponsorship(t.api, await registerSponsee(t.api), sponsor);
      const res = await review(sponsor, primary.id, { decision: 'continue' });
      expectConflict(res, 'active');
      expect(res.body.message).toMatch(
        /primary sponsorship already; only a temporary sponsorship has a review/,
      );
      const { sponsee, s } = await temporary();
      expect((await review(sponsee, s.id, { decision: 'make_primary' })).status).toBe(200);
      expectConflict(await review(sponsee, s.id, { decision: 'make_primary' }), 'active');
      expectConflict(await review(sponsee, s.id, { decision: 'continue', reviewInDays: 30 }), 'active');
    });

    it.each([
      [{}, 'decision'],
      [{ decision: 'end' }, 'decision'],
      [{ decision: null }, 'decision'],
      [{ decision: 'continue', reviewInDays: 0 }, 'reviewInDays'],
      [{ decision: 'continue', reviewInDays: 366 }, 'reviewInDays'],
      [{ decision: 'continue', reviewInDays: 7.5 }, 'reviewInDays'],
      [{ decision: 'continue', reviewInDays: null }, 'reviewInDays'],
      [{ decision: 'make_primary', reviewInDays: 30 }, 'reviewInDays'],
      [{ decision: 'continue', extra: 1 }, 'extra'],
    ])('should refuse the body %j with 400 naming %s and change nothing', async (body, field) => {
      const { sponsee, s } = await temporary();
      const res = await review(sponsee, s.id, body);
      expect(res.status).toBe(400);
      expect(res.body.fields?.map((f) => f.field)).toContain(field);
      expect(await read(sponsee, s.id)).toMatchObject({ kind: 'temporary_sponsor', reviewAt: s.reviewAt });
    });
  });

  describe('authorization', () => {
    it('should answer anonymous 401, a stranger 404 exactly as for a missing or malformed id, and both parties 200', async () => {
      const { sponsor, sponsee, s } = await temporary();
      const stranger = await registerMember(t.api);
      expect((await review(undefined, s.id, { decision: 'continue' })).status).toBe(401);
      const theirs = await review(stranger, s.id, { decision: 'make_primary' });
      const missing = await review(stranger, randomUUID(), { decision: 'make_primary' });
      const malformed = await review(stranger, 'not-an-id', { decision: 'make_primary' });
      expect([theirs.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
      expect(theirs.body).toEqual(missing.body);
      expect(malformed.body).toEqual(missing.body);
      expect((await read(sponsee, s.id)).kind).toBe('temporary_sponsor');
      expect((await review(sponsor, s.id, { decision: 'continue' })).status).toBe(200);
      expect((await review(sponsee, s.id, { decision: 'continue' })).status).toBe(200);
    });

    it('should document the route in the OpenAPI document', async () => {
      const res = await t.api.get<{
        paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
      }>('/openapi.json');
      const op = res.body.paths['/api/v1/sponsorships/{id}/review']?.post;
      expect(op?.summary).toEqual(expect.any(String));
      expect(Object.keys(op?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '400', '401', '404', '409']),
      );
    });
  });

  describe('concurrency', () => {
    it('should let exactly one of the two sides’ simultaneous make_primary through', async () => {
      for (let round = 0; round < 3; round += 1) {
        const { sponsor, sponsee, s } = await temporary();
        const results = await Promise.all([
          review(sponsee, s.id, { decision: 'make_primary' }),
          review(sponsor, s.id, { decision: 'make_primary' }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        expect(results.find((r) => r.status === 409)?.body).toMatchObject({ status: 'active' });
        expect((await read(sponsee, s.id)).kind).toBe('sponsor');
      }
    });

    it('should make only one of two temporary sponsors primary when both are made primary at once (unique index)', async () => {
      for (let round = 0; round < 3; round += 1) {
        const sponsee = await registerSponsee(t.api);
        const a = await temporary({}, sponsee);
        const b = await temporary({}, sponsee);
        const results = await Promise.all([
          review(sponsee, a.s.id, { decision: 'make_primary' }),
          review(b.sponsor, b.s.id, { decision: 'make_primary' }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        expect(results.find((r) => r.status === 409)?.body.message).toMatch(
          /already ha(s|ve) an active sponsor in NA/,
        );
        const list = await t.api.get<SponsorshipBody[]>('/sponsorships?status=active&role=sponsee', {
          token: sponsee.accessToken,
        });
        expect(list.body.map((x) => x.kind).sort()).toEqual(['sponsor', 'temporary_sponsor']);
      }
    });

    it('should let either an end or a make_primary racing on one sponsorship win, never both', async () => {
      for (let round = 0; round < 3; round += 1) {
        const { sponsor, sponsee, s } = await temporary();
        const [made, ended] = await Promise.all([
          review(sponsee, s.id, { decision: 'make_primary' }),
          t.api.post<Review>(`/sponsorships/${s.id}/end`, undefined, { token: sponsor.accessToken }),
        ]);
        expect(ended.status).toBe(200);
        const final = await read(sponsee, s.id);
        expect(final.status).toBe('ended');
        if (made.status === 409) expect(made.body.status).toBe('ended');
        else expect(made.status).toBe(200);
        const profile = await t.api.get<{ activeSponsees: number }>('/me/sponsor-profile', {
          token: sponsor.accessToken,
        });
        expect(profile.body.activeSponsees).toBe(0);
      }
    });
  });

  describe('realtime', () => {
    type Updated = ServerEventPayload<'sponsorship.updated'>;

    it('should tell both sides, and nobody else, with the same event the other transitions send', async () => {
      const { sponsor, sponsee, s } = await temporary();
      const stranger = await registerMember(t.api);
      const [sponsorSocket, sponseeSocket, strangerSocket] = await Promise.all([
        connect(sponsor),
        connect(sponsee),
        connect(stranger),
      ]);
      const strangerSaw = collectEvents(strangerSocket, 'sponsorship.updated');
      const both = async (action: () => Promise<unknown>): Promise<Updated[]> => {
        const waiting = Promise.all([
          nextEvent(sponsorSocket, 'sponsorship.updated'),
          nextEvent(sponseeSocket, 'sponsorship.updated'),
        ]);
        await action();
        return waiting;
      };
      const continued = await both(() => review(sponsor, s.id, { decision: 'continue' }));
      for (const payload of continued) {
        expect(payload).toEqual({
          sponsorshipId: s.id,
          status: 'active',
          kind: 'temporary_sponsor',
          fellowship: 'NA',
          by: { id: sponsor.id, displayName: sponsor.displayName },
        });
      }
      const made = await both(() => review(sponsee, s.id, { decision: 'make_primary' }));
      for (const payload of made) {
        expect(payload).toEqual({
          sponsorshipId: s.id,
          status: 'active',
          kind: 'sponsor',
          fellowship: 'NA',
          by: { id: sponsee.id, displayName: sponsee.displayName },
        });
      }
      await new Promise((resolve) => strangerSocket.emit('ping', {}, resolve));
      expect(strangerSaw).toEqual([]);
    });

    it('should emit nothing for a refused review', async () => {
      const sponsor = await registerSponsor(t.api);
      const sponsee = await registerSponsee(t.api);
      const primary = await activeSponsorship(t.api, sponsee, sponsor);
      const sponseeSocket = await connect(sponsee);
      const seen = collectEvents(sponseeSocket, 'sponsorship.updated');
      expect((await review(sponsor, primary.id, { decision: 'continue' })).status).toBe(409);
      expect((await review(sponsor, primary.id, { decision: 'make_primary', reviewInDays: 9 })).status).toBe(
        400,
      );
      await new Promise((resolve) => sponseeSocket.emit('ping', {}, resolve));
      expect(seen).toEqual([]);
    });
  });
});
