import { DateTime } from 'luxon';

export type DayCount = { day: string; count: number };

export type Streak = {
  /** Consecutive days with the goal met, ending today (or yesterday while today is not done yet). */
  current: number;
  /** The longest such run ever. */
  longest: number;
  /** Whether today's goal is met. */
  today: boolean;
};

/** The calendar day `days` after (or before) an ISO date `YYYY-MM-DD`. */
export function shiftDay(day: string, days: number): string {
  const shifted = DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate();
  if (!shifted) throw new Error(`not a date: ${day}`);
  return shifted;
}

/** The member's calendar day at `instant`, in their own time zone. */
export function localDay(instant: Date, timezone: string): string {
  const day = DateTime.fromJSDate(instant, { zone: timezone }).toISODate();
  if (!day) throw new Error(`cannot compute a local day in zone ${timezone}`);
  return day;
}

/**
 * Streaks from calls per local day. A day counts when it has at least `dailyGoal` calls (any outcome: the
 * attempt is the practice). Today not being done yet does not break the current streak; yesterday missing
 * does. Days after `today` (possible after a time-zone change) are ignored.
 */
export function computeStreak(dayCounts: readonly DayCount[], dailyGoal: number, today: string): Streak {
  const met = new Set(dayCounts.filter((d) => d.count >= dailyGoal && d.day <= today).map((d) => d.day));
  const todayMet = met.has(today);
  let current = 0;
  for (let day = todayMet ? today : shiftDay(today, -1); met.has(day); day = shiftDay(day, -1)) current += 1;
  let longest = 0;
  let run = 0;
  let previous: string | undefined;
  for (const day of [...met].sort()) {
    run = previous !== undefined && shiftDay(previous, 1) === day ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  return { current, longest, today: todayMet };
}
