/**
 * iCalendar (RFC 5545) for meetings: one VEVENT series per meeting with its RRULE in the meeting's own
 * zone, EXDATE for cancelled occurrences, a RECURRENCE-ID override for each moved one, and a VTIMEZONE
 * per zone built from the zone's real transitions (luxon/Intl), so clients that do not know the IANA
 * name still get the right times. Pure.
 */
import { DateTime } from 'luxon';
import { attendanceOn, canOccur, hasConference, scheduleOf, type MeetingRecord } from '../schedule/meeting-record';
import {
  DAY_MS,
  firstOccurrenceDate,
  localParts,
  localToInstant,
  MINUTE_MS,
  occurrencesBetween,
  offsetMinutes,
  parseLocalTime,
  wallTimeKind,
} from '../schedule/schedule';

const RRULE_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** Escapes TEXT values (RFC 5545 §3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Step back to a character boundary (continuation bytes are 10xxxxxx).
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end -= 1;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // the leading space of a continuation line counts
  }
  return parts.join('\r\n ');
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local date-time "YYYYMMDDTHHMMSS" of an instant in a zone. */
function localStamp(timezone: string, ms: number): string {
  const p = localParts(timezone, ms);
  return `${p.date.replace(/-/g, '')}T${pad(Math.floor(p.minutes / 60))}${pad(p.minutes % 60)}00`;
}

/** The schedule's own local date-time "YYYYMMDDTHHMMSS" (what the RRULE generates, before any DST shift). */
function nominalStamp(date: string, minutes: number): string {
  return `${date.replace(/-/g, '')}T${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}00`;
}

function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

type Transition = { at: number; from: number; to: number };

const transitionCache = new Map<string, Transition[]>();

/** The zone's offset changes between two years (found daily, then to the minute). */
export function transitions(timezone: string, fromYear: number, toYear: number): Transition[] {
  const key = `${timezone}:${fromYear}:${toYear}`;
  const cached = transitionCache.get(key);
  if (cached) return cached;
  const out: Transition[] = [];
  const end = Date.UTC(toYear + 1, 0, 1);
  let t = Date.UTC(fromYear, 0, 1);
  let offset = offsetMinutes(timezone, t);
  while (t < end) {
    const next = t + DAY_MS;
    const nextOffset = offsetMinutes(timezone, next);
    if (nextOffset !== offset) {
      let lo = t;
      let hi = next;
      while (hi - lo > MINUTE_MS) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
        if (offsetMinutes(timezone, mid) === offset) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, from: offset, to: nextOffset });
      offset = nextOffset;
    }
    t = next;
  }
  transitionCache.set(key, out);
  return out;
}

function abbreviation(timezone: string, ms: number): string {
  return DateTime.fromMillis(ms, { zone: timezone }).offsetNameShort ?? offsetText(offsetMinutes(timezone, ms));
}

