import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { TokensService } from './tokens.service';

/** Daily: delete refresh tokens that expired more than a day ago. */
@Injectable()
export class IdentityJobs implements OnModuleInit {
  private readonly logger = new Logger(IdentityJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly tokens: TokensService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      QUEUES.refreshTokenCleanup,
      async () => {
        const deleted = await this.tokens.deleteExpired();
        this.logger.log(`deleted ${deleted} expired refresh tokens`);
      },
      { cron: '17 3 * * *' },
    );
  }
}
