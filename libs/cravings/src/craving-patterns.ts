import { DateTime } from 'luxon';
import { CRAVING_TRIGGERS, type CravingTrigger } from './entities/craving.entity';

export const RECOVERY_BUCKETS = ['0-12 weeks', '3-6 months', '6-12 months', '1y+'] as const;
export type RecoveryBucket = (typeof RECOVERY_BUCKETS)[number];

export type CravingPatterns = {
  total: number;
  byTrigger: Record<CravingTrigger | 'none', number>;
  /** 24 counts, index = hour of day in the member's own zone. */
  byHourOfDay: number[];
  /** Counted from the clean date; cravings before it (or without one) are not counted here. */
  byWeeksInRecovery: Record<RecoveryBucket, number>;
};

/** Which stage of recovery `at` falls in, counted from `cleanDate` (YYYY-MM-DD), or null before it. */
export function recoveryBucket(cleanDate: string, at: Date, zone: string): RecoveryBucket | null {
  const start = DateTime.fromISO(cleanDate, { zone });
  const when = DateTime.fromJSDate(at, { zone });
  if (when < start) return null;
  if (when < start.plus({ weeks: 13 })) return '0-12 weeks';
  if (when < start.plus({ months: 6 })) return '3-6 months';
  if (when < start.plus({ months: 12 })) return '6-12 months';
  return '1y+';
}

/** A member's own craving patterns: by trigger, by local hour of day, by time in recovery. */
export function cravingPatterns(
  cravings: readonly { trigger: CravingTrigger | null; createdAt: Date }[],
  zone: string,
  cleanDate: string | null,
): CravingPatterns {
  const byTrigger = Object.fromEntries(
    [...CRAVING_TRIGGERS, 'none'].map((t) => [t, 0]),
  ) as CravingPatterns['byTrigger'];
  const byHourOfDay = Array.from({ length: 24 }, () => 0);
  const byWeeksInRecovery = Object.fromEntries(
    RECOVERY_BUCKETS.map((b) => [b, 0]),
  ) as CravingPatterns['byWeeksInRecovery'];
  for (const craving of cravings) {
    byTrigger[craving.trigger ?? 'none'] += 1;
    byHourOfDay[DateTime.fromJSDate(craving.createdAt, { zone }).hour] += 1;
    const bucket = cleanDate ? recoveryBucket(cleanDate, craving.createdAt, zone) : null;
    if (bucket) byWeeksInRecovery[bucket] += 1;
  }
  return { total: cravings.length, byTrigger, byHourOfDay, byWeeksInRecovery };
}
