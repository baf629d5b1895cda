import { Clock } from '@homegroup/operations';
import { SponsorshipsService } from '@homegroup/sponsorship';
import type { TestMember } from '../../factories/member.factory';
import {
  activeSponsorship,
  ConflictBody,
  putSponsorProfile,
  registerSponsee,
  registerSponsor,
  requestSponsorship,
  SponsorshipBody,
  transition,
  updateMemberProfile,
} from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type Action = 'accept' | 'decline' | 'withdraw' | 'end';
type State = 'requested' | 'active' | 'ended' | 'declined' | 'withdrawn' | 'expired';
type Actor = 'sponsor' | 'sponsee';

const DAY = 24 * 3600_000;
const ACTIONS: Action[] = ['accept', 'decline', 'withdraw', 'end'];
const STATES: State[] = ['requested', 'active', 'ended', 'declined', 'withdrawn', 'expired'];
const ACTORS: Actor[] = ['sponsor', 'sponsee'];
/** The only legal moves: everything else is 409 with the current state. */
const LEGAL = new Set([
  'requested:accept:sponsor',
  'requested:decline:sponsor',
  'requested:withdraw:sponsee',
  'active:end:sponsor',
  'active:end:sponsee',
]);
const ILLEGAL = STATES.flatMap((state) =>
  ACTIONS.flatMap((action) => ACTORS.map((actor) => [action, actor, state] as const)),
).filter(([action, actor, state]) => !LEGAL.has(`${state}:${action}:${actor}`));

