import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PushSubscriptionEntity } from './entities/push-subscription.entity';

const RETURNED = `id, user_id AS "userId", endpoint, p256dh, auth, created_at AS "createdAt",
  last_success_at AS "lastSuccessAt", failure_count AS "failureCount"`;

export type NewPushSubscription = { userId: string; endpoint: string; p256dh: string; auth: string };

/** Push subscriptions: who holds an endpoint, and what sending to it did. */
@Injectable()
export class PushSubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Registers an endpoint for `userId`, idempotently: the same endpoint again updates its keys. An endpoint
   * held by another member moves to this one as a new subscription (new id, dates and failures reset), so
   * nothing about the previous holder carries over.
   */
  async upsert(subscription: NewPushSubscription): Promise<PushSubscriptionEntity> {
    const rows = await this.dataSource.query<PushSubscriptionEntity[]>(
      `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (endpoint) DO UPDATE SET
         id = CASE WHEN push_subscriptions.user_id = EXCLUDED.user_id THEN push_subscriptions.id ELSE gen_random_uuid() END,
         created_at = CASE WHEN push_subscriptions.user_id = EXCLUDED.user_id THEN push_subscriptions.created_at ELSE now() END,
         last_success_at = CASE WHEN push_subscriptions.user_id = EXCLUDED.user_id THEN push_subscriptions.last_success_at END,
         user_id = EXCLUDED.user_id,
         p256dh = EXCLUDED.p256dh,
         auth = EXCLUDED.auth,
         failure_count = 0
       RETURNING ${RETURNED}`,
      [subscription.userId, subscription.endpoint, subscription.p256dh, subscription.auth],
    );
    return rows[0];
  }

  /**
   * Keeps a member's `keep` most recently useful subscriptions (last success, else creation) and deletes the
   * rest; returns how many were deleted.
   */
  async trimToNewest(userId: string, keep: number): Promise<number> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH dropped AS (
         DELETE FROM push_subscriptions WHERE id IN (
           SELECT id FROM push_subscriptions WHERE user_id = $1
           ORDER BY GREATEST(created_at, last_success_at) DESC, id DESC
           OFFSET $2)
         RETURNING id)
       SELECT id FROM dropped`,
      [userId, keep],
    );
    return rows.length;
  }

  listForUser(userId: string): Promise<PushSubscriptionEntity[]> {
    return this.dataSource.manager.find(PushSubscriptionEntity, {
      where: { userId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    const result = await this.dataSource.manager.delete(PushSubscriptionEntity, { id, userId });
    return (result.affected ?? 0) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.dataSource.manager.delete(PushSubscriptionEntity, { id });
    return (result.affected ?? 0) > 0;
  }

  async recordSuccess(id: string, at: Date): Promise<void> {
    await this.dataSource.manager.update(
      PushSubscriptionEntity,
      { id },
      { lastSuccessAt: at, failureCount: 0 },
    );
  }

  /**
   * Counts one more failed send; at `limit` failures in a row the subscription is deleted. Returns whether it
   * was deleted.
   */
  async recordFailure(id: string, limit: number): Promise<boolean> {
    // (UPDATE/DELETE … RETURNING inside WITH: TypeORM's query() answers a bare one with [rows, count].)
    const rows = await this.dataSource.query<{ failureCount: number }[]>(
      `WITH bumped AS (
         UPDATE push_subscriptions SET failure_count = failure_count + 1 WHERE id = $1 RETURNING failure_count)
       SELECT failure_count AS "failureCount" FROM bumped`,
      [id],
    );
    const count = rows[0]?.failureCount;
    if (count === undefined || count < limit) return false;
    const deleted = await this.dataSource.query<{ id: string }[]>(
      `WITH dropped AS (DELETE FROM push_subscriptions WHERE id = $1 AND failure_count >= $2 RETURNING id)
       SELECT id FROM dropped`,
      [id, limit],
    );
    return deleted.length > 0;
  }

  exportFor(userId: string, manager: EntityManager): Promise<unknown[]> {
    return manager.query<unknown[]>(
      `SELECT id, endpoint, created_at AS "createdAt", last_success_at AS "lastSuccessAt", failure_count AS "failureCount"
       FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
  }
}
