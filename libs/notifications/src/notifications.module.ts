import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@homegroup/identity';
import { NotificationPreferencesEntity } from './entities/notification-preferences.entity';
import { PushSubscriptionEntity } from './entities/push-subscription.entity';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferences } from './notification-preferences.service';
import { PushSubscriptionsController } from './push-subscriptions.controller';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import { PushSubscriptionsService } from './push-subscriptions.service';
import { PushService } from './push.service';
import { VapidKeyController } from './vapid-key.controller';

/** Web Push (VAPID) subscriptions and sending, and notification preferences (neutral lock-screen text). */
@Module({
  imports: [
    TypeOrmModule.forFeature([PushSubscriptionEntity, NotificationPreferencesEntity]),
    IdentityModule,
  ],
  controllers: [VapidKeyController, PushSubscriptionsController, NotificationPreferencesController],
  providers: [PushSubscriptionsRepository, PushSubscriptionsService, PushService, NotificationPreferences],
  exports: [PushService, NotificationPreferences],
})
export class NotificationsModule {}
