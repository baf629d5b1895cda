import { DateTime, IANAZone } from 'luxon';

/** Days of the week as numbers: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * When a member can be called, in the member's own time zone (wall-clock time). A window starts on each
 * of its `days` at `start` and runs to `end`; when `end` is before `start` it runs past midnight into the
 * next day (`22:00`–`02:00` on Friday covers Friday 22:00 to Saturday 02:00).
 */
export type AvailabilityWindow = { days: number[]; start: string; end: string };

export const MAX_AVAILABILITY_WINDOWS = 14;
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since local midnight of an `HH:MM` string. */
export function minutesOfDay(time: string): number {
  const match = TIME_OF_DAY.exec(time);
  if (!match) throw new Error(`not a time of day: ${time}`);
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const zoneValidity = new Map<string, boolean>();

/**
 * The zone to compute in: the member's IANA zone, or UTC when it is missing or unknown. Validity is
 * remembered per zone name: luxon checks it by building an Intl.DateTimeFormat, which cost more than
 * everything else in the alert circle.
 */
export function zoneOrUtc(timezone: string | null | undefined): string {
  if (!timezone) return 'UTC';
  let valid = zoneValidity.get(timezone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(timezone);
    if (zoneValidity.size < 1000) zoneValidity.set(timezone, valid);
  }
  return valid ? timezone : 'UTC';
}

/** The wall-clock weekday (0 = Sunday) and minute of day of `instant` in `timezone`. */
export function localWeekdayAndMinute(timezone: string, instant: Date): { weekday: Weekday; minute: number } {
  const local = DateTime.fromJSDate(instant, { zone: zoneOrUtc(timezone) });
  // luxon: 1 = Monday … 7 = Sunday.
  return { weekday: (local.weekday % 7) as Weekday, minute: local.hour * 60 + local.minute };
}

/**
 * Whether a member with these windows can be called at `instant`. No windows means always available.
 * Times are compared as wall-clock times in the member's zone, so a window keeps its local hours across
 * daylight-saving changes (a 09:00–17:00 window is 8 real hours on most days, 7 or 9 on the nights the
 * clocks change when it spans the change).
 */
export function isAvailableAt(windows: readonly AvailabilityWindow[], timezone: string, instant: Date): boolean {
  if (windows.length === 0) return true;
  const { weekday, minute } = localWeekdayAndMinute(timezone, instant);
  const yesterday = ((weekday + 6) % 7) as Weekday;
  return windows.some((window) => {
    const start = minutesOfDay(window.start);
    const end = minutesOfDay(window.end);
    if (start < end) return window.days.includes(weekday) && minute >= start && minute < end;
    // Spans midnight (or covers the whole day when start === end): the evening part belongs to the day
    // the window starts on, the early-morning part to the day after.
    return (window.days.includes(weekday) && minute >= start) || (window.days.includes(yesterday) && minute < end);
  });
}
