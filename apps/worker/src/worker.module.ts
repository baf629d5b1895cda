import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@homegroup/config';
import { CravingsModule } from '@homegroup/cravings';
import { DatabaseModule } from '@homegroup/database';
import { IdentityModule } from '@homegroup/identity';
import { JobsModule } from '@homegroup/jobs';
import { MeetingsModule } from '@homegroup/meetings';
import { OperationsModule } from '@homegroup/operations';
import { RealtimeModule, WorkerRealtimeEmitter } from '@homegroup/realtime';
import { SponsorshipModule } from '@homegroup/sponsorship';
import { PhoneListModule } from '@homegroup/phone-list';

/** Composition only: job handlers, schedules and pg-boss maintenance; no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        OperationsModule.forRoot({ http: false }),
        DatabaseModule.forRoot('homegroup-worker'),
        JobsModule.forRoot({ work: true }),
        IdentityModule,
        RealtimeModule,
        // --- domain modules ---
        SponsorshipModule,
        PhoneListModule,
        CravingsModule,
        // meeting sources, the search slot rebuilds (ADR 0043), listing verification reminders (ADR 0042); its controllers serve nothing here (no HTTP)
        MeetingsModule,
      ],
      // Jobs' realtime events reach the api processes' sockets through Redis.
      providers: [WorkerRealtimeEmitter],
    };
  }
}
