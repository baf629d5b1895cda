import type { INestApplicationContext } from '@nestjs/common';
import { PasswordHasher } from './password-hasher.service';
import type { UserEntity } from './entities/user.entity';
import { UsersRepository } from './users.repository';

export const DEMO_PASSWORD = 'recovery-demo-1';
/** The one demo member with the admin role (moderation, feed imports). */
export const DEMO_ADMIN_EMAIL = 'robin@demo.homegroup.local';

/** Plausible demo members (first name and initial, as the tradition goes). Idempotent. */
export const DEMO_MEMBERS: {
  email: string;
  displayName: string;
  timezone: string;
  fellowships: string[];
  languages: string[];
  gender: 'woman' | 'man' | 'nonbinary';
  /** What the craving screen offers them (only Sam has one, so the screen shows something on a fresh start). */
  copingList?: string[];
}[] = [
  {
    email: 'sam@demo.homegroup.local',
    displayName: 'Sam K.',
    timezone: 'America/New_York',
    fellowships: ['NA'],
    languages: ['en'],
    gender: 'man' as const,
    copingList: ['Call my sponsor', 'Walk around the block', 'Drink a glass of water', 'Read the daily meditation'],
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

/**
 * Creates the demo members that do not exist yet. Never touches an account that exists: one registered
 * with a demo email by someone else keeps its role, password and profile (ADR 0020). Idempotent.
 * Outside production only: the caller (`seedDemoData`) decides; returns how many it created.
 */
export async function seedDemoMembers(app: INestApplicationContext): Promise<number> {
  const users = app.get(UsersRepository);
  const hasher = app.get(PasswordHasher);
  let created = 0;
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  for (const member of DEMO_MEMBERS) {
    if (await users.findByEmail(member.email)) continue;
    const { email, displayName, timezone, fellowships, languages, gender, copingList = [] } = member;
    const user = await users.insert({ email, displayName, timezone, passwordHash });
    if (user) {
      await users.update(user.id, {
        fellowships,
        languages,
        gender,
        copingList,
        ...(email === DEMO_ADMIN_EMAIL ? { role: 'admin' as const } : {}),
      });
      created += 1;
    }
  }
  return created;
}

/**
 * The demo members that are the seed's own accounts, by email: they exist and still have the published demo
 * password. The other demo seeds (alert circle, group leads) only ever touch these, so an account someone
 * registered with a demo email is never wired into the demo.
 */
export async function demoAccounts(app: INestApplicationContext): Promise<Map<string, UserEntity>> {
  const users = app.get(UsersRepository, { strict: false });
  const hasher = app.get(PasswordHasher, { strict: false });
  const out = new Map<string, UserEntity>();
  for (const { email } of DEMO_MEMBERS) {
    const user = await users.findByEmail(email);
    if (user && (await hasher.verify(user.passwordHash, DEMO_PASSWORD))) out.set(email, user);
  }
  return out;
}
