import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { createRequire } from 'node:module';
import PgBoss from 'pg-boss';
import { AppConfig } from '@homegroup/config';
import type { JobPayloads, QueueName } from '@homegroup/contracts';

/**
 * pg-boss 10 completes (or fails) a job after its handler without awaiting the call (src/manager.js, `work`'s
 * onFetch): with PostgreSQL restarting, that rejection is unhandled and Node ends the worker (ADR 0039). Each call's
 * rejection is marked handled here (callers that await it still get it); the job stays active, expires and is
 * retried, and every handler is idempotent.
 */
export function guardUnawaitedCompletion(onError: (message: string) => void): void {
  type Completion = (...args: unknown[]) => Promise<unknown>;
  const manager = createRequire(require.resolve('pg-boss'))('./manager') as {
    prototype: Record<string, unknown>;
  };
  for (const name of ['complete', 'fail']) {
    const original = manager.prototype[name] as Completion & { guarded?: boolean };
    if (typeof original !== 'function' || original.guarded) continue;
    const guarded = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const done = original.apply(this, args);
      done.catch((error: unknown) =>
        onError(
          `pg-boss ${name} failed (${error instanceof Error ? error.message : 'error'}); the job is retried when it expires`,
        ),
      );
      return done;
    };
    // pg-boss exposes the manager's methods on PgBoss under each function's own `name` (index.js,
    // #promoteFunctions): the wrapper must keep the name, or `boss.complete` / `boss.fail` disappear.
    Object.defineProperty(guarded, 'name', { value: name });
    manager.prototype[name] = Object.assign(guarded, { guarded: true });
  }
}

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');
/** pg-boss's schema: its jobs (`job`, partitioned by queue) and the completed jobs it keeps (`archive`). */
export const JOBS_SCHEMA = 'pgboss';
/** How often pg-boss maintenance runs (and so retries jobs whose worker died once they expire). */
export const MAINTENANCE_INTERVAL_SECONDS = 30;
export type JobsOptions = { work: boolean };

