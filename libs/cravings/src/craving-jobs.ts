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
      // A burst of due steps must not queue behind each other: four fetch loops, up to 25 jobs each, run in
      // parallel (bench/escalation-timers).
      { pollingIntervalSeconds: 1, batchSize: 25, workers: 4 },
    );
    this.jobs.register(QUEUES.cravingCheckin, async ({ cravingId, kind }) => {
      await this.escalation.checkin(cravingId, kind);
    });
    this.jobs.register(QUEUES.cravingAutoResolve, async ({ cravingId }) => {
      await this.escalation.autoResolve(cravingId);
    });
  }
}
