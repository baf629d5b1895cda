export * from './alert-circle.service';
export * from './cravings.module';
