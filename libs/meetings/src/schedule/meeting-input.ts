/**
 * The rules a meeting's fields obey together, whoever writes them (a lead through the API, an import):
 * turns a draft into the values stored, or says which field is wrong and what to do. Pure.
 */
import type { AttendanceMode, MeetingStatus } from '../entities/meeting.entity';
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../entities/meeting.entity';
import type { MeetingVocabulary } from './meeting-vocabulary';
import { isLocalDate, isLocalTime, isValidTimeZone, parseRecurrenceRule } from './schedule';

export type LocationValues = {
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

export type MeetingValues = {
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
  location: LocationValues | null;
};

export type LocationDraft = Partial<Omit<LocationValues, 'formattedAddress'>> & { formattedAddress?: string | null };

/** What a writer gives: anything may be missing; the rules say what must be there. */
export type MeetingDraft = {
  name?: string | null;
  timezone?: string | null;
  weekdays?: number[] | null;
  startTime?: string | null;
  durationMinutes?: number | null;
  rrule?: string | null;
  startsOn?: string | null;
  attendance?: AttendanceMode | null;
  status?: MeetingStatus | null;
  statusUntil?: string | null;
  types?: string[] | null;
  languages?: string[] | null;
  conferenceUrl?: string | null;
  conferenceUrlNotes?: string | null;
  conferencePhone?: string | null;
  conferencePhoneNotes?: string | null;
  notes?: string | null;
  location?: LocationDraft | null;
};

export class MeetingInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'MeetingInputError';
  }
}

export type NormalizeOptions = {
  vocabulary: MeetingVocabulary;
  fellowship: string;
  /** The local date today in the meeting's zone (startsOn's default). */
  today: (timezone: string) => string;
  /** `reject` for leads (say which code is unknown); `keep` for imports (kept and reported). */
  unknownTypes: 'reject' | 'keep';
};

export type Normalized = { values: MeetingValues; unknownTypes: string[] };

const text = (value: string | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};

/** A dial string without spaces and dashes: +16465588656,,123456789#. */
export const dialString = (phone: string | null | undefined): string | null => {
  const cleaned = text(phone)?.replace(/[\s-]/g, '') ?? null;
  return cleaned === '' ? null : cleaned;
};

