import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@homegroup/config';
import type { JobPayloads, QueueName } from '@homegroup/contracts';

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');
export type JobsOptions = { work: boolean };

export type JobHandler<Q extends QueueName> = (payload: JobPayloads[Q], jobId: string) => Promise<void>;

type Registration = {
  queue: QueueName;
  handler: (payload: unknown, jobId: string) => Promise<void>;
  cron?: string;
  pollingIntervalSeconds: number;
  /** Jobs fetched per poll and run in parallel. pg-boss waits a polling interval after every fetch, so a
   *  batch of one caps a queue at one job per interval per process. */
  batchSize: number;
  /** Fetch loops per process: while one batch runs, another loop is already fetching the next. */
  workers: number;
};

/**
 * Durable jobs and timers on pg-boss (PostgreSQL). Every process can send; only processes with
 * `work: true` (the worker, or the api in one-process mode) run handlers, schedules and maintenance.
 */
@Injectable()
export class JobsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly registrations: Registration[] = [];
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    config: AppConfig,
    private readonly options: JobsOptions,
  ) {
    this.boss = new PgBoss({
      connectionString: config.databaseUrl,
      schema: 'pgboss',
      application_name: 'homegroup-jobs',
      max: 4,
      supervise: options.work,
      schedule: options.work,
      migrate: true,
    });
    this.boss.on('error', (error: Error) => this.logger.error(`pg-boss: ${error.message}`));
  }

  get working(): boolean {
    return this.options.work;
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    this.started = true;
  }

  /** Declares a queue's handler (and optional cron); workers start once the application has booted. */
  register<Q extends QueueName>(
    queue: Q,
    handler: JobHandler<Q>,
    options: { cron?: string; pollingIntervalSeconds?: number; batchSize?: number; workers?: number } = {},
  ): void {
    this.registrations.push({
      queue,
      handler: handler as Registration['handler'],
      cron: options.cron,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      batchSize: options.batchSize ?? 20,
      workers: options.workers ?? 1,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const registration of this.registrations) {
      await this.createQueue(registration.queue);
      if (!this.options.work) continue;
      for (let i = 0; i < registration.workers; i += 1) {
        await this.boss.work<unknown>(
          registration.queue,
          { pollingIntervalSeconds: registration.pollingIntervalSeconds, batchSize: registration.batchSize },
          (jobs) => this.runBatch(registration, jobs),
        );
      }
      if (registration.cron)
        await this.boss.schedule(registration.queue, registration.cron, {}, { tz: 'UTC' });
    }
  }

  /**
   * Creates a queue if it is missing. Several processes starting together (api replicas, the worker) race
   * on pg-boss's DDL and PostgreSQL may pick one as a deadlock victim: try again after a short pause.
   */
  private async createQueue(queue: QueueName): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.boss.createQueue(queue);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        const retryable = code === '40P01' || code === '40001' || code === '23505';
        if (!retryable || attempt >= 8) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
  }

  /**
   * Runs every job of a batch in parallel. A job that throws is failed on its own (pg-boss retries it by
   * the queue's policy); the rest of the batch completes.
   */
  private async runBatch(registration: Registration, jobs: PgBoss.Job<unknown>[]): Promise<void> {
    const outcomes = await Promise.allSettled(jobs.map((job) => registration.handler(job.data, job.id)));
    const failed = jobs.filter((_, i) => outcomes[i].status === 'rejected');
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') {
        const reason: unknown = outcome.reason;
        this.logger.error(
          `job ${jobs[i].id} on ${registration.queue} failed: ${reason instanceof Error ? reason.name : 'error'}`,
        );
      }
    }
    if (failed.length > 0)
      await this.boss.fail(
        registration.queue,
        failed.map((job) => job.id),
      );
  }

  /** Sends a job now or later (`startAfter`). */
  send<Q extends QueueName>(
    queue: Q,
    payload: JobPayloads[Q],
    options: PgBoss.SendOptions = {},
  ): Promise<string | null> {
    return this.boss.send(queue, payload as object, options);
  }

  /** Sends a job inside the caller's TypeORM transaction: it exists only if that transaction commits. */
  sendInTransaction<Q extends QueueName>(
    manager: EntityManager,
    queue: Q,
    payload: JobPayloads[Q],
    options: PgBoss.SendOptions = {},
  ): Promise<string | null> {
    const db: PgBoss.Db = {
      executeSql: async (text, values) => ({ rows: await manager.query<unknown[]>(text, values) }),
    };
    return this.boss.send(queue, payload as object, { ...options, db });
  }

  /**
   * Several jobs in ONE statement inside the caller's transaction (the craving create writes six timers:
   * one round trip instead of six). `startAfterSeconds` counts from this process's clock.
   */
  async insertInTransaction(
    manager: EntityManager,
    jobs: { queue: QueueName; payload: JobPayloads[QueueName]; startAfterSeconds: number }[],
  ): Promise<void> {
    if (jobs.length === 0) return;
    const db: PgBoss.Db = {
      executeSql: async (text, values) => ({ rows: await manager.query<unknown[]>(text, values) }),
    };
    const now = Date.now();
    await this.boss.insert(
      jobs.map((job) => ({
        name: job.queue,
        data: job.payload,
        startAfter: new Date(now + job.startAfterSeconds * 1000),
      })),
      { db },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
