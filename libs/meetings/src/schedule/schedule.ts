/**
 * Meeting schedules in their own IANA time zone: local wall-clock times turned into instants the way
 * RFC 5545 (iCalendar) does it, occurrences between two instants, the next occurrence, and the
 * minute-of-week slots the search index stores. Pure functions, no database.
 *
 * Local times follow RFC 5545 §3.3.5: a local time that happens twice (the fall-back hour) means the
 * first of the two; a local time that does not exist (the spring-forward gap) is read with the offset
 * in force before the gap (02:30 in New York on the spring-forward day is 03:30 EDT). Calendar
 * clients read our iCal feeds the same way, so the API and the calendar agree.
 */
import { IANAZone } from 'luxon';
import { RRule, type Options as RRuleOptions } from 'rrule';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 10_080;

/** Sunday 00:00 UTC is minute 0 of the week; 1970-01-01 (epoch) was a Thursday. */
const EPOCH_MINUTE_OF_WEEK = 4 * MINUTES_PER_DAY;

export type ScheduleException =
  | { date: string; kind: 'cancel' }
  | { date: string; kind: 'move'; start: number; durationMinutes: number };

/** What the schedule maths needs to know about a meeting. */
export type ScheduleSpec = {
  timezone: string;
  /** Local weekdays, 0 = Sunday … 6 = Saturday. With an rrule, the rule's BYDAY weekdays. */
  weekdays: number[];
  /** Local start, minutes after midnight. */
  startMinutes: number;
  durationMinutes: number;
  /** An RRULE body (no DTSTART): FREQ=WEEKLY;INTERVAL=2;BYDAY=TU. Null: weekly on `weekdays`. */
  rrule: string | null;
  /** Local date (YYYY-MM-DD) of the first possible occurrence; anchors every-other-week rules. */
  startsOn: string;
  exceptions: ScheduleException[];
};

export type Occurrence = {
  /** Instant, ms since the epoch. */
  start: number;
  end: number;
  /** The local date the occurrence was scheduled on (for a moved one: the date it was moved from). */
  date: string;
  moved: boolean;
};

// --- zones -------------------------------------------------------------------------------------

const zoneCache = new Map<string, IANAZone | null>();

/** The zone, remembered (luxon builds an Intl formatter to check validity: costly per call). */
export function ianaZone(name: string): IANAZone | null {
  let zone = zoneCache.get(name);
  if (zone === undefined) {
    zone = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
    zoneCache.set(name, zone);
  }
  return zone;
}

export function isValidTimeZone(name: unknown): boolean {
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9_+\-/]{1,63}$/.test(name) && ianaZone(name) !== null;
}

function zoneOf(name: string): IANAZone {
  const zone = ianaZone(name);
  if (!zone) throw new Error(`unknown time zone ${name}`);
  return zone;
}

type YearOffsets = { initial: number; changes: { at: number; offset: number }[] };
const yearOffsets = new Map<string, YearOffsets>();

/** The zone's offset at the start of a UTC year and its changes during it (found daily, then to the minute). */
function offsetsOfYear(timezone: string, year: number): YearOffsets {
  const key = `${timezone}:${year}`;
  let table = yearOffsets.get(key);
  if (table) return table;
  const zone = zoneOf(timezone);
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  table = { initial: zone.offset(start), changes: [] };
  let offset = table.initial;
  for (let day = start; day < end; day += DAY_MS) {
    const next = Math.min(day + DAY_MS, end);
    const nextOffset = zone.offset(next);
    if (nextOffset === offset) continue;
    let lo = day;
    let hi = next;
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
      if (zone.offset(mid) === offset) lo = mid;
      else hi = mid;
    }
    table.changes.push({ at: hi, offset: nextOffset });
    offset = nextOffset;
  }
  if (yearOffsets.size > 5000) yearOffsets.clear();
  yearOffsets.set(key, table);
  return table;
}

/**
 * Minutes east of UTC in force at `ms`. Read from a per-zone, per-year table of offset changes (built once
 * from luxon/Intl): asking Intl each time was the largest CPU cost of a search request.
 */
export function offsetMinutes(timezone: string, ms: number): number {
  const table = offsetsOfYear(timezone, new Date(ms).getUTCFullYear());
  let offset = table.initial;
  for (const change of table.changes) {
    if (change.at > ms) break;
    offset = change.offset;
  }
  return offset;
}

