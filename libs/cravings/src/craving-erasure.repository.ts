import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** SQL for what erasing a member does to craving data no foreign key reaches (always inside the erasure's transaction). */
@Injectable()
export class CravingErasureRepository {
  /** The ids of the member's own alerts (their timers are pg-boss jobs keyed by these ids). */
  async ownedIds(manager: EntityManager, ownerId: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>('SELECT id FROM cravings WHERE owner_id = $1', [
      ownerId,
    ]);
    return rows.map((r) => r.id);
  }

  /**
   * Takes the member off every other member's open alert; answers the alerts that lost an acknowledgement that
   * way. (Their rows on resolved alerts, message included, go with the member's row by foreign key.)
   */
  async removeFromOpenAlerts(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = await manager.query<{ cravingId: string }[]>(
      `WITH removed AS (
         DELETE FROM craving_recipients r
          USING cravings c
          WHERE c.id = r.craving_id AND c.state <> 'resolved' AND r.user_id = $1
         RETURNING r.craving_id, r.acknowledged_at
       )
       SELECT DISTINCT craving_id AS "cravingId" FROM removed WHERE acknowledged_at IS NOT NULL`,
      [userId],
    );
    return rows.map((r) => r.cravingId);
  }

  /** Removes the member from other members' chosen first responders (a uuid array: no foreign key). */
  async forgetFirstResponder(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE escalation_policies SET first_responder_ids = array_remove(first_responder_ids, $1::uuid), updated_at = now()
        WHERE $1::uuid = ANY(first_responder_ids)`,
      [userId],
    );
  }
}
