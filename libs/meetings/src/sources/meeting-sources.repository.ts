import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MeetingSourceEntity } from '../entities/meeting-source.entity';
import { MeetingSourceRunEntity, type SourceRunLink, type SourceRunStatus } from '../entities/meeting-source-run.entity';

/** The runs a source keeps (older ones are deleted when a new one is queued). */
export const RUNS_KEPT = 50;

export type SourceValues = Pick<MeetingSourceEntity, 'name' | 'url' | 'format' | 'groupId' | 'timezone' | 'fellowship' | 'cadenceMinutes'>;

export type RunOutcome = {
  status: Extract<SourceRunStatus, 'imported' | 'not-modified' | 'failed'>;
  httpStatus: number | null;
  total?: number | null;
  created?: number;
  updated?: number;
  unchanged?: number;
  missing?: number;
  rejected?: number;
  links?: SourceRunLink[];
  error?: string | null;
};

@Injectable()
export class MeetingSourcesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<MeetingSourceEntity | null> {
    return this.m(manager).findOneBy(MeetingSourceEntity, { id });
  }

  /** Every source (admins), or those of the groups `leadId` leads; newest first, at most `limit`. */
  list(leadId: string | null, limit: number): Promise<MeetingSourceEntity[]> {
    const query = this.dataSource.manager.createQueryBuilder(MeetingSourceEntity, 's').orderBy('s.created_at', 'DESC').addOrderBy('s.id').limit(limit);
    if (leadId) query.where('s.group_id IN (SELECT group_id FROM group_leads WHERE user_id = :leadId)', { leadId });
    return query.getMany();
  }

  async insert(manager: EntityManager, values: SourceValues, createdBy: string, now: Date): Promise<MeetingSourceEntity> {
    // The first run on the cadence is one cadence from now; POST …/run fetches at once.
    const nextRunAt = new Date(now.getTime() + values.cadenceMinutes * 60_000);
    const row = manager.create(MeetingSourceEntity, { ...values, createdBy, etag: null, lastModified: null, nextRunAt, createdAt: now, updatedAt: now });
    return manager.save(row);
  }

  /** A new cadence counts from now; a new URL or format makes the next fetch unconditional. */
  async update(manager: EntityManager, id: string, values: Partial<SourceValues>, now: Date, resetValidators: boolean): Promise<void> {
    await manager.update(
      MeetingSourceEntity,
      { id },
      {
        ...values,
        updatedAt: now,
        ...(resetValidators ? { etag: null, lastModified: null } : {}),
        ...(values.cadenceMinutes !== undefined ? { nextRunAt: new Date(now.getTime() + values.cadenceMinutes * 60_000) } : {}),
      },
    );
  }

  /** Runs left queued or running by a worker that died (their job expired, never retried): failed, with the reason. */
  async failAbandonedRuns(olderThan: Date, now: Date): Promise<number> {
    const result = await this.dataSource.query<[unknown[], number]>(
      `UPDATE meeting_source_runs SET status = 'failed', finished_at = $2,
              error = 'the run did not finish (the worker stopped); nothing was changed by it'
        WHERE status IN ('queued', 'running') AND queued_at < $1`,
      [olderThan, now],
    );
    return result[1];
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(MeetingSourceEntity, { id });
  }

  /** Locks the source row (runs of one source queue behind each other; a delete waits for a run's bookkeeping). */
  lock(manager: EntityManager, id: string): Promise<MeetingSourceEntity | null> {
    return manager.getRepository(MeetingSourceEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** A queued run of the source, and the oldest runs beyond the kept number deleted. */
  async queueRun(manager: EntityManager, sourceId: string, trigger: 'schedule' | 'manual', now: Date): Promise<MeetingSourceRunEntity> {
    const run = await manager.save(manager.create(MeetingSourceRunEntity, { sourceId, trigger, status: 'queued', queuedAt: now, links: [] }));
    await manager.query(
      `DELETE FROM meeting_source_runs WHERE source_id = $1 AND id NOT IN
         (SELECT id FROM meeting_source_runs WHERE source_id = $1 ORDER BY queued_at DESC, id DESC LIMIT $2)`,
      [sourceId, RUNS_KEPT],
    );
    return run;
  }

  /**
   * The sources whose cadence has come round, locked and skipped by a concurrent claimer, with their next run set
   * one cadence from now: each is claimed by one worker once.
   */
  async claimDue(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const result = await manager.query<[{ id: string }[], number]>(
      `WITH due AS (
         SELECT id FROM meeting_sources WHERE next_run_at <= $1 ORDER BY next_run_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE meeting_sources s SET next_run_at = $1::timestamptz + make_interval(mins => s.cadence_minutes)
         FROM due WHERE s.id = due.id RETURNING s.id`,
      [now, limit],
    );
    // An UPDATE answers [rows, count] through TypeORM's pg driver.
    return result[0].map((r) => r.id);
  }

  /** Marks a queued run running; null when it is gone or not queued (a retry of a finished run). */
  async startRun(runId: string, now: Date): Promise<MeetingSourceRunEntity | null> {
    const rows = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE meeting_source_runs SET status = 'running', started_at = $2 WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [runId, now],
    );
    if (rows[1] === 0) return null;
    return this.dataSource.manager.findOneBy(MeetingSourceRunEntity, { id: runId });
  }

  async finishRun(runId: string, outcome: RunOutcome, now: Date): Promise<void> {
    await this.dataSource.manager.update(
      MeetingSourceRunEntity,
      { id: runId },
      {
        status: outcome.status,
        httpStatus: outcome.httpStatus,
        notModified: outcome.status === 'not-modified',
        total: outcome.total ?? null,
        created: outcome.created ?? 0,
        updated: outcome.updated ?? 0,
        unchanged: outcome.unchanged ?? 0,
        missing: outcome.missing ?? 0,
        rejected: outcome.rejected ?? 0,
        links: outcome.links ?? [],
        error: outcome.error ? outcome.error.slice(0, 500) : null,
        finishedAt: now,
      },
    );
  }

  /** Keeps the validators of a 200 for the next conditional fetch. */
  async saveValidators(sourceId: string, etag: string | null, lastModified: string | null): Promise<void> {
    await this.dataSource.manager.update(MeetingSourceEntity, { id: sourceId }, { etag, lastModified });
  }

  runs(sourceId: string, limit: number): Promise<MeetingSourceRunEntity[]> {
    return this.dataSource.manager.find(MeetingSourceRunEntity, { where: { sourceId }, order: { queuedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** Whether the member leads the group. */
  async isLead(groupId: string, userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM group_leads WHERE group_id = $1 AND user_id = $2', [groupId, userId]);
    return rows.length > 0;
  }
}
