import { DataSource } from 'typeorm';
import { seedDemoMembers } from '@homegroup/identity';
import { demoMeetingFeed, seedDemoMeetings } from '@homegroup/meetings';
import { searchMeetings } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';

describe('demo meetings (npm start on the embedded database)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should seed a few hundred plausible meetings across zones, fellowships and attendance modes, once', async () => {
    await seedDemoMembers(t.app);
    const first = await seedDemoMeetings(t.app);
    const total = demoMeetingFeed().length;
    expect(total).toBeGreaterThanOrEqual(250);
    expect(first).toEqual({ created: total, unchanged: 0 });
    expect(await seedDemoMeetings(t.app)).toEqual({ created: 0, unchanged: total });

    const db = t.app.get(DataSource);
    const [spread] = await db.query<{ zones: number; fellowships: number; modes: string[]; listed: number }[]>(
      `SELECT count(DISTINCT m.timezone)::int AS zones, count(DISTINCT g.fellowship)::int AS fellowships,
              array_agg(DISTINCT m.attendance ORDER BY m.attendance) AS modes,
              (SELECT count(DISTINCT meeting_id)::int FROM meeting_slots) AS listed
         FROM meetings m JOIN groups g ON g.id = m.group_id WHERE g.published`,
    );
    expect(spread.zones).toBeGreaterThanOrEqual(3);
    expect(spread.fellowships).toBeGreaterThanOrEqual(3);
    expect(spread.modes).toEqual(['hybrid', 'in_person', 'online']);
    expect(spread.listed).toBeGreaterThan(total * 0.9);
    // Demo leads can edit their fellowship's demo groups.
    const [leads] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM group_leads gl JOIN users u ON u.id = gl.user_id WHERE u.email = 'sam@demo.homegroup.local'`,
    );
    expect(leads.n).toBeGreaterThan(0);
    const [admin] = await db.query<{ role: string }[]>(`SELECT role FROM users WHERE email = 'robin@demo.homegroup.local'`);
    expect(admin.role).toBe('admin');

    const nearby = await searchMeetings(t.api, { lat: 40.71, lng: -74.0, radiusKm: 25 });
    expect(nearby.items.length).toBeGreaterThan(5);
    expect(nearby.items.every((i) => i.timezone === 'America/New_York')).toBe(true);
  });
});
