/** Queue names and payloads shared by the api (producer) and the worker (consumer). */
export const QUEUES = {
  refreshTokenCleanup: 'identity.refresh-token-cleanup',
  // --- sponsorship queues ---
  /** Every 15 minutes: expire pending requests, remind temporary sponsorships due for review. */
  sponsorshipMaintenance: 'sponsorship.maintenance',
  // --- phone-list queues ---
  practiceReminders: 'phone-list.practice-reminders',
  contactInviteCleanup: 'phone-list.invite-cleanup',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type JobPayloads = {
  [QUEUES.refreshTokenCleanup]: Record<string, never>;
  // --- sponsorship payloads ---
  [QUEUES.sponsorshipMaintenance]: Record<string, never>;
  // --- phone-list payloads ---
  [QUEUES.practiceReminders]: Record<string, never>;
  [QUEUES.contactInviteCleanup]: Record<string, never>;
};
