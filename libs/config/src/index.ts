export * from './app-config';
export * from './config.module';
export * from './env.validation';
export * from './field-keys';
