import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { Clock } from '@homegroup/operations';
import { ContactInvitesService } from './contact-invites.service';
import { PracticeRemindersService } from './practice-reminders.service';

/** Every 5 minutes: due practice reminders. Daily: delete invite codes expired over a day ago. */
@Injectable()
export class PhoneListJobs implements OnModuleInit {
  private readonly logger = new Logger(PhoneListJobs.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly reminders: PracticeRemindersService,
    private readonly invites: ContactInvitesService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      QUEUES.practiceReminders,
      async () => {
        await this.reminders.sendDueReminders(this.clock.now());
      },
      { cron: '*/5 * * * *' },
    );
    this.jobs.register(
      QUEUES.contactInviteCleanup,
      async () => {
        const deleted = await this.invites.deleteExpired();
        this.logger.log(`deleted ${deleted} expired invite codes`);
      },
      { cron: '41 3 * * *' },
    );
  }
}
