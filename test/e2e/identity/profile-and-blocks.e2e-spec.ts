import { createTestApp, TestApp } from '../../utils/create-test-app';
import { registerMember } from '../../factories/member.factory';

type ErrorBody = { statusCode: number; message: string; fields?: { field: string }[] };

describe('profile additions, fellowships and blocks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should list the fellowships as data, with SMART having no sponsors', async () => {
    const res =
      await t.api.get<{ code: string; hasSponsors: boolean; relationshipKinds: string[] }[]>('/fellowships');
    expect(res.status).toBe(200);
    const byCode = new Map(res.body.map((f) => [f.code, f]));
    expect(byCode.get('NA')).toMatchObject({
      hasSponsors: true,
      relationshipKinds: ['sponsor', 'temporary_sponsor'],
    });
    expect(byCode.get('SMART')).toMatchObject({
      hasSponsors: false,
      relationshipKinds: ['support_contact', 'facilitator'],
    });
  });

  it('should store languages, gender and the sponsor-gender preference, private to the member', async () => {
    const member = await registerMember(t.api);
    const res = await t.api.patch(
      '/me',
      {
        languages: ['en', 'es'],
        gender: 'woman',
        sponsorGenderPreference: 'any',
        fellowships: ['na', 'smart'],
      },
      { token: member.accessToken },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      languages: ['en', 'es'],
      gender: 'woman',
      sponsorGenderPreference: 'any',
      fellowships: ['NA', 'SMART'],
    });
    const fresh = await registerMember(t.api);
    const me = await t.api.get('/me', { token: fresh.accessToken });
    expect(me.body).toMatchObject({ languages: [], gender: null, sponsorGenderPreference: 'same' });
  });

  it.each([
    [{ fellowships: ['NA', 'XYZ'] }, 'fellowships', /unknown codes: XYZ/],
    [{ gender: 'robot' }, 'gender', /gender must be one of/],
    [{ languages: ['English'] }, 'languages', /language tags/],
    [{ sponsorGenderPreference: 'women-only' }, 'sponsorGenderPreference', /must be one of/],
  ])('should refuse %j with 400 naming the field', async (body, field, message) => {
    const member = await registerMember(t.api);
    const res = await t.api.patch<ErrorBody>('/me', body, { token: member.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.fields?.map((f) => f.field)).toContain(field);
    expect(res.body.message).toMatch(message);
  });

  it('should block and unblock a member, list blocks and export them', async () => {
    const me = await registerMember(t.api);
    const other = await registerMember(t.api);
    expect((await t.api.post('/blocks', { userId: other.id }, { token: me.accessToken })).status).toBe(204);
    // Blocking twice is harmless.
    expect((await t.api.post('/blocks', { userId: other.id }, { token: me.accessToken })).status).toBe(204);
    const list = await t.api.get<{ user: { id: string; displayName: string } }[]>('/blocks', {
      token: me.accessToken,
    });
    expect(list.body.map((b) => b.user)).toEqual([{ id: other.id, displayName: other.displayName }]);
    const exported = await t.api.get<{ blocks: { blockedId: string }[] }>('/me/export', {
      token: me.accessToken,
    });
    expect(exported.body.blocks.map((b) => b.blockedId)).toEqual([other.id]);
    // The blocked member's own list is unaffected.
    expect((await t.api.get<unknown[]>('/blocks', { token: other.accessToken })).body).toEqual([]);
    expect((await t.api.delete(`/blocks/${other.id}`, { token: me.accessToken })).status).toBe(204);
    expect((await t.api.delete(`/blocks/${other.id}`, { token: me.accessToken })).status).toBe(404);
  });

  it('should refuse to block oneself (400), an unknown member (404) and a malformed id (400)', async () => {
    const me = await registerMember(t.api);
    expect((await t.api.post('/blocks', { userId: me.id }, { token: me.accessToken })).status).toBe(400);
    expect(
      (
        await t.api.post(
          '/blocks',
          { userId: '6f1c1f43-3c1e-4d6a-9a43-0b7a2f7e9d11' },
          { token: me.accessToken },
        )
      ).status,
    ).toBe(404);
    expect((await t.api.post('/blocks', { userId: 'nope' }, { token: me.accessToken })).status).toBe(400);
    expect((await t.api.get('/blocks')).status).toBe(401);
  });
});
