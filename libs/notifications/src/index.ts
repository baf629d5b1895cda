export * from './craving-notification-text';
export * from './entities/notification-preferences.entity';
export * from './entities/push-subscription.entity';
export * from './notification-preferences.service';
export * from './notifications.module';
export * from './push.service';
