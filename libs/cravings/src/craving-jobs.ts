import { Injectable, OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { CravingEscalationService } from './craving-escalation.service';

/** The craving timers. Escalation polls every second: its precision is the polling interval. */
@Injectable()
export class CravingJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly escalation: CravingEscalationService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      QUEUES.cravingEscalation,
      async ({ cravingId, step }) => {
        await this.escalation.fireStep(cravingId, step);
      },
      // A burst of due steps must not queue behind each other: four fetch loops, up to 50 jobs each, run in
      // parallel (bench/escalation-timers). A step held by a worker that died is retried after 60 s (plus up to
      // one 30 s maintenance pass), not pg-boss's default 15 minutes; a retry of a step that had fired is a no-op.
      { pollingIntervalSeconds: 1, batchSize: 50, workers: 4, expireInSeconds: 60 },
    );
    this.jobs.register(QUEUES.cravingCheckin, async ({ cravingId, kind }) => {
      await this.escalation.checkin(cravingId, kind);
    });
    this.jobs.register(QUEUES.cravingAutoResolve, async ({ cravingId }) => {
      await this.escalation.autoResolve(cravingId);
    });
  }
}
