import { DataSource } from 'typeorm';
import { seedDemoCircle } from '@homegroup/cravings';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemoMembers } from '@homegroup/identity';
import { seedDemoMeetings } from '@homegroup/meetings';
import { seedDemoData } from '../../../apps/api/src/demo-data';
import { registerMember } from '../../factories/member.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

describe('demo data (the embedded start): outside production only, never touching an existing account', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  const demoRows = async () => {
    const [row] = await db.query<{ users: number; meetings: number }[]>(
      `SELECT (SELECT count(*)::int FROM users WHERE email LIKE '%@demo.homegroup.local') AS users,
              (SELECT count(*)::int FROM meetings WHERE source LIKE 'homegroup-demo%') AS meetings`,
    );
    return row;
  };

  it('should seed nothing with NODE_ENV=production', async () => {
    expect(await seedDemoData(t.app, 'production')).toBeNull();
    expect(await demoRows()).toEqual({ users: 0, meetings: 0 });
  });

  it('should neither promote nor change an account that already has a demo email, nor wire it into the demo', async () => {
    const robin = await registerMember(t.api, { email: DEMO_ADMIN_EMAIL, password: 'robins-own-password', displayName: 'Not the demo' });
    const sam = await registerMember(t.api, { email: 'sam@demo.homegroup.local', password: 'sams-own-password', displayName: 'Real Sam' });

    expect(await seedDemoMembers(t.app)).toBe(4); // the other four
    expect(await seedDemoCircle(t.app)).toBe(false); // Sam is not the seed's own account
    await seedDemoMeetings(t.app);

    const [robinRow] = await db.query<{ role: string; display_name: string }[]>('SELECT role, display_name FROM users WHERE id = $1', [robin.id]);
    expect(robinRow).toEqual({ role: 'member', display_name: 'Not the demo' });
    expect((await t.api.post('/auth/login', { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD })).status).toBe(401);
    expect((await t.api.post('/auth/login', { email: DEMO_ADMIN_EMAIL, password: 'robins-own-password' })).status).toBe(200);
    // Not an admin: a whole-feed import is refused.
    expect((await t.api.post('/imports/meeting-guide', { source: 'x', meetings: [] }, { token: robin.accessToken })).status).toBe(403);
    const [samLinks] = await db.query<{ leads: number; sponsorships: number }[]>(
      `SELECT (SELECT count(*)::int FROM group_leads WHERE user_id = $1) AS leads,
              (SELECT count(*)::int FROM sponsorships WHERE sponsee_id = $1 OR sponsor_id = $1) AS sponsorships`,
      [sam.id],
    );
    expect(samLinks).toEqual({ leads: 0, sponsorships: 0 });
    // Nor is the demo Sam's coping list written into it.
    expect((await t.api.get<{ copingList: string[] }>('/me', { token: sam.accessToken })).body.copingList).toEqual([]);

    // The demo's own members are made as before, and a second run changes nothing.
    expect((await t.api.post('/auth/login', { email: 'alex@demo.homegroup.local', password: DEMO_PASSWORD })).status).toBe(200);
    expect(await seedDemoData(t.app, 'development')).toMatchObject({ members: 0, meetings: 0 });
    expect((await db.query<{ role: string }[]>('SELECT role FROM users WHERE id = $1', [robin.id]))[0].role).toBe('member');
  });
});