export function normalizeMeeting(draft: MeetingDraft, options: NormalizeOptions): Normalized {
  const fail = (field: string, message: string): never => {
    throw new MeetingInputError(field, message);
  };
  const name = text(draft.name) ?? fail('name', 'name is needed');
  const timezone = draft.timezone ?? fail('timezone', 'timezone is needed: the IANA zone the meeting’s times are in, e.g. America/New_York');
  if (!isValidTimeZone(timezone)) fail('timezone', `timezone ${timezone} is not an IANA time zone such as Europe/London`);
  const startTime = draft.startTime ?? fail('startTime', 'startTime is needed: the local start, HH:MM');
  if (!isLocalTime(startTime)) fail('startTime', 'startTime must be a local time HH:MM (24 h), e.g. 19:00');
  const durationMinutes = draft.durationMinutes ?? 60;
  if (!Number.isInteger(durationMinutes) || durationMinutes < MIN_DURATION_MINUTES || durationMinutes > MAX_DURATION_MINUTES) {
    fail('durationMinutes', `durationMinutes must be ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}`);
  }

  let rrule: string | null = null;
  let weekdays = draft.weekdays ? [...new Set(draft.weekdays)].sort((a, b) => a - b) : null;
  if (weekdays && weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    fail('weekdays', 'weekdays must be 0 (Sunday) to 6 (Saturday)');
  }
  if (text(draft.rrule)) {
    const parsed = parseRecurrenceRule(draft.rrule as string);
    if ('error' in parsed) fail('rrule', parsed.error);
    const rule = parsed as { rule: string; weekdays: number[] };
    if (weekdays && weekdays.join() !== rule.weekdays.join()) {
      fail('weekdays', `weekdays (${weekdays.join(',')}) disagree with the rrule’s BYDAY (${rule.weekdays.join(',')}); send one or make them match`);
    }
    // A rule that says only "weekly on these days" is the plain schedule.
    rrule = /^FREQ=WEEKLY;BYDAY=[A-Z,]+$/.test(rule.rule) ? null : rule.rule;
    weekdays = rule.weekdays;
  }
  if (!weekdays || weekdays.length === 0) {
    fail('weekdays', 'weekdays is needed (0 = Sunday … 6 = Saturday), or an rrule for other schedules');
  }

  const startsOn = draft.startsOn ?? options.today(timezone);
  if (!isLocalDate(startsOn)) fail('startsOn', 'startsOn must be a date YYYY-MM-DD');

  const attendance = draft.attendance ?? fail('attendance', 'attendance is needed: in_person, online or hybrid');
  const status = draft.status ?? 'active';
  const statusUntil = status === 'active' ? null : (draft.statusUntil ?? null);
  if (status === 'active' && draft.statusUntil) {
    fail('statusUntil', 'statusUntil goes with status temporarily_closed or suspended; an active meeting has none');
  }
  if (statusUntil !== null && !isLocalDate(statusUntil)) fail('statusUntil', 'statusUntil must be a date YYYY-MM-DD');

  // Types: known codes in their canonical spelling; language codes become languages; TC is a status.
  const languages = new Set((draft.languages ?? []).map((l) => l.trim()).filter(Boolean));
  const types: string[] = [];
  const unknown: string[] = [];
  for (const raw of draft.types ?? []) {
    const code = raw.trim();
    if (!code) continue;
    const row = options.vocabulary.find(code, options.fellowship);
    if (!row) {
      if (options.unknownTypes === 'reject') {
        fail('types', `type code ${code} is not one Homegroup knows for ${options.fellowship} (GET /meeting-types lists them)`);
      }
      unknown.push(code);
      if (!types.includes(code)) types.push(code);
      continue;
    }
    if (row.category === 'language' && row.language) {
      languages.add(row.language);
      continue;
    }
    if (row.meetingGuideCode === 'TC') {
      if (options.unknownTypes === 'reject') fail('types', 'TC is a status: set status temporarily_closed instead');
      continue;
    }
    if (!types.includes(row.code)) types.push(row.code);
  }

  const conferenceUrl = text(draft.conferenceUrl);
  const conferencePhone = dialString(draft.conferencePhone);
  if (attendance !== 'in_person' && !conferenceUrl && !conferencePhone) {
    fail('conference', `an ${attendance === 'online' ? 'online' : 'hybrid'} meeting needs conference.url or conference.phone`);
  }

  let location: LocationValues | null = null;
  if (draft.location) {
    const l = draft.location;
    const formattedAddress =
      text(l.formattedAddress) ??
      ([l.address, l.city, l.state, l.postalCode, l.country].map(text).filter(Boolean).join(', ') ||
        fail('location.formattedAddress', 'location.formattedAddress is needed: the address as one line'));
    const lat = l.lat ?? null;
    const lng = l.lng ?? null;
    if ((lat === null) !== (lng === null)) fail('location.lat', 'location.lat and location.lng go together');
    if (lat !== null && (lat < -90 || lat > 90)) fail('location.lat', 'location.lat must be between -90 and 90');
    if (lng !== null && (lng < -180 || lng > 180)) fail('location.lng', 'location.lng must be between -180 and 180');
    const locationZone = l.timezone ?? timezone;
    if (!isValidTimeZone(locationZone)) fail('location.timezone', `location.timezone ${locationZone} is not an IANA time zone`);
    location = {
      name: text(l.name),
      address: text(l.address),
      city: text(l.city),
      state: text(l.state),
      postalCode: text(l.postalCode),
      country: text(l.country),
      formattedAddress,
      lat,
      lng,
      approximate: l.approximate ?? false,
      timezone: locationZone,
      regions: (l.regions ?? []).map((r) => r.trim()).filter(Boolean),
      notes: text(l.notes),
    };
  }
  if (attendance !== 'online') {
    if (!location) fail('location', `an ${attendance === 'hybrid' ? 'hybrid' : 'in-person'} meeting needs a location`);
    if (location?.approximate) {
      fail('location.approximate', 'people go to an in-person or hybrid meeting: give its real address, not an approximate one');
    }
  }

  return {
    values: {
      name,
      timezone,
      weekdays: weekdays as number[],
      startTime,
      durationMinutes,
      rrule,
      startsOn,
      attendance,
      status,
      statusUntil,
      types,
      languages: [...languages],
      conferenceUrl,
      conferenceUrlNotes: text(draft.conferenceUrlNotes),
      conferencePhone,
      conferencePhoneNotes: text(draft.conferencePhoneNotes),
      notes: text(draft.notes),
      location,
    },
    unknownTypes: unknown,
  };
}
