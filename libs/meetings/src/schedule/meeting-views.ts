import type { ReportReason } from '../entities/meeting-report.entity';
import type { MeetingResponseDto } from './dto/meeting.response.dto';
import { attendanceOn, hasConference, isUnverified, scheduleOf, verificationDueAt, type MeetingRecord } from './meeting-record';
import {
  formatLocalInstant,
  formatLocalTime,
  localParts,
  nextOccurrence,
  parseLocalTime,
  type Occurrence,
} from './schedule';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The next occurrence that takes place (not cancelled, not while suspended or closed without a link). */
export function nextTakingPlace(m: MeetingRecord, fromMs: number): Occurrence | undefined {
  return nextOccurrence(scheduleOf(m), fromMs, (o) => attendanceOn(m, o.date) !== null, 400);
}

/** A meeting as the API shows it, with its next occurrence (computed when not given). */
export function meetingView(m: MeetingRecord, nowMs: number, next?: Occurrence | null): MeetingResponseDto {
  const occurrence = next === undefined ? nextTakingPlace(m, nowMs) : (next ?? undefined);
  const today = localParts(m.timezone, nowMs).date;
  return {
    id: m.id,
    slug: m.slug,
    name: m.name,
    group: { id: m.groupId, name: m.groupName },
    fellowship: m.fellowship,
    timezone: m.timezone,
    weekdays: m.weekdays,
    startTime: m.startTime,
    endTime: formatLocalTime(parseLocalTime(m.startTime) + m.durationMinutes),
    durationMinutes: m.durationMinutes,
    rrule: m.rrule,
    startsOn: m.startsOn,
    attendance: m.attendance,
    status: m.status,
    statusUntil: m.statusUntil,
    types: m.types,
    languages: m.languages,
    location: m.location && {
      name: m.location.name,
      address: m.location.address,
      city: m.location.city,
      state: m.location.state,
      postalCode: m.location.postalCode,
      country: m.location.country,
      formattedAddress: m.location.formattedAddress,
      lat: m.location.lat,
      lng: m.location.lng,
      approximate: m.location.approximate,
      timezone: m.location.timezone,
      regions: m.location.regions,
      notes: m.location.notes,
    },
    conference: hasConference(m) || m.conferenceUrlNotes || m.conferencePhoneNotes
      ? {
          url: m.conferenceUrl,
          notes: m.conferenceUrlNotes,
          phone: m.conferencePhone,
          phoneNotes: m.conferencePhoneNotes,
        }
      : null,
    notes: m.notes,
    lastVerifiedAt: m.lastVerifiedAt ? m.lastVerifiedAt.toISOString() : null,
    verificationDueAt: iso(verificationDueAt(m)),
    unverified: isUnverified(m, nowMs),
    reported: m.reportedAt !== null,
    reportedReasons: m.reportedAt !== null ? (m.reportedReasons as ReportReason[]) : [],
    updatedAt: m.updatedAt.toISOString(),
    exceptions: m.exceptions
      .filter((e) => e.date >= today || (e.movedStart && e.movedStart.getTime() >= nowMs))
      .map((e) => ({
        id: e.id,
        date: e.date,
        kind: e.kind,
        ...(e.kind === 'move' && e.movedStart
          ? {
              movedStart: e.movedStart.toISOString(),
              movedStartLocal: formatLocalInstant(m.timezone, e.movedStart.getTime()),
              durationMinutes: e.movedDurationMinutes ?? m.durationMinutes,
            }
          : {}),
        note: e.note,
      })),
    nextStart: occurrence ? iso(occurrence.start) : null,
    nextEnd: occurrence ? iso(occurrence.end) : null,
    nextStartLocal: occurrence ? formatLocalInstant(m.timezone, occurrence.start) : null,
  };
}
