import type { INestApplicationContext } from '@nestjs/common';
import { PasswordHasher } from './password-hasher.service';
import { UsersRepository } from './users.repository';

export const DEMO_PASSWORD = 'recovery-demo-1';

/** Plausible demo members (first name and initial, as the tradition goes). Idempotent. */
export const DEMO_MEMBERS = [
  { email: 'sam@demo.homegroup.local', displayName: 'Sam K.', timezone: 'America/New_York', fellowships: ['NA'] },
  { email: 'alex@demo.homegroup.local', displayName: 'Alex R.', timezone: 'America/New_York', fellowships: ['NA', 'AA'] },
  { email: 'jo@demo.homegroup.local', displayName: 'Jo M.', timezone: 'Europe/London', fellowships: ['SMART'] },
  { email: 'priya@demo.homegroup.local', displayName: 'Priya S.', timezone: 'America/Los_Angeles', fellowships: ['AA'] },
  { email: 'tane@demo.homegroup.local', displayName: 'Tane W.', timezone: 'Pacific/Auckland', fellowships: ['NA'] },
];

export async function seedDemoMembers(app: INestApplicationContext): Promise<number> {
  const users = app.get(UsersRepository);
  const hasher = app.get(PasswordHasher);
  let created = 0;
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  for (const member of DEMO_MEMBERS) {
    if (await users.findByEmail(member.email)) continue;
    const user = await users.insert({ ...member, passwordHash });
    if (user) {
      await users.update(user.id, { fellowships: member.fellowships });
      created += 1;
    }
  }
  return created;
}
