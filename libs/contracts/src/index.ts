export * from './job-payloads';
export * from './socket-events';
