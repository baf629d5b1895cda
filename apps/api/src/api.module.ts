import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { BmltModule } from '@homegroup/bmlt';
import { AppConfig, ConfigModule } from '@homegroup/config';
import { CravingsModule } from '@homegroup/cravings';
import { DatabaseModule } from '@homegroup/database';
import { IdentityModule } from '@homegroup/identity';
import { JobsModule } from '@homegroup/jobs';
import { MeetingsModule } from '@homegroup/meetings';
import { OperationsModule } from '@homegroup/operations';
import { PhoneListModule } from '@homegroup/phone-list';
import { RealtimeModule } from '@homegroup/realtime';
import { SmsModule } from '@homegroup/sms';
import { SponsorshipModule } from '@homegroup/sponsorship';

export type ApiModuleOptions = { logStream?: DestinationStream };

/** Composition only: HTTP + Socket.IO, and the job workers too when RUN_WORKER is on (one-process mode). */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        OperationsModule.forRoot({ http: true, logStream: options.logStream }),
        DatabaseModule.forRoot('homegroup-api'),
        JobsModule.forRoot({ work: config.runWorker }),
        IdentityModule,
        RealtimeModule,
        // --- domain modules ---
        SponsorshipModule,
        PhoneListModule,
        CravingsModule,
        MeetingsModule,
        BmltModule,
        SmsModule,
      ],
    };
  }
}