describe('sponsorship state machine', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const post = (member: TestMember, path: string, body?: unknown) =>
    t.api.post<SponsorshipBody & ConflictBody>(path, body, { token: member.accessToken });

  describe('legal transitions', () => {
    it('should walk requested → active → ended, showing both parties the same relationship from their side', async () => {
      const sponsor = await registerSponsor(t.api);
      const sponsee = await registerSponsee(t.api);
      const before = Date.now();
      const created = await post(sponsee, '/sponsorships', { sponsorId: sponsor.id });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'requested',
        kind: 'sponsor',
        fellowship: 'NA',
        role: 'sponsee',
        sponsor: { id: sponsor.id, displayName: sponsor.displayName },
        sponsee: { id: sponsee.id, displayName: sponsee.displayName },
        warnings: [],
      });
      const expiresIn = new Date(created.body.expiresAt ?? 0).getTime() - before;
      expect(expiresIn).toBeGreaterThan(30 * DAY - 60_000);
      expect(expiresIn).toBeLessThan(30 * DAY + 60_000);
      expect(created.body.startedAt).toBeUndefined();

      const asSponsor = await t.api.get<SponsorshipBody>(`/sponsorships/${created.body.id}`, {
        token: sponsor.accessToken,
      });
      expect(asSponsor.body).toMatchObject({ id: created.body.id, role: 'sponsor', status: 'requested' });

      const accepted = await post(sponsor, `/sponsorships/${created.body.id}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'active', role: 'sponsor' });
      expect(accepted.body.startedAt).toEqual(expect.any(String));
      expect(accepted.body.expiresAt).toBeUndefined();
      expect(accepted.body.reviewAt).toBeUndefined();

      const ended = await post(sponsee, `/sponsorships/${created.body.id}/end`);
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ status: 'ended', role: 'sponsee' });
      expect(new Date(ended.body.endedAt ?? 0).getTime()).toBeGreaterThanOrEqual(
        new Date(ended.body.startedAt ?? 0).getTime(),
      );

      const sponseeList = await t.api.get<SponsorshipBody[]>('/sponsorships', { token: sponsee.accessToken });
      const sponsorList = await t.api.get<SponsorshipBody[]>('/sponsorships', { token: sponsor.accessToken });
      expect(sponseeList.body.map((s) => [s.id, s.role, s.status])).toEqual([
        [created.body.id, 'sponsee', 'ended'],
      ]);
      expect(sponsorList.body.map((s) => [s.id, s.role, s.status])).toEqual([
        [created.body.id, 'sponsor', 'ended'],
      ]);
    });

    it('should let the sponsor decline without a reason, the sponsee withdraw, and the sponsor end', async () => {
      const sponsor = await registerSponsor(t.api);
      const a = await registerSponsee(t.api);
      const b = await registerSponsee(t.api);
      const c = await registerSponsee(t.api);
      const declined = await transition(
        t.api,
        sponsor,
        (await requestSponsorship(t.api, a, sponsor)).id,
        'decline',
      );
      expect(declined.status).toBe('declined');
      const withdrawn = await transition(
        t.api,
        b,
        (await requestSponsorship(t.api, b, sponsor)).id,
        'withdraw',
      );
      expect(withdrawn.status).toBe('withdrawn');
      const active = await activeSponsorship(t.api, c, sponsor);
      const ended = await transition(t.api, sponsor, active.id, 'end');
      expect(ended).toMatchObject({ status: 'ended', role: 'sponsor' });
      // After a decline the sponsee may ask again.
      expect((await post(a, '/sponsorships', { sponsorId: sponsor.id })).status).toBe(201);
    });

    it('should filter the list by status and by role', async () => {
      const member = await registerSponsor(t.api);
      const theirSponsor = await registerSponsor(t.api);
      const theirSponsee = await registerSponsee(t.api);
      const mine = await activeSponsorship(t.api, member, theirSponsor);
      const pending = await requestSponsorship(t.api, theirSponsee, member);
      const asSponsee = await t.api.get<SponsorshipBody[]>('/sponsorships?role=sponsee', {
        token: member.accessToken,
      });
      expect(asSponsee.body.map((s) => s.id)).toEqual([mine.id]);
      const requested = await t.api.get<SponsorshipBody[]>('/sponsorships?status=requested', {
        token: member.accessToken,
      });
      expect(requested.body.map((s) => [s.id, s.role])).toEqual([[pending.id, 'sponsor']]);
      expect((await t.api.get('/sponsorships?status=pending', { token: member.accessToken })).status).toBe(
        400,
      );
    });
  });

  describe('illegal transitions', () => {
    const fixtures = new Map<State, { id: string; sponsor: TestMember; sponsee: TestMember }>();

    beforeAll(async () => {
      // Expired first: the maintenance run below expires every request that exists at that moment.
      const make = async (): Promise<{ id: string; sponsor: TestMember; sponsee: TestMember }> => {
        const sponsor = await registerSponsor(t.api);
        const sponsee = await registerSponsee(t.api);
        return { id: (await requestSponsorship(t.api, sponsee, sponsor)).id, sponsor, sponsee };
      };
      const expired = await make();
      const clock = t.app.get(Clock);
      await t.app.get(SponsorshipsService).runMaintenance(new Date(clock.nowMs() + 31 * DAY));
      fixtures.set('expired', expired);
      fixtures.set('requested', await make());
      const active = await make();
      await transition(t.api, active.sponsor, active.id, 'accept');
      fixtures.set('active', active);
      const ended = await make();
      await transition(t.api, ended.sponsor, ended.id, 'accept');
      await transition(t.api, ended.sponsee, ended.id, 'end');
      fixtures.set('ended', ended);
      const declined = await make();
      await transition(t.api, declined.sponsor, declined.id, 'decline');
      fixtures.set('declined', declined);
      const withdrawn = await make();
      await transition(t.api, withdrawn.sponsee, withdrawn.id, 'withdraw');
      fixtures.set('withdrawn', withdrawn);
    });

    it('should have built one sponsorship in each state', async () => {
      for (const state of STATES) {
        const f = fixtures.get(state);
        if (!f) throw new Error(`no ${state} fixture`);
        const res = await t.api.get<SponsorshipBody>(`/sponsorships/${f.id}`, {
          token: f.sponsee.accessToken,
        });
        expect(res.body.status).toBe(state);
      }
    });

    it.each(ILLEGAL)(
      'should refuse %s by the %s in state %s with 409 and that state',
      async (action, actor, state) => {
        const f = fixtures.get(state);
        if (!f) throw new Error(`no ${state} fixture`);
        const res = await post(f[actor], `/sponsorships/${f.id}/${action}`);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', status: state });
        expect(res.body.message.length).toBeGreaterThan(20);
      },
    );

    it('should have left every sponsorship in its state after all the refused attempts', async () => {
      for (const state of STATES) {
        const f = fixtures.get(state);
        if (!f) throw new Error(`no ${state} fixture`);
        const res = await t.api.get<SponsorshipBody>(`/sponsorships/${f.id}`, {
          token: f.sponsor.accessToken,
        });
        expect(res.body.status).toBe(state);
      }
    });

    it('should say who may act when the wrong party tries', async () => {
      const f = fixtures.get('requested');
      if (!f) throw new Error('no fixture');
      const res = await post(f.sponsee, `/sponsorships/${f.id}/accept`);
      expect(res.body.message).toMatch(/Only the member who was asked can accept/);
      const again = await post(f.sponsor, `/sponsorships/${f.id}/withdraw`);
      expect(again.body.message).toMatch(/Only the member who asked can withdraw/);
    });

    it('should answer a double tap on accept with one 200 and one 409', async () => {
      const sponsor = await registerSponsor(t.api);
      const sponsee = await registerSponsee(t.api);
      const { id } = await requestSponsorship(t.api, sponsee, sponsor);
      const results = await Promise.all([
        post(sponsor, `/sponsorships/${id}/accept`),
        post(sponsor, `/sponsorships/${id}/accept`),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.status).toBe('active');
      const profile = await t.api.get<{ activeSponsees: number }>('/me/sponsor-profile', {
        token: sponsor.accessToken,
      });
      expect(profile.body.activeSponsees).toBe(1);
    });

    it('should answer accept and withdraw racing on one request with exactly one winner', async () => {
      const sponsor = await registerSponsor(t.api);
      const sponsee = await registerSponsee(t.api);
      const { id } = await requestSponsorship(t.api, sponsee, sponsor);
      const [accept, withdraw] = await Promise.all([
        post(sponsor, `/sponsorships/${id}/accept`),
        post(sponsee, `/sponsorships/${id}/withdraw`),
      ]);
      expect([accept.status, withdraw.status].sort()).toEqual([200, 409]);
      const final = await t.api.get<SponsorshipBody>(`/sponsorships/${id}`, { token: sponsee.accessToken });
      const profile = await t.api.get<{ activeSponsees: number }>('/me/sponsor-profile', {
        token: sponsor.accessToken,
      });
      expect(profile.body.activeSponsees).toBe(final.body.status === 'active' ? 1 : 0);
    });
  });

  describe('requests', () => {
    it('should refuse asking oneself with 400', async () => {
      const me = await registerSponsor(t.api);
      const res = await post(me, '/sponsorships', { sponsorId: me.id });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/your own sponsor/);
    });

    it('should answer 404 alike for a member without a profile, an unavailable one, one who blocked you and one you blocked', async () => {
      const sponsee = await registerSponsee(t.api);
      const noProfile = await registerSponsee(t.api);
      const unavailable = await registerSponsor(t.api, { sponsorProfile: { available: false } });
      const blockedMe = await registerSponsor(t.api);
      const iBlocked = await registerSponsor(t.api);
      await t.api.post('/blocks', { userId: sponsee.id }, { token: blockedMe.accessToken });
      await t.api.post('/blocks', { userId: iBlocked.id }, { token: sponsee.accessToken });
      const answers = [];
      for (const target of [noProfile, unavailable, blockedMe, iBlocked]) {
        answers.push(await post(sponsee, '/sponsorships', { sponsorId: target.id }));
      }
      expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
      expect(new Set(answers.map((a) => a.body.message)).size).toBe(1);
      expect(answers[0].body.message).toMatch(/not available as a sponsor/);
    });

    it('should refuse a request to a sponsor at capacity with 409', async () => {
      const sponsor = await registerSponsor(t.api, { sponsorProfile: { maxSponsees: 1 } });
      await activeSponsorship(t.api, await registerSponsee(t.api), sponsor);
      const res = await post(await registerSponsee(t.api), '/sponsorships', { sponsorId: sponsor.id });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/no room for another sponsee/);
    });

    it('should allow one pending request per pair, whichever of the two asks', async () => {
      const a = await registerSponsor(t.api);
      const b = await registerSponsor(t.api);
      const first = await requestSponsorship(t.api, a, b);
      const again = await post(a, '/sponsorships', { sponsorId: b.id });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ status: 'requested' });
      expect(again.body.message).toMatch(/You already asked/);
      const reverse = await post(b, '/sponsorships', { sponsorId: a.id });
      expect(reverse.status).toBe(409);
      expect(reverse.body.message).toMatch(/has already asked you to sponsor them/);
      await transition(t.api, a, first.id, 'withdraw');
      expect((await post(b, '/sponsorships', { sponsorId: a.id })).status).toBe(201);
    });

    it('should let only one of two simultaneous requests between a pair through (unique index)', async () => {
      for (let round = 0; round < 3; round += 1) {
        const a = await registerSponsor(t.api);
        const b = await registerSponsor(t.api);
        const results = await Promise.all([
          post(a, '/sponsorships', { sponsorId: b.id }),
          post(b, '/sponsorships', { sponsorId: a.id }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      }
    });

    it('should keep at most one active primary sponsor per sponsee and fellowship, but several temporary ones', async () => {
      const sponsee = await registerSponsee(t.api, { fellowships: ['NA', 'AA'] });
      const first = await registerSponsor(t.api);
      const second = await registerSponsor(t.api);
      const r1 = await requestSponsorship(t.api, sponsee, first, { fellowship: 'NA' });
      const r2 = await requestSponsorship(t.api, sponsee, second, { fellowship: 'NA' });
      expect((await post(first, `/sponsorships/${r1.id}/accept`)).status).toBe(200);
      const refused = await post(second, `/sponsorships/${r2.id}/accept`);
      expect(refused.status).toBe(409);
      expect(refused.body.status).toBe('requested');
      expect(refused.body.message).toMatch(/already has an active sponsor in NA/);
      // Asking for another primary now warns (it could not be accepted yet) …
      const third = await registerSponsor(t.api);
      const warned = await requestSponsorship(t.api, sponsee, third, { fellowship: 'NA' });
      expect(warned.warnings.join(' ')).toMatch(/already have an active sponsor in NA/);
      // … a primary sponsor in another fellowship is fine, and so are several temporary sponsors.
      const aaSponsor = await registerSponsor(t.api, { sponsorProfile: { fellowships: ['AA'] } });
      expect((await activeSponsorship(t.api, sponsee, aaSponsor, { fellowship: 'AA' })).status).toBe(
        'active',
      );
      for (let i = 0; i < 2; i += 1) {
        const temporary = await registerSponsor(t.api);
        expect(
          (
            await activeSponsorship(t.api, sponsee, temporary, {
              fellowship: 'NA',
              kind: 'temporary_sponsor',
            })
          ).status,
        ).toBe('active');
      }
      // Once the first ends, the second can accept.
      await transition(t.api, sponsee, r1.id, 'end');
      expect((await post(second, `/sponsorships/${r2.id}/accept`)).status).toBe(200);
    });

    it('should refuse asking an active sponsor again for the same relationship', async () => {
      const sponsor = await registerSponsor(t.api);
      const sponsee = await registerSponsee(t.api);
      await activeSponsorship(t.api, sponsee, sponsor);
      const res = await post(sponsee, '/sponsorships', { sponsorId: sponsor.id });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/already your sponsor in NA/);
    });

    it('should give temporary sponsors a review date 90 days after the start, or as asked', async () => {
      const sponsor = await registerSponsor(t.api);
      const byDefault = await activeSponsorship(t.api, await registerSponsee(t.api), sponsor, {
        kind: 'temporary_sponsor',
      });
      expect(byDefault.kind).toBe('temporary_sponsor');
      const days = (s: SponsorshipBody) =>
        (new Date(s.reviewAt ?? 0).getTime() - new Date(s.startedAt ?? 0).getTime()) / DAY;
      expect(days(byDefault)).toBeCloseTo(90, 5);
      const asked = await activeSponsorship(t.api, await registerSponsee(t.api), sponsor, {
        kind: 'temporary_sponsor',
        reviewInDays: 30,
      });
      expect(days(asked)).toBeCloseTo(30, 5);
      const sponsee = await registerSponsee(t.api);
      const primary = await post(sponsee, '/sponsorships', { sponsorId: sponsor.id, reviewInDays: 30 });
      expect(primary.status).toBe(400);
      expect(primary.body.message).toMatch(/reviewInDays is only for temporary sponsors/);
      const tooLong = await post(sponsee, '/sponsorships', {
        sponsorId: sponsor.id,
        kind: 'temporary_sponsor',
        reviewInDays: 400,
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.message).toMatch(/between 7 and 365/);
    });

    it('should refuse sponsorship in SMART Recovery with a message that says what to do instead', async () => {
      const sponsor = await registerSponsor(t.api);
      const smartOnly = await registerSponsee(t.api, { fellowships: ['SMART'] });
      const implied = await post(smartOnly, '/sponsorships', { sponsorId: sponsor.id });
      expect(implied.status).toBe(422);
      expect(implied.body.message).toBe(
        'SMART Recovery has no sponsors; add them as a support contact or facilitator on your phone list instead',
      );
      const explicit = await post(smartOnly, '/sponsorships', { sponsorId: sponsor.id, fellowship: 'smart' });
      expect(explicit.status).toBe(422);
      expect(explicit.body.message).toMatch(/SMART Recovery has no sponsors/);
      const wrongKind = await post(await registerSponsee(t.api), '/sponsorships', {
        sponsorId: sponsor.id,
        kind: 'facilitator',
      });
      expect(wrongKind.status).toBe(422);
      expect(wrongKind.body.message).toMatch(
        /Narcotics Anonymous has no "facilitator" relationship; kind must be one of sponsor, temporary_sponsor/,
      );
    });

    it('should default the fellowship to the one both share and otherwise say which to pick', async () => {
      const sponsor = await registerSponsor(t.api, { sponsorProfile: { fellowships: ['NA', 'AA'] } });
      const aaMember = await registerSponsee(t.api, { fellowships: ['AA', 'SMART'] });
      expect((await requestSponsorship(t.api, aaMember, sponsor)).fellowship).toBe('AA');
      const both = await registerSponsee(t.api, { fellowships: ['NA', 'AA'] });
      const ambiguous = await post(both, '/sponsorships', { sponsorId: sponsor.id });
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body.message).toMatch(/share NA and AA; say which with fellowship/);
      const none = await registerSponsee(t.api, { fellowships: ['CA'] });
      const unshared = await post(none, '/sponsorships', { sponsorId: sponsor.id });
      expect(unshared.status).toBe(400);
      expect(unshared.body.message).toMatch(/share no fellowship; .* sponsors in NA, AA/);
      const notOffered = await post(none, '/sponsorships', { sponsorId: sponsor.id, fellowship: 'CA' });
      expect(notOffered.status).toBe(400);
      expect(notOffered.body.message).toMatch(/sponsors in NA, AA only/);
      expect((await post(none, '/sponsorships', { sponsorId: sponsor.id, fellowship: 'na' })).status).toBe(
        201,
      );
    });

    it('should warn, not refuse, when the sponsor’s clean date is not earlier than the sponsee’s', async () => {
      const sponsor = await registerSponsor(t.api, { profile: { cleanDate: '2024-01-01' } });
      const longerClean = await registerSponsee(t.api, { cleanDate: '2020-06-01' });
      const requested = await requestSponsorship(t.api, longerClean, sponsor);
      expect(requested.warnings).toHaveLength(1);
      expect(requested.warnings[0]).toMatch(/clean date is not earlier/);
      // The warning never quotes either date.
      expect(requested.warnings[0]).not.toMatch(/2024|2020/);
      const accepted = await transition(t.api, sponsor, requested.id, 'accept');
      expect(accepted.status).toBe('active');
      expect(accepted.warnings).toHaveLength(1);

      const sameDay = await registerSponsee(t.api, { cleanDate: '2024-01-01' });
      expect((await requestSponsorship(t.api, sameDay, sponsor)).warnings).toHaveLength(1);
      const newer = await registerSponsee(t.api, { cleanDate: '2025-01-01' });
      expect((await requestSponsorship(t.api, newer, sponsor)).warnings).toEqual([]);
      const unknown = await registerSponsee(t.api);
      expect((await requestSponsorship(t.api, unknown, sponsor)).warnings).toEqual([]);
    });

    it('should not let either party read the other’s clean date from the warning by changing their own (issue 9, defect 6)', async () => {
      const sponsor = await registerSponsor(t.api, { profile: { cleanDate: '2018-03-04' } });
      const sponsee = await registerSponsee(t.api, { cleanDate: '2021-07-08' });
      const requested = await requestSponsorship(t.api, sponsee, sponsor);
      expect(requested.warnings).toEqual([]);
      const read = async (member: TestMember): Promise<SponsorshipBody> =>
        (await t.api.get<SponsorshipBody>(`/sponsorships/${requested.id}`, { token: member.accessToken }))
          .body;
      const before = { sponsor: await read(sponsor), sponsee: await read(sponsee) };
      // A bisection over the other's clean date: each side moves its own date across it, before and after acceptance.
      const probes = ['2010-01-01', '2018-03-03', '2018-03-04', '2018-03-05', '2026-11-01', null];
      for (const cleanDate of probes) {
        await updateMemberProfile(t.api, sponsee, { cleanDate });
        expect(await read(sponsee)).toEqual(before.sponsee);
        expect(await read(sponsor)).toEqual(before.sponsor);
      }
      for (const cleanDate of ['2021-07-07', '2021-07-08', '2025-12-31']) {
        await updateMemberProfile(t.api, sponsor, { cleanDate });
        expect(await read(sponsor)).toEqual(before.sponsor);
        expect(await read(sponsee)).toEqual(before.sponsee);
      }
      // Asking again after withdrawing is no way round it: the pair's first answer stands.
      await transition(t.api, sponsee, requested.id, 'withdraw');
      await updateMemberProfile(t.api, sponsee, { cleanDate: '2010-01-01' });
      expect((await requestSponsorship(t.api, sponsee, sponsor)).warnings).toEqual([]);
    });

    it.each([
      [{}, 'sponsorId'],
      [{ sponsorId: 'not-a-uuid' }, 'sponsorId'],
      [{ sponsorId: '6f1c1f43-3c1e-4d6a-9a43-0b7a2f7e9d11', kind: 'guru' }, 'kind'],
      [{ sponsorId: '6f1c1f43-3c1e-4d6a-9a43-0b7a2f7e9d11', fellowship: 'N A' }, 'fellowship'],
      [{ sponsorId: '6f1c1f43-3c1e-4d6a-9a43-0b7a2f7e9d11', extra: true }, 'extra'],
    ])('should refuse the request body %j with 400 naming %s', async (body, field) => {
      const member = await registerSponsee(t.api);
      const res = await t.api.post<{ fields?: { field: string }[] }>('/sponsorships', body, {
        token: member.accessToken,
      });
      expect(res.status).toBe(400);
      expect(res.body.fields?.map((f) => f.field)).toContain(field);
    });
  });

  describe('capacity under concurrency', () => {
    it('should let exactly one of two simultaneous accepts through at capacity 1', async () => {
      for (let round = 0; round < 5; round += 1) {
        const sponsor = await registerSponsor(t.api, { sponsorProfile: { maxSponsees: 1 } });
        const a = await requestSponsorship(t.api, await registerSponsee(t.api), sponsor);
        const b = await requestSponsorship(t.api, await registerSponsee(t.api), sponsor);
        const results = await Promise.all([
          post(sponsor, `/sponsorships/${a.id}/accept`),
          post(sponsor, `/sponsorships/${b.id}/accept`),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        const refused = results.find((r) => r.status === 409);
        expect(refused?.body).toMatchObject({ status: 'requested' });
        expect(refused?.body.message).toMatch(/at your capacity of 1/);
        const profile = await t.api.get<{ activeSponsees: number }>('/me/sponsor-profile', {
          token: sponsor.accessToken,
        });
        expect(profile.body.activeSponsees).toBe(1);
        const active = await t.api.get<SponsorshipBody[]>('/sponsorships?status=active', {
          token: sponsor.accessToken,
        });
        expect(active.body).toHaveLength(1);
      }
    });

    it('should let exactly two of five simultaneous accepts through at capacity 2', async () => {
      const sponsor = await registerSponsor(t.api, { sponsorProfile: { maxSponsees: 2 } });
      const requests = [];
      for (let i = 0; i < 5; i += 1)
        requests.push(await requestSponsorship(t.api, await registerSponsee(t.api), sponsor));
      const results = await Promise.all(requests.map((r) => post(sponsor, `/sponsorships/${r.id}/accept`)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(2);
      expect(results.filter((r) => r.status === 409)).toHaveLength(3);
    });

    it('should keep existing sponsees when capacity is lowered, and accept again once there is room', async () => {
      const sponsor = await registerSponsor(t.api, { sponsorProfile: { maxSponsees: 2 } });
      await activeSponsorship(t.api, await registerSponsee(t.api), sponsor);
      const waiting = await requestSponsorship(t.api, await registerSponsee(t.api), sponsor, {
        kind: 'temporary_sponsor',
      });
      const second = await activeSponsorship(t.api, await registerSponsee(t.api), sponsor);
      await putSponsorProfile(t.api, sponsor, { available: true, maxSponsees: 1, fellowships: ['NA'] });
      const active = await t.api.get<SponsorshipBody[]>('/sponsorships?status=active', {
        token: sponsor.accessToken,
      });
      expect(active.body).toHaveLength(2);
      expect((await post(sponsor, `/sponsorships/${waiting.id}/accept`)).status).toBe(409);
      await transition(t.api, sponsor, second.id, 'end');
      await putSponsorProfile(t.api, sponsor, { available: true, maxSponsees: 2, fellowships: ['NA'] });
      expect((await post(sponsor, `/sponsorships/${waiting.id}/accept`)).status).toBe(200);
    });

    it('should refuse accepting after the sponsor deleted their profile, with what to do', async () => {
      const sponsor = await registerSponsor(t.api);
      const pending = await requestSponsorship(t.api, await registerSponsee(t.api), sponsor);
      expect((await t.api.delete('/me/sponsor-profile', { token: sponsor.accessToken })).status).toBe(204);
      const res = await post(sponsor, `/sponsorships/${pending.id}/accept`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ status: 'requested' });
      expect(res.body.message).toMatch(/PUT \/me\/sponsor-profile/);
    });
  });
});