/** A VTIMEZONE with one STANDARD/DAYLIGHT part per transition in the years given. */
export function vtimezone(timezone: string, fromYear: number, toYear: number): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timezone}`];
  const start = Date.UTC(fromYear, 0, 1);
  const list = transitions(timezone, fromYear, toYear);
  const initial = list.length ? list[0].from : offsetMinutes(timezone, start);
  const part = (kind: string, at: number, from: number, to: number): void => {
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${utcStamp(at + from * MINUTE_MS).slice(0, 15)}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      `TZNAME:${escapeText(abbreviation(timezone, at))}`,
      `END:${kind}`,
    );
  };
  // The offset in force from the start of the range (before its first change).
  part(list.length && list[0].to > list[0].from ? 'STANDARD' : list.length ? 'DAYLIGHT' : 'STANDARD', start, initial, initial);
  for (const change of list) part(change.to > change.from ? 'DAYLIGHT' : 'STANDARD', change.at, change.from, change.to);
  lines.push('END:VTIMEZONE');
  return lines;
}

/** The rule as RFC 5545 wants it with a zoned DTSTART: UNTIL in UTC. */
function icalRule(m: MeetingRecord): string {
  if (m.rrule === null) return `FREQ=WEEKLY;BYDAY=${m.weekdays.map((d) => RRULE_DAYS[d]).join(',')}`;
  return m.rrule.replace(/UNTIL=(\d{8})(T\d{6}Z?)?/, (_all, date: string, time?: string) => {
    if (time?.endsWith('Z')) return `UNTIL=${date}${time}`;
    const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
    // A date is the whole local last day (its last second); a local time is that time (ADR 0020).
    const seconds = time ? Number(time.slice(1, 3)) * 3600 + Number(time.slice(3, 5)) * 60 + Number(time.slice(5, 7)) : DAY_MS / 1000 - 1;
    return `UNTIL=${utcStamp(localToInstant(m.timezone, iso, Math.floor(seconds / 60)) + (seconds % 60) * 1000)}`;
  });
}

function describe(m: MeetingRecord): string {
  const parts: string[] = [];
  if (m.status === 'temporarily_closed') parts.push(hasConference(m) ? 'The location is temporarily closed: online only.' : 'Temporarily closed.');
  if (m.status === 'suspended') parts.push('Suspended.');
  if (m.conferenceUrl) parts.push(`Join: ${m.conferenceUrl}${m.conferenceUrlNotes ? ` (${m.conferenceUrlNotes})` : ''}`);
  if (m.conferencePhone) parts.push(`Dial: ${m.conferencePhone}${m.conferencePhoneNotes ? ` (${m.conferencePhoneNotes})` : ''}`);
  if (m.location?.notes) parts.push(m.location.notes);
  if (m.notes) parts.push(m.notes);
  if (m.types.length) parts.push(`Types: ${m.types.join(', ')}`);
  return parts.join('\n');
}

export type CalendarOptions = { name: string; nowMs: number; host: string };

/** One calendar for the meetings given (a meeting's or a group's feed). */
export function meetingsCalendar(meetings: MeetingRecord[], options: CalendarOptions): string {
  const { nowMs } = options;
  const nowYear = new Date(nowMs).getUTCFullYear();
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Homegroup//Meetings 1.0//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
  ];
  const events: string[] = [];
  const zones = new Map<string, number>();
  for (const m of meetings) {
    const spec = scheduleOf(m);
    const firstDate = firstOccurrenceDate(spec);
    if (!firstDate) continue;
    const startYear = Number(firstDate.slice(0, 4));
    zones.set(m.timezone, Math.min(zones.get(m.timezone) ?? startYear, startYear));
    const startMinutes = parseLocalTime(m.startTime);
    const uid = `${m.id}@${options.host}`;
    const common = [
      `SUMMARY:${escapeText(m.name)}`,
      ...(m.location
        ? [`LOCATION:${escapeText(m.attendance === 'online' && m.conferenceUrl ? m.conferenceUrl : m.location.formattedAddress)}`]
        : m.conferenceUrl
          ? [`LOCATION:${escapeText(m.conferenceUrl)}`]
          : []),
      ...(m.location && !m.location.approximate && m.location.lat !== null ? [`GEO:${m.location.lat};${m.location.lng}`] : []),
      ...(m.conferenceUrl ? [`URL:${m.conferenceUrl}`] : []),
      ...(describe(m) ? [`DESCRIPTION:${escapeText(describe(m))}`] : []),
      `CATEGORIES:${escapeText(m.fellowship)}`,
      `LAST-MODIFIED:${utcStamp(m.updatedAt.getTime())}`,
    ];

    // Cancelled dates, and the dates a non-active status takes out (up to a year ahead).
    const excluded = new Set(m.exceptions.filter((e) => e.kind === 'cancel').map((e) => e.date));
    if (m.status !== 'active' && m.statusUntil) {
      for (const o of occurrencesBetween(spec, nowMs - DAY_MS, nowMs + 366 * DAY_MS)) {
        if (!o.moved && attendanceOn(m, o.date) === null) excluded.add(o.date);
      }
    }
    // Occurrences at a local time that happens twice or never (DST changes): clients resolve those
    // differently (RFC 5545 says the first one and the offset before the gap; ical.js takes the second),
    // so each is excluded as a local time and added back as its exact instant in UTC.
    const pinned: number[] = [];
    for (const change of transitions(m.timezone, startYear - 1, nowYear + 10)) {
      for (const o of occurrencesBetween(spec, change.at - 2 * DAY_MS, change.at + 2 * DAY_MS)) {
        if (o.moved || excluded.has(o.date) || wallTimeKind(m.timezone, o.date, startMinutes) === 'normal') continue;
        excluded.add(o.date);
        pinned.push(o.start);
      }
    }
    // No occurrence can take place (suspended, or an in-person meeting closed, with no end date): the API
    // says nextStart null, the calendar says the series is cancelled.
    const cancelledSeries = !canOccur(m);
    events.push(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `DTSTAMP:${utcStamp(nowMs)}`,
      `DTSTART;TZID=${m.timezone}:${nominalStamp(firstDate, startMinutes)}`,
      `DURATION:PT${m.durationMinutes}M`,
      `RRULE:${icalRule(m)}`,
      ...(excluded.size
        ? [`EXDATE;TZID=${m.timezone}:${[...excluded].sort().map((d) => nominalStamp(d, startMinutes)).join(',')}`]
        : []),
      ...(pinned.length ? [`RDATE;VALUE=DATE-TIME:${pinned.map(utcStamp).join(',')}`] : []),
      `STATUS:${cancelledSeries ? 'CANCELLED' : 'CONFIRMED'}`,
      ...common,
      'END:VEVENT',
    );
    for (const e of m.exceptions) {
      if (e.kind !== 'move' || !e.movedStart) continue;
      events.push(
        'BEGIN:VEVENT',
        `UID:${uid}`,
        `DTSTAMP:${utcStamp(nowMs)}`,
        `RECURRENCE-ID;TZID=${m.timezone}:${nominalStamp(e.date, startMinutes)}`,
        `DTSTART;TZID=${m.timezone}:${localStamp(m.timezone, e.movedStart.getTime())}`,
        `DURATION:PT${e.movedDurationMinutes ?? m.durationMinutes}M`,
        // Moved into a period the status takes out: it does not take place either.
        `STATUS:${cancelledSeries || attendanceOn(m, e.date) === null ? 'CANCELLED' : 'CONFIRMED'}`,
        ...common,
        ...(e.note ? [`COMMENT:${escapeText(e.note)}`] : []),
        'END:VEVENT',
      );
    }
  }
  for (const [zone, fromYear] of [...zones.entries()].sort()) lines.push(...vtimezone(zone, fromYear - 1, nowYear + 10));
  lines.push(...events, 'END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
