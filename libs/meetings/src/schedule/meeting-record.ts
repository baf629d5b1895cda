/**
 * A meeting as the services see it (with its group, location and exceptions), the one SELECT list that
 * reads it, and the mapping of its raw row. Used by the single-meeting reads, the search, the feeds.
 */
import type { AttendanceMode, MeetingStatus } from '../entities/meeting.entity';
import type { ExceptionKind } from '../entities/meeting-exception.entity';
import { MAX_DURATION_MINUTES } from '../entities/meeting.entity';
import { parseLocalTime, type ScheduleSpec } from './schedule';

export type LocationRecord = {
  id: string;
  name: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  formattedAddress: string;
  lat: number | null;
  lng: number | null;
  approximate: boolean;
  timezone: string;
  regions: string[];
  notes: string | null;
};

export type ExceptionRecord = {
  id: string;
  date: string;
  kind: ExceptionKind;
  movedStart: Date | null;
  movedDurationMinutes: number | null;
  note: string | null;
};

export type MeetingRecord = {
  id: string;
  groupId: string;
  groupName: string;
  fellowship: string;
  published: boolean;
  slug: string;
  name: string;
  timezone: string;
  weekdays: number[];
  startTime: string;
  durationMinutes: number;
  rrule: string | null;
  startsOn: string;
  attendance: AttendanceMode;
  status: MeetingStatus;
  statusUntil: string | null;
  types: string[];
  languages: string[];
  conferenceUrl: string | null;
  conferenceUrlNotes: string | null;
  conferencePhone: string | null;
  conferencePhoneNotes: string | null;
  notes: string | null;
  lastVerifiedAt: Date | null;
  /** The group's verification cadence (ADR 0042). */
  verificationCadenceDays: number;
  /** Set while enough members' reports are open (ADR 0042). */
  reportedAt: Date | null;
  reportedReasons: string[];
  createdAt: Date;
  updatedAt: Date;
  source: string | null;
  sourceSlug: string | null;
  location: LocationRecord | null;
  exceptions: ExceptionRecord[];
};

/**
 * The columns of a meeting with its group and location, and its exceptions from `sinceParam` (a local
 * date: older exceptions do not matter to what is coming) as one JSON array. FROM: `meetings m JOIN
 * groups g … LEFT JOIN locations l …`.
 */
export function meetingColumns(sinceParam: string): string {
  return `m.id, m.group_id, g.name AS group_name, g.fellowship, g.published, m.slug, m.name, m.timezone,
    m.weekdays, m.start_time, m.duration_minutes, m.rrule, m.starts_on::text AS starts_on, m.attendance,
    m.status, m.status_until::text AS status_until, m.types, m.languages, m.conference_url,
    m.conference_url_notes, m.conference_phone, m.conference_phone_notes, m.notes, m.last_verified_at,
    g.verification_cadence_days, m.reported_at, m.reported_reasons,
    m.created_at, m.updated_at, m.source, m.source_slug,
    l.id AS l_id, l.name AS l_name, l.address AS l_address, l.city AS l_city, l.state AS l_state,
    l.postal_code AS l_postal_code, l.country AS l_country, l.formatted_address AS l_formatted_address,
    l.lat AS l_lat, l.lng AS l_lng, l.approximate AS l_approximate, l.timezone AS l_timezone,
    l.regions AS l_regions, l.notes AS l_notes,
    (SELECT COALESCE(json_agg(json_build_object('id', e.id, 'date', e.occurrence_date, 'kind', e.kind,
              'movedStart', e.moved_start, 'movedDurationMinutes', e.moved_duration_minutes, 'note', e.note)
              ORDER BY e.occurrence_date), '[]'::json)
       FROM meeting_exceptions e
      WHERE e.meeting_id = m.id AND (e.occurrence_date >= ${sinceParam}::date OR e.moved_start >= ${sinceParam}::date)) AS exceptions`;
}

export const MEETING_FROM = 'meetings m JOIN groups g ON g.id = m.group_id LEFT JOIN locations l ON l.id = m.location_id';

export type RawMeetingRow = {
  id: string;
  group_id: string;
  group_name: string;
  fellowship: string;
  published: boolean;
  slug: string;
  name: string;
  timezone: string;
  weekdays: number[];
  start_time: string;
  duration_minutes: number;
  rrule: string | null;
  starts_on: string;
  attendance: AttendanceMode;
  status: MeetingStatus;
  status_until: string | null;
  types: string[];
  languages: string[];
  conference_url: string | null;
  conference_url_notes: string | null;
  conference_phone: string | null;
  conference_phone_notes: string | null;
  notes: string | null;
  last_verified_at: Date | null;
  verification_cadence_days: number;
  reported_at: Date | null;
  reported_reasons: string[];
  created_at: Date;
  updated_at: Date;
  source: string | null;
  source_slug: string | null;
  l_id: string | null;
  l_name: string | null;
  l_address: string | null;
  l_city: string | null;
  l_state: string | null;
  l_postal_code: string | null;
  l_country: string | null;
  l_formatted_address: string | null;
  l_lat: number | null;
  l_lng: number | null;
  l_approximate: boolean | null;
  l_timezone: string | null;
  l_regions: string[] | null;
  l_notes: string | null;
  exceptions: {
    id: string;
    date: string;
    kind: ExceptionKind;
    movedStart: string | null;
    movedDurationMinutes: number | null;
    note: string | null;
  }[];
};

