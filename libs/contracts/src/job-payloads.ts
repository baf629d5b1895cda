/** Queue names and payloads shared by the api (producer) and the worker (consumer). */
export const QUEUES = {
  refreshTokenCleanup: 'identity.refresh-token-cleanup',
  // --- sponsorship queues ---
  /** Every 15 minutes: expire pending requests, remind temporary sponsorships due for review. */
  sponsorshipMaintenance: 'sponsorship.maintenance',
  // --- phone-list queues ---
  practiceReminders: 'phone-list.practice-reminders',
  contactInviteCleanup: 'phone-list.invite-cleanup',
  // --- craving queues (libs/cravings) ---
  /** One job per escalation step of an alert (startAfter = its delay); no notify, polled every second. */
  cravingEscalation: 'cravings.escalation',
  /** The owner's check-ins: +30 minutes and the next morning at 09:00 in their zone. */
  cravingCheckin: 'cravings.checkin',
  /** Resolves an alert still open 60 minutes after it was raised. */
  cravingAutoResolve: 'cravings.auto-resolve',
  /** Every minute: fires escalation steps of open alerts that are overdue because their job was lost. */
  cravingEscalationSweep: 'cravings.escalation-sweep',
  /** Daily: deletes alerts resolved longer ago than CRAVING_RETENTION_DAYS. */
  cravingRetention: 'cravings.retention',
  // --- meeting queues (libs/meetings) ---
  /** Every minute: queues a run of each meeting source whose cadence has come round (ADR 0043). */
  meetingSourcesDue: 'meetings.sources-due',
  /** One fetch and import of a meeting source: the run row it fills in. */
  meetingSourceRun: 'meetings.source-run',
  /** Rewrites every meeting's search slots: nightly (the window ahead) and when the zone rules changed. */
  meetingSlotsRebuild: 'meetings.slots-rebuild',
  /** Daily: reminds group leads of meeting listings due for a check (ADR 0042). */
  listingVerificationReminders: 'meetings.verification-reminders',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type JobPayloads = {
  [QUEUES.refreshTokenCleanup]: Record<string, never>;
  // --- sponsorship payloads ---
  [QUEUES.sponsorshipMaintenance]: Record<string, never>;
  // --- phone-list payloads ---
  [QUEUES.practiceReminders]: Record<string, never>;
  [QUEUES.contactInviteCleanup]: Record<string, never>;
  // --- craving payloads ---
  /** step 1: the next contacts, 2: everyone, 3: "nobody has answered yet" to the owner. */
  [QUEUES.cravingEscalation]: { cravingId: string; step: number };
  [QUEUES.cravingCheckin]: { cravingId: string; kind: CravingCheckinKind };
  [QUEUES.cravingAutoResolve]: { cravingId: string };
  [QUEUES.cravingEscalationSweep]: Record<string, never>;
  [QUEUES.cravingRetention]: Record<string, never>;
  // --- meeting payloads ---
  [QUEUES.meetingSourcesDue]: Record<string, never>;
  [QUEUES.meetingSourceRun]: { runId: string };
  /** `tzVersion`: the zone rules the rebuild is for (set when the worker saw them change); none from the nightly cron. */
  [QUEUES.meetingSlotsRebuild]: { tzVersion?: string };
  [QUEUES.listingVerificationReminders]: Record<string, never>;
};

export type CravingCheckinKind = 'half-hour' | 'next-morning';
