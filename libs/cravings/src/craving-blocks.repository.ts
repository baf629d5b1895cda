import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PolicySnapshot } from './entities/craving.entity';

/** An open alert whose only acknowledgements went with a removed recipient: back to unanswered. */
export type ReopenedAlert = { id: string; step: number; policy: PolicySnapshot; createdAt: Date };

/** SQL for what a block does to open craving alerts (always inside the block's transaction). */
@Injectable()
export class CravingBlocksRepository {
  /**
   * Takes each member off the other's open alerts (recipient rows of unresolved alerts owned by one of the
   * two and addressed to the other). Answers the alerts that lost an acknowledgement that way.
   */
  async removeFromOpenAlerts(manager: EntityManager, a: string, b: string): Promise<string[]> {
    const rows = await manager.query<{ cravingId: string }[]>(
      `WITH removed AS (
         DELETE FROM craving_recipients r
          USING cravings c
          WHERE c.id = r.craving_id AND c.state <> 'resolved'
            AND ((c.owner_id = $1 AND r.user_id = $2) OR (c.owner_id = $2 AND r.user_id = $1))
         RETURNING r.craving_id, r.acknowledged_at
       )
       SELECT DISTINCT craving_id AS "cravingId" FROM removed WHERE acknowledged_at IS NOT NULL`,
      [a, b],
    );
    return rows.map((r) => r.cravingId);
  }

  /**
   * Recomputes the acknowledgement of these alerts from the recipients left: the earliest remaining one, or
   * none, and then the alert is `triggered` again (escalation goes on). A separate statement after the removal,
   * taking the alerts' row locks first, so it reads every acknowledgement committed before it (an
   * acknowledgement still in flight finds the alert `triggered` and moves it on itself).
   */
  async reopenUnanswered(manager: EntityManager, cravingIds: string[]): Promise<ReopenedAlert[]> {
    await manager.query(
      `SELECT 1 FROM cravings WHERE id = ANY($1::uuid[]) AND state = 'acknowledged' FOR UPDATE`,
      [cravingIds],
    );
    const rows = await manager.query<
      (Omit<ReopenedAlert, 'createdAt'> & { createdAt: Date | string; state: string })[]
    >(
      `WITH changed AS (
         UPDATE cravings c
            SET acknowledged_at = first.at,
                state = CASE WHEN first.at IS NULL THEN 'triggered' ELSE 'acknowledged' END
           -- A reply by text (ADR 0049) still counts: LEAST ignores the side that has none.
           FROM (SELECT x.id, LEAST((SELECT min(r.acknowledged_at) FROM craving_recipients r WHERE r.craving_id = x.id),
                                    (SELECT min(t.acknowledged_at) FROM craving_text_recipients t WHERE t.craving_id = x.id)) AS at
                   FROM cravings x WHERE x.id = ANY($1::uuid[])) first
          WHERE c.id = first.id AND c.state = 'acknowledged'
          RETURNING c.id, c.state, c.step, c.policy, c.created_at
       )
       SELECT id, state, step, policy, created_at AS "createdAt" FROM changed`,
      [cravingIds],
    );
    return rows
      .filter((r) => r.state === 'triggered')
      .map((r) => ({ id: r.id, step: r.step, policy: r.policy, createdAt: new Date(r.createdAt) }));
  }

  /** Writes jobs (pg-boss's insert from JobsService.insertFragment, numbered from $1) in the transaction. */
  async insertJobs(manager: EntityManager, sql: string, params: unknown[]): Promise<void> {
    await manager.query(sql, params);
  }
}