export function toMeetingRecord(r: RawMeetingRow): MeetingRecord {
  return {
    id: r.id,
    groupId: r.group_id,
    groupName: r.group_name,
    fellowship: r.fellowship,
    published: r.published,
    slug: r.slug,
    name: r.name,
    timezone: r.timezone,
    weekdays: r.weekdays,
    startTime: r.start_time,
    durationMinutes: r.duration_minutes,
    rrule: r.rrule,
    startsOn: r.starts_on,
    attendance: r.attendance,
    status: r.status,
    statusUntil: r.status_until,
    types: r.types,
    languages: r.languages,
    conferenceUrl: r.conference_url,
    conferenceUrlNotes: r.conference_url_notes,
    conferencePhone: r.conference_phone,
    conferencePhoneNotes: r.conference_phone_notes,
    notes: r.notes,
    lastVerifiedAt: r.last_verified_at,
    verificationCadenceDays: r.verification_cadence_days,
    reportedAt: r.reported_at,
    reportedReasons: r.reported_reasons,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    source: r.source,
    sourceSlug: r.source_slug,
    location:
      r.l_id === null
        ? null
        : {
            id: r.l_id,
            name: r.l_name,
            address: r.l_address,
            city: r.l_city,
            state: r.l_state,
            postalCode: r.l_postal_code,
            country: r.l_country,
            formattedAddress: r.l_formatted_address ?? '',
            lat: r.l_lat,
            lng: r.l_lng,
            approximate: r.l_approximate ?? false,
            timezone: r.l_timezone ?? r.timezone,
            regions: r.l_regions ?? [],
            notes: r.l_notes,
          },
    exceptions: r.exceptions.map((e) => ({
      id: e.id,
      date: e.date,
      kind: e.kind,
      movedStart: e.movedStart ? new Date(e.movedStart) : null,
      movedDurationMinutes: e.movedDurationMinutes,
      note: e.note,
    })),
  };
}

export function scheduleOf(m: MeetingRecord): ScheduleSpec {
  return {
    timezone: m.timezone,
    weekdays: m.weekdays,
    startMinutes: parseLocalTime(m.startTime),
    durationMinutes: m.durationMinutes,
    rrule: m.rrule,
    startsOn: m.startsOn,
    exceptions: m.exceptions.map((e) =>
      e.kind === 'move' && e.movedStart
        ? {
            date: e.date,
            kind: 'move' as const,
            start: e.movedStart.getTime(),
            durationMinutes: e.movedDurationMinutes ?? m.durationMinutes,
          }
        : { date: e.date, kind: 'cancel' as const },
    ),
  };
}

/** When the listing falls due for a lead's check: its last verification (or creation) plus the group's cadence. */
export function verificationDueAt(m: Pick<MeetingRecord, 'lastVerifiedAt' | 'createdAt' | 'verificationCadenceDays'>): number {
  return (m.lastVerifiedAt ?? m.createdAt).getTime() + m.verificationCadenceDays * 86_400_000;
}

/** Overdue: nobody confirmed the listing within the group's cadence (ADR 0042). Search, feeds and BMLT show it. */
export function isUnverified(m: Pick<MeetingRecord, 'lastVerifiedAt' | 'createdAt' | 'verificationCadenceDays'>, nowMs: number): boolean {
  return verificationDueAt(m) <= nowMs;
}

export const hasConference = (m: Pick<MeetingRecord, 'conferenceUrl' | 'conferencePhone'>): boolean =>
  Boolean(m.conferenceUrl || m.conferencePhone);

/**
 * How one can attend on `date`, or null when the meeting does not take place then: a suspended meeting
 * does not meet; a temporarily closed one meets online only (when it has conference details), as
 * Meeting Guide reads TC. The status applies through `statusUntil`, if set.
 */
export function attendanceOn(m: MeetingRecord, date: string): AttendanceMode | null {
  if (m.status === 'active' || (m.statusUntil !== null && date > m.statusUntil)) return m.attendance;
  if (m.status === 'temporarily_closed' && hasConference(m)) return 'online';
  return null;
}

/** Whether the meeting can take place at all from `today` on (what decides that it has search slots). */
export function canOccur(m: Pick<MeetingRecord, 'status' | 'statusUntil' | 'conferenceUrl' | 'conferencePhone'>): boolean {
  return m.status === 'active' || m.statusUntil !== null || (m.status === 'temporarily_closed' && hasConference(m));
}

export const MAX_DURATION_MS = MAX_DURATION_MINUTES * 60_000;
