/** Queue names and payloads shared by the api (producer) and the worker (consumer). */
export const QUEUES = {
  refreshTokenCleanup: 'identity.refresh-token-cleanup',
  // --- sponsorship queues ---
  // --- phone-list queues ---
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type JobPayloads = {
  [QUEUES.refreshTokenCleanup]: Record<string, never>;
  // --- sponsorship payloads ---
  // --- phone-list payloads ---
};
