import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { SlotRebuildService } from '../search/slot-rebuild.service';
import { MeetingSourcesService } from './meeting-sources.service';

/** A run may take this long (a large feed, row by row) before pg-boss considers its worker dead. */
const RUN_EXPIRE_SECONDS = 3600;

/**
 * The meetings' jobs (ADR 0043): every minute the due sources get a run; each run is fetched and imported (two at a
 * time per worker, never retried: a failed run is a report, the next cadence tries again); nightly at 03:17 UTC the
 * search slots are rebuilt; at a worker's boot, too, when the zone rules changed.
 */
@Injectable()
export class MeetingSourceJobs implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(MeetingSourceJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly sources: MeetingSourcesService,
    private readonly slots: SlotRebuildService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      QUEUES.meetingSourcesDue,
      async () => {
        await this.sources.queueDue();
      },
      { cron: '* * * * *', batchSize: 1 },
    );
    this.jobs.register(QUEUES.meetingSourceRun, ({ runId }) => this.sources.execute(runId), {
      batchSize: 2,
      pollingIntervalSeconds: 1,
      expireInSeconds: RUN_EXPIRE_SECONDS,
      retryLimit: 0,
    });
    this.jobs.register(
      QUEUES.meetingSlotsRebuild,
      async () => {
        await this.slots.rebuildNightly();
      },
      { cron: '17 3 * * *', batchSize: 1, expireInSeconds: RUN_EXPIRE_SECONDS, retryLimit: 1 },
    );
  }

  /** A working process compares the zone rules with the slots' and rebuilds them in the background if they differ. */
  onApplicationBootstrap(): void {
    if (!this.jobs.working) return;
    this.slots.rebuildIfZoneRulesChanged().catch((error: unknown) => {
      this.logger.error(`search slot rebuild at boot failed: ${error instanceof Error ? error.name : 'error'}`);
    });
  }
}
