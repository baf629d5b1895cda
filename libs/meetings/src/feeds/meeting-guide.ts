/**
 * The Meeting Guide JSON format (code4recovery/spec): a meeting to a feed item and a feed item to a
 * meeting draft. Pure; the field rules are in docs/adr/0016-meeting-guide-feeds-and-import.md and research §(b).
 */
import type { MeetingDraft } from '../schedule/meeting-input';
import type { MeetingVocabulary } from '../schedule/meeting-vocabulary';
import { MG } from '../schedule/meeting-vocabulary';
import type { MeetingRecord } from '../schedule/meeting-record';
import { formatLocalTime, isValidTimeZone, MINUTES_PER_DAY, parseLocalTime } from '../schedule/schedule';
import { MAX_DURATION_MINUTES } from '../entities/meeting.entity';

/** One meeting of a feed as we publish it (keys in the spec's own spelling). */
export type MeetingGuideItem = {
  name: string;
  slug: string;
  day: number | number[];
  time: string;
  end_time: string;
  timezone: string;
  formatted_address?: string;
  address?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
  approximate: 'yes' | 'no';
  latitude?: number;
  longitude?: number;
  regions?: string[];
  location?: string;
  location_notes?: string;
  conference_url?: string;
  conference_url_notes?: string;
  conference_phone?: string;
  conference_phone_notes?: string;
  types: string[];
  notes?: string;
  group?: string;
  updated: string;
  /** Homegroup's extra field (ADR 0042): present, true, when no lead confirmed the listing within its group's cadence. */
  unverified?: true;
};

/** "YYYY-MM-DD HH:MM:SS" in UTC. */
export function meetingGuideTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const put = <K extends keyof MeetingGuideItem>(item: MeetingGuideItem, key: K, value: MeetingGuideItem[K] | null | undefined): void => {
  if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) item[key] = value;
};

/**
 * A meeting as a feed item, or null when the format cannot carry it: Meeting Guide lists weekly meetings
 * only (RRULE schedules are in the iCal feeds), and a suspended meeting is not listed. Types are only
 * reserved codes: fellowship codes are mapped (OPEN → O), languages become their codes (es → S),
 * temporarily closed adds TC, anything else is left out. An online meeting shows a city-level place.
 */
export function toMeetingGuide(m: MeetingRecord, vocabulary: MeetingVocabulary): MeetingGuideItem | null {
  if (m.rrule !== null || m.status === 'suspended') return null;
  const types: string[] = [];
  const add = (code: string | undefined): void => {
    if (code && vocabulary.find(code)?.vocabulary === MG && !types.includes(code)) types.push(code);
  };
  for (const code of m.types) add(vocabulary.meetingGuideCode(code, m.fellowship));
  for (const language of m.languages) add(vocabulary.languageCode(language));
  if (m.status === 'temporarily_closed') add('TC');

  const item: MeetingGuideItem = {
    name: m.name,
    slug: m.slug,
    day: m.weekdays.length === 1 ? m.weekdays[0] : [...m.weekdays],
    time: m.startTime,
    end_time: formatLocalTime(parseLocalTime(m.startTime) + m.durationMinutes),
    timezone: m.timezone,
    approximate: 'yes',
    types,
    updated: meetingGuideTimestamp(m.updatedAt),
  };
  const l = m.location;
  if (l) {
    const cityLevel = m.attendance === 'online' && !l.approximate;
    if (cityLevel) {
      // An online meeting is placed by its area only (which also implies the zone), never a street.
      put(item, 'formatted_address', [l.city, l.state, l.country].filter(Boolean).join(', ') || l.formattedAddress);
      put(item, 'city', l.city);
      put(item, 'state', l.state);
      put(item, 'country', l.country);
    } else {
      put(item, 'formatted_address', l.formattedAddress);
      put(item, 'address', l.address);
      put(item, 'city', l.city);
      put(item, 'state', l.state);
      put(item, 'postal_code', l.postalCode);
      put(item, 'country', l.country);
      item.approximate = l.approximate ? 'yes' : 'no';
      put(item, 'latitude', l.lat);
      put(item, 'longitude', l.lng);
    }
    put(item, 'regions', l.regions);
    put(item, 'location', l.name);
    put(item, 'location_notes', l.notes);
  }
  put(item, 'conference_url', m.conferenceUrl);
  put(item, 'conference_url_notes', m.conferenceUrlNotes);
  put(item, 'conference_phone', m.conferencePhone);
  put(item, 'conference_phone_notes', m.conferencePhoneNotes);
  put(item, 'notes', m.notes);
  put(item, 'group', m.groupName);
  // Key order as the spec lists them, so feeds diff cleanly.
  const order: (keyof MeetingGuideItem)[] = [
    'name', 'slug', 'day', 'time', 'end_time', 'timezone', 'formatted_address', 'address', 'city', 'state', 'postal_code',
    'country', 'approximate', 'latitude', 'longitude', 'regions', 'location', 'location_notes', 'conference_url',
    'conference_url_notes', 'conference_phone', 'conference_phone_notes', 'types', 'notes', 'group', 'updated',
  ];
  return Object.fromEntries(order.filter((k) => item[k] !== undefined).map((k) => [k, item[k]])) as MeetingGuideItem;
}