/** A job to write: its queue, payload and how many seconds from now it is due. */
export type JobSpec = { queue: QueueName; payload: JobPayloads[QueueName]; startAfterSeconds: number };

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
  /** How long a job may stay active before pg-boss retries it (a worker killed mid-job): pg-boss's default is 15 min. */
  expireInSeconds?: number;
  /** How often a failing job is tried again (pg-boss's default: 2, no delay). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
};

type QueuePolicy = Pick<
  Registration,
  'expireInSeconds' | 'retryLimit' | 'retryDelaySeconds' | 'retryBackoff'
>;

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
  /** pg-boss's insert renumbered, per first parameter and guard (see insertFragment). */
  private readonly fragments = new Map<string, { from: string; sql: string }>();
  /** Fetch loops waiting for their start (see onApplicationBootstrap). */
  private readonly staggered = new Set<NodeJS.Timeout>();

  constructor(
    config: AppConfig,
    private readonly options: JobsOptions,
  ) {
    this.boss = new PgBoss({
      connectionString: config.databaseUrl,
      schema: JOBS_SCHEMA,
      application_name: 'homegroup-jobs',
      max: 4,
      supervise: options.work,
      schedule: options.work,
      migrate: true,
      // Expired active jobs (their worker died) are retried by maintenance: every 30 s instead of 2 min.
      maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
    });
    this.boss.on('error', (error: Error) => this.logger.error(`pg-boss: ${error.message}`));
    guardUnawaitedCompletion((message) => this.logger.warn(message));
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
    options: {
      cron?: string;
      pollingIntervalSeconds?: number;
      batchSize?: number;
      workers?: number;
    } & QueuePolicy = {},
  ): void {
    this.registrations.push({
      queue,
      handler: handler as Registration['handler'],
      cron: options.cron,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      batchSize: options.batchSize ?? 20,
      workers: options.workers ?? 1,
      expireInSeconds: options.expireInSeconds,
      retryLimit: options.retryLimit,
      retryDelaySeconds: options.retryDelaySeconds,
      retryBackoff: options.retryBackoff,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const registration of this.registrations) {
      await this.createQueue(registration.queue, registration);
      if (!this.options.work) continue;
      // Several fetch loops start a fraction of the polling interval apart, so that together they poll the queue
      // every interval / loops: a job that falls due waits for the next poll of ANY loop (escalation steps: 250 ms
      // instead of up to a full second). The first starts now; the others follow without holding up the boot.
      const work = (): Promise<string> =>
        this.boss.work<unknown>(
          registration.queue,
          { pollingIntervalSeconds: registration.pollingIntervalSeconds, batchSize: registration.batchSize },
          (jobs) => this.runBatch(registration, jobs),
        );
      await work();
      const spacingMs = (registration.pollingIntervalSeconds * 1000) / registration.workers;
      for (let i = 1; i < registration.workers; i += 1) {
        const timer = setTimeout(() => {
          this.staggered.delete(timer);
          if (!this.started) return;
          work().catch((error: unknown) =>
            this.logger.error(
              `fetch loop ${i + 1} of ${registration.queue} did not start: ${error instanceof Error ? error.message : 'error'}`,
            ),
          );
        }, i * spacingMs);
        this.staggered.add(timer);
      }
      if (registration.cron)
        await this.boss.schedule(registration.queue, registration.cron, {}, { tz: 'UTC' });
    }
  }

  /**
   * Creates a queue if it is missing. Several processes starting together (api replicas, the worker) race
   * on pg-boss's DDL and PostgreSQL may pick one as a deadlock victim: try again after a short pause.
   */
  private async createQueue(queue: QueueName, policy: QueuePolicy): Promise<void> {
    const options: PgBoss.Queue = {
      name: queue,
      ...(policy.expireInSeconds ? { expireInSeconds: policy.expireInSeconds } : {}),
      ...(policy.retryLimit !== undefined ? { retryLimit: policy.retryLimit } : {}),
      ...(policy.retryDelaySeconds !== undefined ? { retryDelay: policy.retryDelaySeconds } : {}),
      ...(policy.retryBackoff !== undefined ? { retryBackoff: policy.retryBackoff } : {}),
    };
    const custom = Object.keys(options).length > 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.boss.createQueue(queue, options);
        // createQueue keeps an existing queue's settings: apply this version's.
        if (custom) await this.boss.updateQueue(queue, options);
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

  /**
   * pg-boss's own INSERT of these jobs, as the body of a data-modifying CTE for a caller that writes its rows
   * and their timers in ONE statement (the craving create): the jobs exist exactly when that statement's other
   * rows do. Parameters are numbered from `firstParam`; `guard` wraps the jobs' JSON parameter so the caller
   * can make the insert conditional (e.g. `(CASE WHEN EXISTS (SELECT 1 FROM c) THEN $n::json ELSE '[]' END)`).
   * `startAfterSeconds` counts from this process's clock.
   */
  async insertFragment(
    jobs: JobSpec[],
    firstParam: number,
    guard: (jsonParam: string) => string = (param) => `${param}::json`,
  ): Promise<{ sql: string; params: unknown[] }> {
    let captured: { text: string; values: unknown[] } | undefined;
    const capture: PgBoss.Db = {
      executeSql: (text, values) => {
        captured = { text, values: values ?? [] };
        return Promise.resolve({ rows: [] });
      },
    };
    const now = Date.now();
    await this.boss.insert(
      jobs.map((job) => ({
        name: job.queue,
        data: job.payload,
        startAfter: new Date(now + job.startAfterSeconds * 1000),
      })),
      { db: capture },
    );
    if (!captured) throw new Error('pg-boss did not hand over its insert statement');
    const jsonParam = guard(`$${firstParam}`);
    const key = `${firstParam}|${jsonParam}`;
    let fragment = this.fragments.get(key);
    if (fragment?.from !== captured.text) {
      if (!captured.text.includes('json_to_recordset($1)'))
        throw new Error('pg-boss insert statement has an unexpected shape (jobs JSON is not $1)');
      const sql = captured.text
        .trim()
        .replace(/\$(\d+)\b/g, (_, n: string) => (n === '1' ? jsonParam : `$${firstParam + Number(n) - 1}`));
      fragment = { from: captured.text, sql };
      this.fragments.set(key, fragment);
    }
    // The same string each time for the same shape: callers can key their own statement text on it.
    return { sql: fragment.sql, params: captured.values };
  }

  /**
   * Deletes every job of these queues whose payload's `key` is one of `values`, in whatever state (waiting,
   * active, completed, failed) and from pg-boss's archive of completed jobs, inside the caller's transaction
   * (`db`: its manager). Erasure uses it: a job's payload is JSON, which no foreign key reaches (ADR 0038).
   */
  async deleteJobsWhere(
    db: { query: (sql: string, params: unknown[]) => Promise<unknown> },
    queues: QueueName[],
    key: string,
    values: string[],
  ): Promise<number> {
    if (queues.length === 0 || values.length === 0) return 0;
    const rows = (await db.query(
      `WITH live AS (
         DELETE FROM ${JOBS_SCHEMA}.job WHERE name = ANY($1::text[]) AND data->>$2 = ANY($3::text[]) RETURNING 1
       ), kept AS (
         DELETE FROM ${JOBS_SCHEMA}.archive WHERE name = ANY($1::text[]) AND data->>$2 = ANY($3::text[]) RETURNING 1
       )
       SELECT (SELECT count(*) FROM live)::int + (SELECT count(*) FROM kept)::int AS deleted`,
      [queues, key, values],
    )) as { deleted: number }[];
    return rows[0]?.deleted ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.staggered) clearTimeout(timer);
    this.staggered.clear();
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
