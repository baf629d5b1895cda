import { Injectable, OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { CravingEscalationService } from './craving-escalation.service';
import { CravingRetentionService } from './craving-retention.service';

/**
 * How the escalation queue is worked. A burst of due steps must not queue behind each other: four fetch loops,
 * up to 50 jobs each, run in parallel (bench/escalation-timers); the precision of a step is the polling
 * interval. A step held by a worker that died is retried after 60 s (plus up to one maintenance pass), not
 * pg-boss's default 15 minutes; a retry of a step that had fired changes nothing.
 */
export const ESCALATION_WORK = {
  pollingIntervalSeconds: 1,
  batchSize: 50,
  workers: 4,
  expireInSeconds: 60,
  // Each step writes the next one's timer (ladder.ts nextStep): a step that fails is retried, quickly at first,
  // rather than given up after pg-boss's default two tries, which would stop the ladder.
  retryLimit: 10,
  retryDelaySeconds: 1,
  retryBackoff: true,
} as const;

/** The craving timers. */
@Injectable()
export class CravingJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly escalation: CravingEscalationService,
    private readonly retention: CravingRetentionService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      QUEUES.cravingEscalation,
      async ({ cravingId, step }) => {
        await this.escalation.fireStep(cravingId, step);
      },
      ESCALATION_WORK,
    );
    this.jobs.register(QUEUES.cravingCheckin, async ({ cravingId, kind }) => {
      await this.escalation.checkin(cravingId, kind);
    });
    this.jobs.register(QUEUES.cravingAutoResolve, async ({ cravingId }) => {
      await this.escalation.autoResolve(cravingId);
    });
    // The ladder's safety net: overdue steps of open alerts whose job was lost (see sweepOverdueSteps).
    this.jobs.register(
      QUEUES.cravingEscalationSweep,
      async () => {
        await this.escalation.sweepOverdueSteps();
      },
      { cron: '* * * * *' },
    );
    // Daily: alerts resolved longer ago than CRAVING_RETENTION_DAYS are deleted.
    this.jobs.register(
      QUEUES.cravingRetention,
      async () => {
        await this.retention.purgeExpired();
      },
      { cron: '17 3 * * *' },
    );
  }
}
