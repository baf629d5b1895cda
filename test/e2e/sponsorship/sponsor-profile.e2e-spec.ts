import { registerMember } from '../../factories/member.factory';
import { updateMemberProfile } from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type Profile = {
  available: boolean;
  maxSponsees: number;
  activeSponsees: number;
  fellowships: string[];
  languages: string[];
  bio: string | null;
  region: string | null;
  location: { lat: number; lng: number } | null;
  createdAt: string;
  updatedAt: string;
};
type ErrorBody = { statusCode: number; message: string; fields?: { field: string }[] };

const valid = { available: true, maxSponsees: 3, fellowships: ['NA'] };

describe('sponsor profile (/me/sponsor-profile)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should create, read, replace and delete the caller’s sponsor profile', async () => {
    const member = await registerMember(t.api);
    const token = { token: member.accessToken };
    expect((await t.api.get<ErrorBody>('/me/sponsor-profile', token)).status).toBe(404);

    const created = await t.api.put<Profile>(
      '/me/sponsor-profile',
      {
        ...valid,
        fellowships: ['na', 'aa', 'NA'],
        languages: ['en', 'es', 'en'],
        bio: '  Ten years clean, two sponsees.  ',
        region: 'Brooklyn, NY',
      },
      token,
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      available: true,
      maxSponsees: 3,
      activeSponsees: 0,
      fellowships: ['NA', 'AA'],
      languages: ['en', 'es'],
      bio: 'Ten years clean, two sponsees.',
      region: 'Brooklyn, NY',
      location: null,
    });

    const read = await t.api.get<Profile>('/me/sponsor-profile', token);
    expect(read.body).toEqual(created.body);

    // PUT replaces the whole profile: what is left out is cleared.
    const replaced = await t.api.put<Profile>(
      '/me/sponsor-profile',
      { available: false, maxSponsees: 1, fellowships: ['AA'] },
      token,
    );
    expect(replaced.body).toMatchObject({
      available: false,
      maxSponsees: 1,
      fellowships: ['AA'],
      bio: null,
      region: null,
    });
    expect(replaced.body.createdAt).toBe(created.body.createdAt);

    expect((await t.api.delete('/me/sponsor-profile', token)).status).toBe(204);
    expect((await t.api.get('/me/sponsor-profile', token)).status).toBe(404);
    const again = await t.api.delete<ErrorBody>('/me/sponsor-profile', token);
    expect(again.status).toBe(404);
    expect(again.body.message).toMatch(/PUT \/me\/sponsor-profile/);
  });

  it('should store only an approximate location (2 decimals, about 1 km)', async () => {
    const member = await registerMember(t.api);
    const res = await t.api.put<Profile>(
      '/me/sponsor-profile',
      { ...valid, location: { lat: 40.712776, lng: -73.935242 } },
      { token: member.accessToken },
    );
    expect(res.body.location).toEqual({ lat: 40.71, lng: -73.94 });
    const exported = await fetch(`${t.baseUrl}/api/v1/me/export`, {
      headers: { authorization: `Bearer ${member.accessToken}` },
    });
    const text = await exported.text();
    expect(text).toContain('40.71');
    expect(text).not.toContain('40.712776');
    expect(text).not.toContain('73.935242');
  });

  it('should default the languages to the member’s own', async () => {
    const member = await registerMember(t.api);
    await updateMemberProfile(t.api, member, { languages: ['pt-BR', 'en'] });
    const res = await t.api.put<Profile>('/me/sponsor-profile', valid, { token: member.accessToken });
    expect(res.body.languages).toEqual(['pt-BR', 'en']);
  });

  it('should refuse SMART Recovery (no sponsors) and unknown fellowships with 400 naming fellowships', async () => {
    const member = await registerMember(t.api);
    const smart = await t.api.put<ErrorBody>(
      '/me/sponsor-profile',
      { ...valid, fellowships: ['NA', 'SMART'] },
      { token: member.accessToken },
    );
    expect(smart.status).toBe(400);
    expect(smart.body.fields?.map((f) => f.field)).toEqual(['fellowships']);
    expect(smart.body.message).toMatch(/SMART Recovery has no sponsors; add them as a support contact/);
    const unknown = await t.api.put<ErrorBody>(
      '/me/sponsor-profile',
      { ...valid, fellowships: ['XYZ'] },
      { token: member.accessToken },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/unknown codes: XYZ/);
    expect((await t.api.get('/me/sponsor-profile', { token: member.accessToken })).status).toBe(404);
  });

  it.each([
    [{ ...valid, maxSponsees: 0 }, 'maxSponsees', /between 1 and 20/],
    [{ ...valid, maxSponsees: 21 }, 'maxSponsees', /between 1 and 20/],
    [{ ...valid, maxSponsees: 2.5 }, 'maxSponsees', /whole number/],
    [{ ...valid, fellowships: [] }, 'fellowships', /at least one fellowship/],
    [{ ...valid, fellowships: 'NA' }, 'fellowships', /list of fellowship codes/],
    [{ ...valid, available: 'yes' }, 'available', /true or false/],
    [{ maxSponsees: 2, fellowships: ['NA'] }, 'available', /true or false/],
    [{ ...valid, bio: 'x'.repeat(501) }, 'bio', /at most 500/],
    [{ ...valid, bio: 42 }, 'bio', /must be a string/],
    [{ ...valid, region: 'y'.repeat(81) }, 'region', /at most 80/],
    [{ ...valid, languages: ['Spanish'] }, 'languages', /language tags/],
    [{ ...valid, location: { lat: 91, lng: 0 } }, 'location.lat', /between -90 and 90/],
    [{ ...valid, location: { lat: 10 } }, 'location.lng', /number of degrees/],
    [{ ...valid, location: 'Brooklyn' }, 'location', /object/],
    [{ ...valid, phone: '+14155550123' }, 'phone', /should not exist/],
  ])('should refuse %j with 400 naming %s', async (body, field, message) => {
    const member = await registerMember(t.api);
    const res = await t.api.put<ErrorBody>('/me/sponsor-profile', body, { token: member.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.fields?.map((f) => f.field)).toContain(field);
    expect(res.body.message).toMatch(message);
  });

  it('should export the sponsor profile section (null when there is none)', async () => {
    const member = await registerMember(t.api);
    const before = await t.api.get<{ sponsorProfile: unknown }>('/me/export', { token: member.accessToken });
    expect(before.body.sponsorProfile).toBeNull();
    await t.api.put('/me/sponsor-profile', { ...valid, region: 'Leeds' }, { token: member.accessToken });
    const after = await t.api.get<{
      sponsorProfile: { userId: string; region: string; maxSponsees: number };
    }>('/me/export', {
      token: member.accessToken,
    });
    expect(after.body.sponsorProfile).toMatchObject({ userId: member.id, region: 'Leeds', maxSponsees: 3 });
  });
});
