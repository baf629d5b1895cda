export * from './realtime-io.adapter';
export * from './realtime.module';
export * from './realtime.service';
export * from './realtime.types';
export * from './socket-auth.middleware';
export * from './worker-realtime.emitter';