// --- import ------------------------------------------------------------------------------------

export type ParsedFeedItem = {
  slug: string;
  group: string | null;
  draft: MeetingDraft;
  /** The feed's `updated`, when it has a valid one. */
  updated: Date | null;
  warnings: string[];
};

export type FeedItemRejection = { slug?: string; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** "7:00", "07:00", "19:00:00" → "07:00" / "19:00"; null when it is not a time. */
export function feedTime(value: unknown): string | null {
  const text = str(value);
  const m = text ? /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text) : null;
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${m[2]}`;
}

/** `day` as a number, a numeric string, or an array of them; null when absent or not 0–6. */
function feedDays(value: unknown): number[] | null | 'invalid' {
  if (value === undefined || value === null || value === '') return null;
  const list = Array.isArray(value) ? value : [value];
  const days = list.map(num);
  if (days.length === 0 || days.some((d) => d === null || !Number.isInteger(d) || d < 0 || d > 6)) return 'invalid';
  return [...new Set(days as number[])].sort((a, b) => a - b);
}

/** "yes"/"no", true/false, "true"/"false"; undefined when absent. */
function feedBoolean(value: unknown): boolean | undefined | 'invalid' {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'yes' || value === 'true' || value === 1 || value === '1') return true;
  if (value === false || value === 'no' || value === 'false' || value === 0 || value === '0') return false;
  return 'invalid';
}

function feedTypes(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(str).filter((t): t is string => t !== null);
  const text = str(value);
  return text ? text.split(',').map((t) => t.trim()).filter(Boolean) : [];
}

/** "YYYY-MM-DD HH:MM:SS" (UTC) → Date. */
function feedUpdated(value: unknown): Date | null {
  const text = str(value);
  if (!text || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/.test(text)) return null;
  const date = new Date(`${text.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * One feed item to a meeting draft, leniently: `day` a number or an array, `regions` or
 * `region`/`sub_region`, `approximate` a string or a boolean, `latitude`/`longitude` or `coordinates`
 * "lat,lng", a missing timezone taken from `defaultTimezone` (and said so). Attendance is derived the way
 * the spec does (conference details + a precise address = hybrid, + none or an approximate one = online);
 * TC becomes the temporarily_closed status; the legacy ONL code is dropped.
 */
export function fromMeetingGuide(raw: unknown, defaultTimezone: string | undefined): ParsedFeedItem | FeedItemRejection {
  if (!isRecord(raw)) return { reason: 'not a JSON object' };
  const slug = str(raw.slug);
  if (!slug) return { reason: 'slug is missing: every meeting needs a slug that is unique in the feed' };
  if (slug.length > 200) return { slug: slug.slice(0, 60), reason: 'slug is longer than 200 characters' };
  const reject = (reason: string): FeedItemRejection => ({ slug, reason });
  const warnings: string[] = [];

  const name = str(raw.name);
  if (!name) return reject('name is missing');
  if (name.length > 200) return reject('name is longer than 200 characters');
  const days = feedDays(raw.day);
  if (days === null) return reject('day is missing: meetings by appointment (no day and time) are not listed');
  if (days === 'invalid') return reject(`day ${JSON.stringify(raw.day)} is not 0 (Sunday) to 6 (Saturday), or an array of them`);
  const time = feedTime(raw.time);
  if (!time) return reject(`time ${JSON.stringify(raw.time ?? null)} is not HH:MM`);
  let duration = 60;
  if (raw.end_time !== undefined && raw.end_time !== null && raw.end_time !== '') {
    const end = feedTime(raw.end_time);
    if (!end) return reject(`end_time ${JSON.stringify(raw.end_time)} is not HH:MM`);
    duration = (parseLocalTime(end) - parseLocalTime(time) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    if (duration === 0) return reject('end_time is the same as time');
    if (duration > MAX_DURATION_MINUTES) return reject(`the meeting would last ${duration} minutes (end_time ${end}); at most ${MAX_DURATION_MINUTES}`);
  }

  let timezone = str(raw.timezone);
  if (timezone && !isValidTimeZone(timezone)) return reject(`timezone ${timezone} is not an IANA time zone such as America/Chicago`);
  if (!timezone) {
    if (!defaultTimezone) return reject('timezone is missing and the import has no default: send "timezone" with the import');
    timezone = defaultTimezone;
    warnings.push(`no timezone: used the import's default ${defaultTimezone}`);
  }

  let lat = num(raw.latitude);
  let lng = num(raw.longitude);
  const coordinates = str(raw.coordinates);
  if ((lat === null || lng === null) && coordinates) {
    const parts = coordinates.split(',').map((p) => num(p.trim()));
    if (parts.length !== 2 || parts[0] === null || parts[1] === null) return reject(`coordinates "${coordinates}" is not "lat,lng"`);
    [lat, lng] = parts as [number, number];
  }
  if ((lat === null) !== (lng === null)) return reject('latitude and longitude go together');
  if (lat !== null && (lat < -90 || lat > 90 || lng! < -180 || lng! > 180)) return reject('latitude/longitude are out of range');
  if (lat === 0 && lng === 0) {
    lat = null;
    lng = null;
    warnings.push('coordinates 0,0 ignored');
  }

  const atomic = [raw.address, raw.city, raw.state, raw.postal_code, raw.country].map(str);
  const formattedAddress = str(raw.formatted_address) ?? (atomic.filter(Boolean).join(', ') || null);
  let approximate = feedBoolean(raw.approximate);
  if (approximate === 'invalid') return reject(`approximate ${JSON.stringify(raw.approximate)} is not "yes" or "no"`);
  const conferenceUrl = str(raw.conference_url);
  const conferencePhone = str(raw.conference_phone);
  const online = Boolean(conferenceUrl || conferencePhone);
  // Not said: a meeting without conference details is somewhere real; with them, TSML UI's reading
  // applies (fewer than 4 comma-separated parts is a city, not a street address).
  approximate ??= online && formattedAddress !== null && formattedAddress.split(',').filter((p) => p.trim()).length < 4;

  const regions = Array.isArray(raw.regions)
    ? raw.regions.map(str).filter((r): r is string => r !== null)
    : [raw.region, raw.sub_region, raw.sub_sub_region].map(str).filter((r): r is string => r !== null);

  if (conferenceUrl && !/^https?:\/\/[^\s]+$/i.test(conferenceUrl)) return reject('conference_url is not an http(s) link');
  const attendance = !online ? 'in_person' : formattedAddress && !approximate ? 'hybrid' : 'online';

  // The columns' limits, checked here so a row that does not fit is rejected with a reason, not a server error.
  const limits: [string, unknown, number][] = [
    ['location', raw.location, 200],
    ['address', raw.address, 200],
    ['city', raw.city, 100],
    ['state', raw.state, 100],
    ['postal_code', raw.postal_code, 20],
    ['country', raw.country, 64],
    ['formatted_address', formattedAddress, 400],
    ['location_notes', raw.location_notes, 2000],
    ['notes', raw.notes, 4000],
    ['conference_url', conferenceUrl, 500],
    ['conference_url_notes', raw.conference_url_notes, 500],
    ['conference_phone', conferencePhone, 64],
    ['conference_phone_notes', raw.conference_phone_notes, 500],
  ];
  for (const [field, value, max] of limits) {
    if ((str(value)?.length ?? 0) > max) return reject(`${field} is longer than ${max} characters`);
  }

  const rawTypes = feedTypes(raw.types);
  const closed = rawTypes.some((t) => t.toUpperCase() === 'TC');
  const types = rawTypes.filter((t) => !['TC', 'ONL'].includes(t.toUpperCase()));

  const draft: MeetingDraft = {
    name,
    timezone,
    weekdays: days,
    startTime: time,
    durationMinutes: duration,
    attendance,
    status: closed ? 'temporarily_closed' : 'active',
    types,
    languages: [],
    conferenceUrl,
    conferenceUrlNotes: str(raw.conference_url_notes),
    conferencePhone,
    conferencePhoneNotes: str(raw.conference_phone_notes),
    notes: str(raw.notes),
    location: formattedAddress
      ? {
          name: str(raw.location),
          address: atomic[0],
          city: atomic[1],
          state: atomic[2],
          postalCode: atomic[3],
          country: atomic[4],
          formattedAddress,
          lat,
          lng,
          approximate,
          timezone,
          regions,
          notes: str(raw.location_notes),
        }
      : null,
  };
  return { slug, group: str(raw.group), draft, updated: feedUpdated(raw.updated), warnings };
}
