import type { INestApplicationContext } from '@nestjs/common';
import type { EnvironmentVariables } from '@homegroup/config';
import { seedDemoCircle } from '@homegroup/cravings';
import { seedDemoMembers } from '@homegroup/identity';
import { seedDemoMeetings } from '@homegroup/meetings';

export type DemoDataResult = { members: number; circle: boolean; meetings: number };

/**
 * The demo data (members with a published password, one of them an admin; Sam's alert circle; the demo
 * meetings), outside production only: with NODE_ENV=production nothing is seeded, whatever SEED_DEMO or an
 * embedded database says, and the answer is null (ADR 0020). Existing accounts are never changed.
 */
export async function seedDemoData(app: INestApplicationContext, nodeEnv: EnvironmentVariables['NODE_ENV']): Promise<DemoDataResult | null> {
  if (nodeEnv === 'production') return null;
  const members = await seedDemoMembers(app);
  const circle = await seedDemoCircle(app);
  const meetings = await seedDemoMeetings(app);
  return { members, circle, meetings: meetings.created };
}
