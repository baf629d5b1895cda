import { Module } from '@nestjs/common';
import { PhoneListModule } from '@homegroup/phone-list';
import { SponsorshipModule } from '@homegroup/sponsorship';
import { AlertCircleController } from './alert-circle.controller';
import { AlertCircleService } from './alert-circle.service';

/** Craving alerts. So far: the alert circle (who would be pinged), which the alert path snapshots. */
@Module({
  imports: [SponsorshipModule, PhoneListModule],
  controllers: [AlertCircleController],
  providers: [AlertCircleService],
  exports: [AlertCircleService],
})
export class CravingsModule {}
