import { Injectable, OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { Clock } from '@homegroup/operations';
import { ListingVerificationService } from './listing-verification.service';

/** Daily at 08:23 UTC: leads are reminded of listings due for a check (ADR 0042). */
@Injectable()
export class ListingVerificationJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly verification: ListingVerificationService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      QUEUES.listingVerificationReminders,
      async () => {
        await this.verification.remindDue(this.clock.now());
      },
      { cron: '23 8 * * *' },
    );
  }
}
