import type { INestApplicationContext } from '@nestjs/common';
import { PasswordHasher } from './password-hasher.service';
import { UsersRepository } from './users.repository';

export const DEMO_PASSWORD = 'recovery-demo-1';
/** The one demo member with the admin role (moderation, feed imports). */
export const DEMO_ADMIN_EMAIL = 'robin@demo.homegroup.local';

/** Plausible demo members (first name and initial, as the tradition goes). Idempotent. */
export const DEMO_MEMBERS = [
  {
    email: 'sam@demo.homegroup.local',
    displayName: 'Sam K.',
    timezone: 'America/New_York',
    fellowships: ['NA'],
    languages: ['en'],
    gender: 'man' as const,
  },
  {
    email: 'alex@demo.homegroup.local',
    displayName: 'Alex R.',
    timezone: 'America/New_York',
    fellowships: ['NA', 'AA'],
    languages: ['en', 'es'],
    gender: 'man' as const,
  },
  {
    email: 'jo@demo.homegroup.local',
    displayName: 'Jo M.',
    timezone: 'Europe/London',
    fellowships: ['SMART'],
    languages: ['en'],
    gender: 'woman' as const,
  },
  {
    email: 'priya@demo.homegroup.local',
    displayName: 'Priya S.',
    timezone: 'America/Los_Angeles',
    fellowships: ['AA'],
    languages: ['en'],
    gender: 'woman' as const,
  },
  {
    email: DEMO_ADMIN_EMAIL,
    displayName: 'Robin A.',
    timezone: 'Europe/London',
    fellowships: ['AA'],
    languages: ['en'],
    gender: 'nonbinary' as const,
  },
  {
    email: 'tane@demo.homegroup.local',
    displayName: 'Tane W.',
    timezone: 'Pacific/Auckland',
    fellowships: ['NA'],
    languages: ['en', 'mi'],
    gender: 'nonbinary' as const,
  },
];

export async function seedDemoMembers(app: INestApplicationContext): Promise<number> {
  const users = app.get(UsersRepository);
  const hasher = app.get(PasswordHasher);
  let created = 0;
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  for (const member of DEMO_MEMBERS) {
    const existing = await users.findByEmail(member.email);
    if (existing) {
      if (member.email === DEMO_ADMIN_EMAIL && existing.role !== 'admin') await users.update(existing.id, { role: 'admin' });
      continue;
    }
    const { email, displayName, timezone, fellowships, languages, gender } = member;
    const user = await users.insert({ email, displayName, timezone, passwordHash });
    if (user) {
      await users.update(user.id, { fellowships, languages, gender, ...(email === DEMO_ADMIN_EMAIL ? { role: 'admin' as const } : {}) });
      created += 1;
    }
  }
  return created;
}
