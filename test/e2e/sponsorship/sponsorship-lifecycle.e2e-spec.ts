import { DataSource } from 'typeorm';
import { SponsorshipQueries } from '@homegroup/sponsorship';
import type { TestMember } from '../../factories/member.factory';
import {
  activeSponsorship,
  putSponsorProfile,
  registerSponsee,
  registerSponsor,
  requestSponsorship,
  SponsorshipBody,
  transition,
  uniqueTag,
} from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

describe('sponsorships across features: alert circle source, blocks, export, erasure', () => {
  let t: TestApp;
  let queries: SponsorshipQueries;

  beforeAll(async () => {
    t = await createTestApp();
    queries = t.app.get(SponsorshipQueries);
  });

  afterAll(async () => {
    await t.close();
  });

  const activeSponsees = async (sponsor: TestMember): Promise<number> =>
    (await t.api.get<{ activeSponsees: number }>('/me/sponsor-profile', { token: sponsor.accessToken })).body
      .activeSponsees;
  const statusOf = async (member: TestMember, id: string): Promise<string> =>
    (await t.api.get<SponsorshipBody>(`/sponsorships/${id}`, { token: member.accessToken })).body.status;
  const findable = async (caller: TestMember, sponsor: TestMember, tag: string): Promise<boolean> => {
    const res = await t.api.get<{ items: { id: string }[] }>(`/sponsors?region=${tag}&gender=any`, {
      token: caller.accessToken,
    });
    return res.body.items.some((c) => c.id === sponsor.id);
  };

  it('should list active sponsors primary first, then temporary ones oldest first, and drop an ended one at once', async () => {
    const sponsee = await registerSponsee(t.api);
    const firstTemporary = await registerSponsor(t.api);
    const secondTemporary = await registerSponsor(t.api);
    const primary = await registerSponsor(t.api);
    const pending = await registerSponsor(t.api);
    const t1 = await activeSponsorship(t.api, sponsee, firstTemporary, { kind: 'temporary_sponsor' });
    await activeSponsorship(t.api, sponsee, secondTemporary, { kind: 'temporary_sponsor' });
    const p = await activeSponsorship(t.api, sponsee, primary);
    await requestSponsorship(t.api, sponsee, pending);

    const before = await queries.activeSponsorsOf(sponsee.id);
    expect(before.map((s) => [s.sponsorId, s.kind])).toEqual([
      [primary.id, 'sponsor'],
      [firstTemporary.id, 'temporary_sponsor'],
      [secondTemporary.id, 'temporary_sponsor'],
    ]);
    expect(before[0]).toEqual({
      sponsorshipId: p.id,
      sponsorId: primary.id,
      displayName: primary.displayName,
      kind: 'sponsor',
      fellowship: 'NA',
      startedAt: new Date(p.startedAt ?? 0),
    });

    await transition(t.api, primary, p.id, 'end');
    await transition(t.api, sponsee, t1.id, 'end');
    expect((await queries.activeSponsorsOf(sponsee.id)).map((s) => s.sponsorId)).toEqual([
      secondTemporary.id,
    ]);
    // The sponsor's own sponsees are not their sponsors.
    expect(await queries.activeSponsorsOf(primary.id)).toEqual([]);
  });

  it('should end active sponsorships and close pending requests between two members when one blocks the other', async () => {
    const tag = uniqueTag();
    const sponsor = await registerSponsor(t.api, {
      sponsorProfile: { maxSponsees: 1, region: `Town ${tag}` },
    });
    const sponsee = await registerSponsee(t.api);
    await putSponsorProfile(t.api, sponsee, { available: true, maxSponsees: 2, fellowships: ['NA'] });
    const active = await activeSponsorship(t.api, sponsee, sponsor);
    const asker = await registerSponsor(t.api);
    const asked = await registerSponsor(t.api);
    const askerRequest = await requestSponsorship(t.api, asker, sponsee);
    const askedRequest = await requestSponsorship(t.api, sponsee, asked);
    expect(await activeSponsees(sponsor)).toBe(1);

    // The sponsor blocks the sponsee: the active link ends (by the blocker).
    expect((await t.api.post('/blocks', { userId: sponsee.id }, { token: sponsor.accessToken })).status).toBe(
      204,
    );
    const ended = await t.api.get<SponsorshipBody>(`/sponsorships/${active.id}`, {
      token: sponsee.accessToken,
    });
    expect(ended.body.status).toBe('ended');
    expect(await queries.activeSponsorsOf(sponsee.id)).toEqual([]);
    expect(await activeSponsees(sponsor)).toBe(0);
    const someoneElse = await registerSponsee(t.api);
    expect(await findable(someoneElse, sponsor, tag)).toBe(true);

    // A blocker's own pending request is withdrawn; one they were asked is declined.
    await t.api.post('/blocks', { userId: sponsee.id }, { token: asker.accessToken });
    await t.api.post('/blocks', { userId: sponsee.id }, { token: asked.accessToken });
    expect(await statusOf(asker, askerRequest.id)).toBe('withdrawn');
    expect(await statusOf(asked, askedRequest.id)).toBe('declined');
    // And nobody can ask again across the block.
    expect(
      (await t.api.post('/sponsorships', { sponsorId: asked.id }, { token: sponsee.accessToken })).status,
    ).toBe(404);
  });

  it('should export the member’s sponsorships from their side, without the other member’s private data', async () => {
    const sponsor = await registerSponsor(t.api, {
      profile: { cleanDate: '2015-05-05', phone: '+14155550199' },
    });
    const sponsee = await registerSponsee(t.api);
    const active = await activeSponsorship(t.api, sponsee, sponsor);
    const res = await fetch(`${t.baseUrl}/api/v1/me/export`, {
      headers: { authorization: `Bearer ${sponsee.accessToken}` },
    });
    const text = await res.text();
    const body = JSON.parse(text) as { sponsorships: SponsorshipBody[]; sponsorProfile: unknown };
    expect(body.sponsorProfile).toBeNull();
    expect(body.sponsorships.map((s) => [s.id, s.role, s.status, s.sponsor.id])).toEqual([
      [active.id, 'sponsee', 'active', sponsor.id],
    ]);
    for (const secret of ['2015-05-05', '+14155550199', sponsor.email]) expect(text).not.toContain(secret);
    const sponsorExport = await t.api.get<{
      sponsorships: SponsorshipBody[];
      sponsorProfile: { maxSponsees: number };
    }>('/me/export', {
      token: sponsor.accessToken,
    });
    expect(sponsorExport.body.sponsorships.map((s) => s.role)).toEqual(['sponsor']);
    expect(sponsorExport.body.sponsorProfile.maxSponsees).toBe(3);
  });

  it('should erase a sponsee’s sponsorships with their account and give the sponsor their capacity back', async () => {
    const tag = uniqueTag();
    const sponsor = await registerSponsor(t.api, {
      sponsorProfile: { maxSponsees: 1, region: `Town ${tag}` },
    });
    const sponsee = await registerSponsee(t.api);
    await activeSponsorship(t.api, sponsee, sponsor);
    const looking = await registerSponsee(t.api);
    expect(await findable(looking, sponsor, tag)).toBe(false);

    expect((await t.api.delete('/me', { token: sponsee.accessToken })).status).toBe(204);
    const rows = await t.app
      .get(DataSource)
      .query<{ n: string }[]>(
        'SELECT count(*) AS n FROM sponsorships WHERE sponsee_id = $1 OR sponsor_id = $1',
        [sponsee.id],
      );
    expect(rows[0].n).toBe('0');
    expect(
      (await t.api.get<SponsorshipBody[]>('/sponsorships', { token: sponsor.accessToken })).body,
    ).toEqual([]);
    expect(await activeSponsees(sponsor)).toBe(0);
    expect(await findable(looking, sponsor, tag)).toBe(true);
  });

  it('should erase a sponsor’s profile and sponsorships with their account', async () => {
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    await activeSponsorship(t.api, sponsee, sponsor);
    expect((await t.api.delete('/me', { token: sponsor.accessToken })).status).toBe(204);
    expect(await queries.activeSponsorsOf(sponsee.id)).toEqual([]);
    expect(
      (await t.api.get<SponsorshipBody[]>('/sponsorships', { token: sponsee.accessToken })).body,
    ).toEqual([]);
    const profiles = await t.app
      .get(DataSource)
      .query<{ n: string }[]>('SELECT count(*) AS n FROM sponsor_profiles WHERE user_id = $1', [sponsor.id]);
    expect(profiles[0].n).toBe('0');
  });

  it('should keep active sponsorships when the sponsor deletes their profile, and count them when it comes back', async () => {
    const tag = uniqueTag();
    const sponsor = await registerSponsor(t.api, { sponsorProfile: { maxSponsees: 2 } });
    const sponsee = await registerSponsee(t.api);
    const active = await activeSponsorship(t.api, sponsee, sponsor);
    expect((await t.api.delete('/me/sponsor-profile', { token: sponsor.accessToken })).status).toBe(204);
    expect(await statusOf(sponsee, active.id)).toBe('active');
    expect((await queries.activeSponsorsOf(sponsee.id)).map((s) => s.sponsorId)).toEqual([sponsor.id]);
    await putSponsorProfile(t.api, sponsor, {
      available: true,
      maxSponsees: 1,
      fellowships: ['NA'],
      region: `Town ${tag}`,
    });
    expect(await activeSponsees(sponsor)).toBe(1);
    expect(await findable(await registerSponsee(t.api), sponsor, tag)).toBe(false);
    // Ending it after the profile came back frees the place.
    await transition(t.api, sponsee, active.id, 'end');
    expect(await activeSponsees(sponsor)).toBe(0);
  });
});
