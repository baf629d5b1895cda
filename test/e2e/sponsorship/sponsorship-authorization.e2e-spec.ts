import { randomUUID } from 'node:crypto';
import { registerMember, type TestMember } from '../../factories/member.factory';
import {
  activeSponsorship,
  registerSponsee,
  registerSponsor,
  requestSponsorship,
  SponsorshipBody,
} from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

type Who = 'anonymous' | 'stranger' | 'sponsee' | 'sponsor';
type Route = {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: (id: string) => string;
  on: 'requested' | 'active';
  expected: Record<Who, number>;
};

/**
 * Every route of sponsorship × who asks. A stranger never learns that someone else's sponsorship exists:
 * 404, exactly as for an id that does not exist.
 */
const ROUTES: Route[] = [
  {
    name: 'GET /sponsorships/:id',
    method: 'GET',
    path: (id) => `/sponsorships/${id}`,
    on: 'active',
    expected: { anonymous: 401, stranger: 404, sponsee: 200, sponsor: 200 },
  },
  {
    name: 'POST /sponsorships/:id/accept',
    method: 'POST',
    path: (id) => `/sponsorships/${id}/accept`,
    on: 'requested',
    expected: { anonymous: 401, stranger: 404, sponsee: 409, sponsor: 200 },
  },
  {
    name: 'POST /sponsorships/:id/decline',
    method: 'POST',
    path: (id) => `/sponsorships/${id}/decline`,
    on: 'requested',
    expected: { anonymous: 401, stranger: 404, sponsee: 409, sponsor: 200 },
  },
  {
    name: 'POST /sponsorships/:id/withdraw',
    method: 'POST',
    path: (id) => `/sponsorships/${id}/withdraw`,
    on: 'requested',
    expected: { anonymous: 401, stranger: 404, sponsee: 200, sponsor: 409 },
  },
  {
    name: 'POST /sponsorships/:id/end',
    method: 'POST',
    path: (id) => `/sponsorships/${id}/end`,
    on: 'active',
    expected: { anonymous: 401, stranger: 404, sponsee: 200, sponsor: 200 },
  },
];
const ORDER: Who[] = ['anonymous', 'stranger', 'sponsee', 'sponsor'];

describe('sponsorship authorization matrix', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const call = (route: Route, id: string, member?: TestMember) =>
    t.api.request<{ message: string }>(
      route.method,
      route.path(id),
      undefined,
      member ? { token: member.accessToken } : {},
    );

  it.each(ROUTES.map((r) => [r.name, r] as const))(
    'should answer %s as the matrix says for each caller',
    async (_name, route) => {
      const seen: Record<string, number> = {};
      for (const who of ORDER) {
        // A fresh sponsorship per caller, so what one caller did never decides another's answer.
        const sponsor = await registerSponsor(t.api);
        const sponsee = await registerSponsee(t.api);
        const stranger = await registerMember(t.api);
        const members: Record<Who, TestMember | undefined> = {
          anonymous: undefined,
          stranger,
          sponsee,
          sponsor,
        };
        const { id } =
          route.on === 'active'
            ? await activeSponsorship(t.api, sponsee, sponsor)
            : await requestSponsorship(t.api, sponsee, sponsor);
        seen[who] = (await call(route, id, members[who])).status;
      }
      expect(seen).toEqual(route.expected);
    },
  );

  it('should answer a stranger exactly as for a sponsorship that does not exist', async () => {
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const stranger = await registerMember(t.api);
    const { id } = await activeSponsorship(t.api, sponsee, sponsor);
    for (const route of ROUTES) {
      const theirs = await call(route, id, stranger);
      const missing = await call(route, randomUUID(), stranger);
      const malformed = await call(route, 'not-an-id', stranger);
      expect([theirs.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
      expect(theirs.body).toEqual(missing.body);
      expect(malformed.body).toEqual(missing.body);
    }
  });

  it('should list a sponsorship only for its two parties, each with their role', async () => {
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const stranger = await registerMember(t.api);
    const { id } = await requestSponsorship(t.api, sponsee, sponsor);
    const list = async (member: TestMember) =>
      (await t.api.get<SponsorshipBody[]>('/sponsorships', { token: member.accessToken })).body;
    expect((await list(sponsee)).map((s) => [s.id, s.role])).toEqual([[id, 'sponsee']]);
    expect((await list(sponsor)).map((s) => [s.id, s.role])).toEqual([[id, 'sponsor']]);
    expect(await list(stranger)).toEqual([]);
  });

  it.each([
    ['PUT', '/me/sponsor-profile'],
    ['GET', '/me/sponsor-profile'],
    ['DELETE', '/me/sponsor-profile'],
    ['GET', '/sponsors'],
    ['POST', '/sponsorships'],
    ['GET', '/sponsorships'],
  ])('should refuse %s %s without a token (401)', async (method, path) => {
    const res = await t.api.request<{ message: string }>(
      method,
      path,
      method === 'PUT' || method === 'POST' ? {} : undefined,
    );
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/Authorization: Bearer/);
  });

  it('should keep each member’s sponsor profile their own (no route takes another member’s id)', async () => {
    const a = await registerSponsor(t.api, { sponsorProfile: { region: 'Leeds' } });
    const b = await registerMember(t.api);
    expect((await t.api.get('/me/sponsor-profile', { token: b.accessToken })).status).toBe(404);
    expect((await t.api.delete('/me/sponsor-profile', { token: b.accessToken })).status).toBe(404);
    const mine = await t.api.get<{ region: string }>('/me/sponsor-profile', { token: a.accessToken });
    expect(mine.body.region).toBe('Leeds');
  });

  it('should document every sponsorship route in the OpenAPI document', async () => {
    const res = await t.api.get<{ paths: Record<string, Record<string, { summary?: string }>> }>(
      '/openapi.json',
    );
    const documented = new Map(
      Object.entries(res.body.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op]),
      ),
    );
    for (const route of [
      'PUT /api/v1/me/sponsor-profile',
      'GET /api/v1/me/sponsor-profile',
      'DELETE /api/v1/me/sponsor-profile',
      'GET /api/v1/sponsors',
      'POST /api/v1/sponsorships',
      'GET /api/v1/sponsorships',
      'GET /api/v1/sponsorships/{id}',
      'POST /api/v1/sponsorships/{id}/accept',
      'POST /api/v1/sponsorships/{id}/decline',
      'POST /api/v1/sponsorships/{id}/withdraw',
      'POST /api/v1/sponsorships/{id}/end',
      'POST /api/v1/sponsorships/{id}/review',
    ]) {
      expect(documented.get(route)?.summary).toEqual(expect.any(String));
    }
  });
});
