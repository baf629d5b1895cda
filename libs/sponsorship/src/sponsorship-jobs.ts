import { Injectable, OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { Clock } from '@homegroup/operations';
import { SponsorshipsService } from './sponsorships.service';

/** Every 15 minutes: expire old requests and send review reminders for temporary sponsorships. */
@Injectable()
export class SponsorshipJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly sponsorships: SponsorshipsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      QUEUES.sponsorshipMaintenance,
      async () => {
        await this.sponsorships.runMaintenance(this.clock.now());
      },
      { cron: '*/15 * * * *' },
    );
  }
}
