import { DataSource } from 'typeorm';
import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { zoneRulesVersion } from '@homegroup/meetings';
import { Clock } from '@homegroup/operations';
import { createMeeting, leadWithGroup, searchMeetings, uniqueTag } from '../../factories/meeting.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { waitFor } from '../../utils/wait-for';

/**
 * The search slots are an index built with the zone rules of the process that wrote them (ADR 0014); the schedule
 * check always uses the running process's rules. The fixture below is what an older tzdata leaves behind: the
 * meeting's slots at the offset the zone used to have (two hours off) and that tzdata's version recorded
 * (ADR 0043 explains why this, and not a zone-rules provider, is the least invasive fixture).
 */
describe('search slots rebuilt when the zone rules change, and nightly (ADR 0043)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp(); // no worker: nothing rebuilds until a worker boots
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    t.app.get(Clock).resume();
    await t.close();
  });

  /** Rewrites the meeting's slots as rules two hours off would have: it is indexed at the wrong UTC minute. */
  const staleSlots = (meetingId: string): Promise<unknown> =>
    db.query(`UPDATE meeting_slots SET start_mow = (start_mow + 120) % 10080 WHERE meeting_id = $1`, [meetingId]);
  const found = async (tag: string): Promise<number> => (await searchMeetings(t.api, { q: tag, startsWithinMinutes: 60 })).items.length;

  it('should find the meeting at its time again once a worker boots with other zone rules than the stored ones', async () => {
    const tag = uniqueTag();
    const { lead, group } = await leadWithGroup(t.api);
    // Monday 19:00 in London = 19:00 UTC in December.
    const meeting = await createMeeting(t.api, lead, group.id, { name: `Rules ${tag}`, startsOn: '2026-12-01' });
    const tag2 = uniqueTag();
    const other = await createMeeting(t.api, lead, group.id, { name: `Untouched ${tag2}`, startsOn: '2026-12-01' });
    t.app.get(Clock).freeze(new Date('2026-12-07T18:30:00Z'));
    expect(await found(tag)).toBe(1);

    await staleSlots(meeting.id);
    await db.query(
      `INSERT INTO system_settings (key, value, updated_at) VALUES ('tz_version', '2019a', now())
       ON CONFLICT (key) DO UPDATE SET value = '2019a'`,
    );
    expect(await found(tag)).toBe(0); // the stale index hides it: the fixture bites

    const worker = await createTestApp({ databaseUrl: t.databaseUrl, env: { RUN_WORKER: 'true' } });
    try {
      await waitFor(async () => (await found(tag)) === 1, 20_000);
      const [setting] = await db.query<{ value: string }[]>(`SELECT value FROM system_settings WHERE key = 'tz_version'`);
      expect(setting.value).toBe(zoneRulesVersion());
      expect(setting.value).toBe(process.versions.tz);

      // Same rules at the next boot: nothing is rebuilt (the stale slots of a second meeting stay stale).
      await staleSlots(other.id);
      const again = await createTestApp({ databaseUrl: t.databaseUrl, env: { RUN_WORKER: 'true' } });
      await new Promise((r) => setTimeout(r, 1500));
      await again.close();
      expect(await found(tag2)).toBe(0);

      // The nightly job rebuilds everything (and so moves the window of offsets ahead).
      await worker.app.get(JobsService).send(QUEUES.meetingSlotsRebuild, {});
      await waitFor(async () => (await found(tag2)) === 1, 20_000);
    } finally {
      await worker.close();
    }
  }, 60_000);
});
