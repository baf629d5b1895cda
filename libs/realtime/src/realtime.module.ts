import { Module } from '@nestjs/common';
import { IdentityModule } from '@homegroup/identity';
import { NotificationCheckController } from './notification-check.controller';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeService } from './realtime.service';

@Module({
  imports: [IdentityModule],
  controllers: [NotificationCheckController],
  providers: [RealtimeGateway, RealtimeService],
  exports: [RealtimeService],
})
export class RealtimeModule {}
