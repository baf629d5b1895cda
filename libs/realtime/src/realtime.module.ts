import { Module } from '@nestjs/common';
import { IdentityModule } from '@homegroup/identity';
import { NotificationsModule } from '@homegroup/notifications';
import { NotificationCheckController } from './notification-check.controller';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeService } from './realtime.service';

@Module({
  imports: [IdentityModule, NotificationsModule],
  controllers: [NotificationCheckController],
  providers: [RealtimeGateway, RealtimeService],
  exports: [RealtimeService],
})
export class RealtimeModule {}
