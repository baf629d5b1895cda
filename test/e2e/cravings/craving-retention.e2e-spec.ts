import { CravingRetentionService } from '@homegroup/cravings';
import { buildCircle, cravingHarness, raiseCraving } from '../../factories/craving.factory';
import type { TestMember } from '../../factories/member.factory';

const DAY = 86_400_000;

/**
 * Craving history is kept CRAVING_RETENTION_DAYS (730 by default) after an alert ended, then deleted with its
 * recipients, answers and notes (docs/security.md). Driven directly with a `now` past the retention.
 */
describe('craving alerts: retention', () => {
  const h = cravingHarness();

  const resolve = async (owner: TestMember, id: string): Promise<void> => {
    const res = await h.t.api.post(
      `/cravings/${id}/resolve`,
      { outcome: 'passed', note: 'walked it off' },
      { token: owner.accessToken },
    );
    expect(res.status).toBe(200);
  };
  const exists = async (id: string): Promise<{ cravings: number; recipients: number }> => {
    const [row] = await h.db.query<{ cravings: number; recipients: number }[]>(
      `SELECT (SELECT count(*)::int FROM cravings WHERE id = $1) AS cravings,
              (SELECT count(*)::int FROM craving_recipients WHERE craving_id = $1) AS recipients`,
      [id],
    );
    return row;
  };

  it('should delete alerts resolved longer ago than the retention, with their recipients, and keep open and recent ones', async () => {
    const retention = h.t.app.get(CravingRetentionService);
    const days = h.t.config.retention.cravingDays;
    expect(days).toBe(730);

    const old = await buildCircle(h.t.api);
    const oldAlert = (await raiseCraving(h.t.api, old.owner)).body.id;
    await resolve(old.owner, oldAlert);
    const recent = await buildCircle(h.t.api);
    const recentAlert = (await raiseCraving(h.t.api, recent.owner)).body.id;
    await resolve(recent.owner, recentAlert);
    const open = await buildCircle(h.t.api);
    const openAlert = (await raiseCraving(h.t.api, open.owner)).body.id;
    // The first one ended (days + 1) days ago; the second a day inside the retention; the third never ended.
    await h.db.query(`UPDATE cravings SET created_at = $2, resolved_at = $2 WHERE id = $1`, [
      oldAlert,
      new Date(Date.now() - (days + 1) * DAY),
    ]);
    await h.db.query(`UPDATE cravings SET created_at = $2, resolved_at = $2 WHERE id = $1`, [
      recentAlert,
      new Date(Date.now() - (days - 1) * DAY),
    ]);
    await h.db.query(`UPDATE cravings SET created_at = $2 WHERE id = $1`, [
      openAlert,
      new Date(Date.now() - 3 * days * DAY),
    ]);
    expect((await exists(oldAlert)).recipients).toBeGreaterThan(0);

    expect(await retention.purgeExpired(new Date())).toBe(1);
    expect(await exists(oldAlert)).toEqual({ cravings: 0, recipients: 0 });
    expect((await exists(recentAlert)).cravings).toBe(1);
    expect((await exists(openAlert)).cravings).toBe(1);
    // The owner's history no longer has it; a second pass finds nothing more to delete.
    const history = await h.t.api.get<{ items: { id: string }[] }>('/cravings', {
      token: old.owner.accessToken,
    });
    expect(history.body.items.map((c) => c.id)).not.toContain(oldAlert);
    expect(await retention.purgeExpired(new Date())).toBe(0);
  });
});