// --- local dates and times ---------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = DATE.exec(text);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().startsWith(text);
}

export function isLocalTime(text: unknown): text is string {
  return typeof text === 'string' && TIME.test(text);
}

/** "HH:MM" → minutes after midnight. */
export function parseLocalTime(text: string): number {
  const m = TIME.exec(text);
  if (!m) throw new Error(`not a local time: ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatLocalTime(minutes: number): string {
  const m = ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A local date read as a UTC midnight ("floating" time), ms. */
function floatingDay(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a local date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function dateOfFloating(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfFloating(floatingDay(date) + days * DAY_MS);
}

/** 0 = Sunday. */
export function weekdayOf(date: string): number {
  return new Date(floatingDay(date)).getUTCDay();
}

export type LocalParts = { date: string; weekday: number; minutes: number; offset: number };

/** The wall clock in `timezone` at instant `ms`. */
export function localParts(timezone: string, ms: number): LocalParts {
  const offset = offsetMinutes(timezone, ms);
  const floating = ms + offset * MINUTE_MS;
  const d = new Date(floating);
  return {
    date: d.toISOString().slice(0, 10),
    weekday: d.getUTCDay(),
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
    offset,
  };
}

/** The instant of a local date and time in `timezone`, with RFC 5545's rules for the DST changes. */
export function localToInstant(timezone: string, date: string, minutes: number): number {
  const wall = floatingDay(date) + minutes * MINUTE_MS;
  const before = offsetMinutes(timezone, wall - DAY_MS);
  const after = offsetMinutes(timezone, wall + DAY_MS);
  let first: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset * MINUTE_MS;
    if (offsetMinutes(timezone, instant) === offset && (first === undefined || instant < first)) first = instant;
  }
  // Twice: the first one. Never (in the gap): with the offset before the gap.
  return first ?? wall - before * MINUTE_MS;
}

/**
 * Whether a local time happens once, twice (the fall-back hour) or never (the spring-forward gap) on a
 * date in a zone: the two cases calendar clients disagree on, so the iCal feed pins them in UTC.
 */
export function wallTimeKind(timezone: string, date: string, minutes: number): 'normal' | 'ambiguous' | 'gap' {
  const wall = floatingDay(date) + minutes * MINUTE_MS;
  const before = offsetMinutes(timezone, wall - DAY_MS);
  const after = offsetMinutes(timezone, wall + DAY_MS);
  const valid = (before === after ? [before] : [before, after]).filter((o) => offsetMinutes(timezone, wall - o * MINUTE_MS) === o);
  return valid.length === 0 ? 'gap' : valid.length > 1 ? 'ambiguous' : 'normal';
}

/** ISO 8601 with the offset and the zone name (RFC 9557): 2026-11-01T01:30:00-04:00[America/New_York]. */
export function formatLocalInstant(timezone: string, ms: number): string {
  const parts = localParts(timezone, ms);
  const sign = parts.offset < 0 ? '-' : '+';
  const abs = Math.abs(parts.offset);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.date}T${formatLocalTime(parts.minutes)}:00${offset}[${timezone}]`;
}

// --- minute of week ----------------------------------------------------------------------------

/** Minute of the week in UTC, Sunday 00:00 UTC = 0. */
export function minuteOfWeek(ms: number): number {
  const minutes = Math.floor(ms / MINUTE_MS) + EPOCH_MINUTE_OF_WEEK;
  return ((minutes % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
}

export type MinuteRange = readonly [from: number, to: number];

/**
 * The minute-of-week ranges (inclusive) that instants in [fromMs, toMs] fall in: one range, two when the
 * window wraps past Saturday 23:59 UTC, null when the window is a week or longer (every minute).
 */
export function minuteOfWeekRanges(fromMs: number, toMs: number): MinuteRange[] | null {
  const length = Math.floor(toMs / MINUTE_MS) - Math.floor(fromMs / MINUTE_MS);
  if (length >= MINUTES_PER_WEEK - 1) return null;
  const from = minuteOfWeek(fromMs);
  const to = from + length;
  if (to < MINUTES_PER_WEEK) return [[from, to]];
  return [
    [from, MINUTES_PER_WEEK - 1],
    [0, to - MINUTES_PER_WEEK],
  ];
}

// --- recurrence rules --------------------------------------------------------------------------

/** RRULE parts a meeting schedule may use. The time comes from startTime, the anchor from startsOn. */
const ALLOWED_PARTS = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYSETPOS', 'BYMONTH', 'COUNT', 'UNTIL', 'WKST']);
const BYDAY_ITEM = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;
const RRULE_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export type ParsedRule = { rule: string; weekdays: number[] };

/**
 * Checks an RRULE body and returns it normalised with the weekdays it meets on (0 = Sunday), or a
 * message saying what to change. Weekly and monthly rules with BYDAY: every other week, the 2nd Tuesday,
 * the last Friday of the month.
 */
export function parseRecurrenceRule(input: string): ParsedRule | { error: string } {
  const text = input.trim().replace(/^RRULE:/i, '').toUpperCase();
  if (!text) return { error: 'rrule is empty; leave it out for a plain weekly meeting' };
  const parts = new Map<string, string>();
  for (const piece of text.split(';')) {
    const [key, value, extra] = piece.split('=');
    if (!key || value === undefined || extra !== undefined || !value) {
      return { error: `rrule part "${piece}" is not KEY=VALUE (e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU)` };
    }
    if (!ALLOWED_PARTS.has(key)) {
      return {
        error:
          key === 'DTSTART' || key === 'TZID'
            ? 'rrule must not carry DTSTART or TZID: the start is startsOn + startTime in the meeting’s timezone'
            : key === 'BYHOUR' || key === 'BYMINUTE' || key === 'BYSECOND'
              ? 'rrule must not carry a time: set startTime instead'
              : `rrule part ${key} is not supported; use FREQ, INTERVAL, BYDAY, BYSETPOS, BYMONTH, COUNT or UNTIL`,
      };
    }
    if (parts.has(key)) return { error: `rrule repeats ${key}` };
    parts.set(key, value);
  }
  const freq = parts.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY') {
    return { error: 'rrule FREQ must be WEEKLY (e.g. every other week) or MONTHLY (e.g. the 2nd Tuesday)' };
  }
  const byday = parts.get('BYDAY');
  if (!byday) return { error: 'rrule needs BYDAY, the weekday(s) the meeting meets on (e.g. BYDAY=TU or BYDAY=2TU)' };
  const days = byday.split(',');
  const weekdays = new Set<number>();
  for (const day of days) {
    const m = BYDAY_ITEM.exec(day);
    if (!m) return { error: `rrule BYDAY value ${day} is not a weekday such as TU, 2TU or -1FR` };
    if (m[1] && freq === 'WEEKLY') return { error: `rrule BYDAY=${day}: a numbered weekday needs FREQ=MONTHLY` };
    weekdays.add((RRULE_DAYS.indexOf(m[2]) + 1) % 7);
  }
  const interval = parts.get('INTERVAL');
  if (interval !== undefined && !/^([1-9]|[1-4]\d|5[0-2])$/.test(interval)) {
    return { error: 'rrule INTERVAL must be a whole number from 1 to 52' };
  }
  const count = parts.get('COUNT');
  if (count !== undefined && !/^[1-9]\d{0,3}$/.test(count)) return { error: 'rrule COUNT must be 1 to 9999' };
  if (count !== undefined && parts.has('UNTIL')) return { error: 'rrule may have COUNT or UNTIL, not both' };
  const until = parts.get('UNTIL');
  if (until !== undefined && !/^\d{8}(T\d{6}Z?)?$/.test(until)) {
    return { error: 'rrule UNTIL must be a date such as 20271231 or 20271231T235959Z' };
  }
  const bysetpos = parts.get('BYSETPOS');
  if (bysetpos !== undefined && (freq !== 'MONTHLY' || !/^-?[1-5]$/.test(bysetpos))) {
    return { error: 'rrule BYSETPOS must be -5..5 (except 0) with FREQ=MONTHLY' };
  }
  const bymonth = parts.get('BYMONTH');
  if (bymonth !== undefined && !bymonth.split(',').every((m) => /^([1-9]|1[0-2])$/.test(m))) {
    return { error: 'rrule BYMONTH must list months 1 to 12' };
  }
  try {
    RRule.parseString(text);
  } catch (error) {
    return { error: `rrule is not valid: ${error instanceof Error ? error.message : String(error)}` };
  }
  // A stable order, so the same rule always reads the same.
  const order = ['FREQ', 'INTERVAL', 'BYMONTH', 'BYDAY', 'BYSETPOS', 'WKST', 'COUNT', 'UNTIL'];
  const rule = order
    .filter((key) => parts.has(key) && !(key === 'INTERVAL' && parts.get(key) === '1'))
    .map((key) => `${key}=${parts.get(key)}`)
    .join(';');
  return { rule, weekdays: [...weekdays].sort((a, b) => a - b) };
}

/** True when the rule says no more than "weekly on these days" (so the fast path and slots are exact). */
export function isPlainWeekly(spec: Pick<ScheduleSpec, 'rrule'>): boolean {
  return spec.rrule === null;
}

const ruleCache = new Map<string, Partial<RRuleOptions>>();

function ruleOptions(rule: string): Partial<RRuleOptions> {
  let options = ruleCache.get(rule);
  if (!options) {
    options = RRule.parseString(rule);
    if (ruleCache.size > 5000) ruleCache.clear();
    ruleCache.set(rule, options);
  }
  return options;
}

/**
 * The local dates a rule meets on between two local dates (inclusive), before exceptions. The rule runs
 * in floating time (local wall clock read as UTC) from startsOn; without COUNT the start is moved forward
 * by whole periods first, so a years-old weekly rule does not iterate from its first week.
 */
function ruleDates(spec: ScheduleSpec, firstDate: string, lastDate: string): string[] {
  const options = ruleOptions(spec.rrule as string);
  const interval = options.interval ?? 1;
  let dtstart = floatingDay(spec.startsOn);
  const first = floatingDay(firstDate);
  if (options.count === undefined || options.count === null) {
    if (options.freq === RRule.WEEKLY) {
      // Whole multiples of the period, counted from the start of the anchor's week (Monday, WKST default).
      const period = 7 * interval * DAY_MS;
      const periods = Math.floor((first - 7 * DAY_MS - dtstart) / period);
      if (periods > 0) dtstart += periods * period;
    } else if (options.freq === RRule.MONTHLY) {
      const a = new Date(dtstart);
      const f = new Date(first);
      const months = (f.getUTCFullYear() - a.getUTCFullYear()) * 12 + (f.getUTCMonth() - a.getUTCMonth()) - 1;
      const periods = Math.floor(months / interval);
      if (periods > 0) dtstart = Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + periods * interval, 1);
    }
  }
  const until = floatingUntil(spec);
  const rule = new RRule({ ...options, ...(until !== undefined ? { until: new Date(until) } : {}), dtstart: new Date(dtstart + spec.startMinutes * MINUTE_MS) });
  const anchor = floatingDay(spec.startsOn);
  return rule
    .between(new Date(first), new Date(floatingDay(lastDate) + DAY_MS - 1), true)
    .filter((d) => d.getTime() >= anchor)
    .map((d) => dateOfFloating(d.getTime()));
}

/**
 * The rule's UNTIL as a floating (local wall clock read as UTC) time, the way the iCal writer means it
 * (ADR 0020): a date is the whole local last day (an occurrence that day still counts, whatever its time);
 * a local date-time is that wall clock time; a UTC time is the local time it falls on in the meeting's zone.
 * Inclusive, as in RFC 5545.
 */
function floatingUntil(spec: ScheduleSpec): number | undefined {
  const m = /(?:^|;)UNTIL=(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?(?:;|$)/.exec(spec.rrule ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, utc] = m;
  if (h === undefined) return Date.UTC(Number(y), Number(mo) - 1, Number(d)) + DAY_MS - 1000;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  return utc ? wall + offsetMinutes(spec.timezone, wall) * MINUTE_MS : wall;
}

/** The local dates of the schedule between two local dates (inclusive), before exceptions. */
export function scheduledDates(spec: ScheduleSpec, firstDate: string, lastDate: string): string[] {
  const from = firstDate < spec.startsOn ? spec.startsOn : firstDate;
  if (from > lastDate) return [];
  if (spec.rrule) return ruleDates(spec, from, lastDate);
  const out: string[] = [];
  const days = new Set(spec.weekdays);
  const last = floatingDay(lastDate);
  for (let day = floatingDay(from); day <= last; day += DAY_MS) {
    if (days.has(new Date(day).getUTCDay())) out.push(dateOfFloating(day));
  }
  return out;
}

/** Occurrences starting in [fromMs, toMs), exceptions applied (cancelled ones gone, moved ones moved). */
export function occurrencesBetween(spec: ScheduleSpec, fromMs: number, toMs: number): Occurrence[] {
  if (toMs <= fromMs) return [];
  const changed = new Set(spec.exceptions.map((e) => e.date));
  const firstDate = addDays(localParts(spec.timezone, fromMs).date, -1);
  const lastDate = addDays(localParts(spec.timezone, toMs).date, 1);
  const duration = spec.durationMinutes * MINUTE_MS;
  const out: Occurrence[] = [];
  for (const date of scheduledDates(spec, firstDate, lastDate)) {
    if (changed.has(date)) continue;
    const start = localToInstant(spec.timezone, date, spec.startMinutes);
    if (start >= fromMs && start < toMs) out.push({ start, end: start + duration, date, moved: false });
  }
  for (const exception of spec.exceptions) {
    if (exception.kind === 'move' && exception.start >= fromMs && exception.start < toMs) {
      out.push({
        start: exception.start,
        end: exception.start + exception.durationMinutes * MINUTE_MS,
        date: exception.date,
        moved: true,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** True when the schedule has an occurrence on that local date (before exceptions). */
export function meetsOn(spec: ScheduleSpec, date: string): boolean {
  return scheduledDates(spec, date, date).length > 0;
}

/**
 * The first occurrence starting at or after `fromMs` that `accept` takes, looking up to `horizonDays`
 * ahead; undefined when there is none.
 */
export function nextOccurrence(
  spec: ScheduleSpec,
  fromMs: number,
  accept: (o: Occurrence) => boolean = () => true,
  horizonDays = 400,
): Occurrence | undefined {
  let start = fromMs;
  for (const days of [8, 40, horizonDays]) {
    const end = fromMs + days * DAY_MS;
    if (end <= start) continue;
    const found = occurrencesBetween(spec, start, end).find(accept);
    if (found) return found;
    start = end;
  }
  return undefined;
}

/** The first scheduled occurrence on or after startsOn (the iCal DTSTART). */
export function firstOccurrenceDate(spec: ScheduleSpec): string | undefined {
  let from = spec.startsOn;
  for (let i = 0; i < 24; i++) {
    const to = addDays(from, 62);
    const dates = scheduledDates(spec, from, to);
    if (dates.length) return dates[0];
    from = addDays(to, 1);
  }
  return undefined;
}

// --- search slots ------------------------------------------------------------------------------

const offsetCache = new Map<string, { day: number; offsets: number[] }>();

/** The distinct UTC offsets `timezone` uses from a day before `nowMs` to 400 days after (cached per day). */
export function offsetsAround(timezone: string, nowMs: number): number[] {
  const day = Math.floor(nowMs / DAY_MS);
  const cached = offsetCache.get(timezone);
  if (cached && cached.day === day) return cached.offsets;
  const offsets = new Set<number>();
  for (let d = day - 1; d <= day + 400; d++) {
    offsets.add(offsetMinutes(timezone, d * DAY_MS));
    offsets.add(offsetMinutes(timezone, d * DAY_MS + DAY_MS / 2));
  }
  const list = [...offsets].sort((a, b) => a - b);
  offsetCache.set(timezone, { day, offsets: list });
  return list;
}

export type Slot = { weekday: number; localStart: number; startMow: number };

/**
 * One search slot per weekday and UTC offset the zone uses in the coming year: the UTC minute of the
 * week the meeting starts at under that offset. A DST zone gives two rows per weekday; at any instant
 * one of them is the true one, and the search confirms every candidate with `occurrencesBetween`.
 */
export function slotsOf(spec: Pick<ScheduleSpec, 'timezone' | 'weekdays' | 'startMinutes'>, nowMs: number): Slot[] {
  const slots = new Map<string, Slot>();
  for (const weekday of spec.weekdays) {
    for (const offset of offsetsAround(spec.timezone, nowMs)) {
      const raw = weekday * MINUTES_PER_DAY + spec.startMinutes - offset;
      const startMow = ((raw % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
      slots.set(`${weekday}:${startMow}`, { weekday, localStart: spec.startMinutes, startMow });
    }
  }
  return [...slots.values()];
}
