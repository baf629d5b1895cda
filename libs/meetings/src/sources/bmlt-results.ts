/**
 * A BMLT root server's `GetSearchResults` JSON (a bare array of meetings, or `{ meetings, formats }` when
 * `get_used_formats` was asked) mapped to Meeting Guide items, which the importer reads (ADR 0043). BMLT sends every
 * value as a string; `weekday_tinyint` is 1 (Sunday) to 7; `venue_type` 1 in person, 2 virtual, 3 hybrid.
 */
type Row = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

function hhmm(value: unknown): string | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text(value) ?? '');
  return match ? `${match[1].padStart(2, '0')}:${match[2]}` : undefined;
}

function endTime(start: string | undefined, duration: unknown): string | undefined {
  const d = hhmm(duration);
  if (!start || !d) return undefined;
  const [sh, sm] = start.split(':').map(Number);
  const [dh, dm] = d.split(':').map(Number);
  const minutes = (sh * 60 + sm + dh * 60 + dm) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The meetings of a GetSearchResults answer, or null when it is not one. */
export function bmltMeetings(json: unknown): Row[] | null {
  const list = Array.isArray(json) ? json : json && typeof json === 'object' ? (json as { meetings?: unknown }).meetings : undefined;
  if (!Array.isArray(list)) return null;
  return list as Row[];
}

export function fromBmlt(row: unknown): unknown {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return row; // the importer rejects it with its reason
  const r = row as Row;
  const weekday = Number(text(r.weekday_tinyint));
  const time = hhmm(r.start_time);
  const venue = text(r.venue_type);
  const virtualOnly = venue === '2';
  const lat = Number(text(r.latitude));
  const lng = Number(text(r.longitude));
  const hasPlace = Number.isFinite(lat) && Number.isFinite(lng) && !(lat === 0 && lng === 0);
  return {
    slug: text(r.id_bigint),
    name: text(r.meeting_name),
    day: Number.isInteger(weekday) && weekday >= 1 && weekday <= 7 ? weekday - 1 : text(r.weekday_tinyint),
    time: time ?? text(r.start_time),
    end_time: endTime(time, r.duration_time),
    timezone: text(r.time_zone),
    location: text(r.location_text),
    location_notes: text(r.location_info),
    address: text(r.location_street),
    city: text(r.location_municipality),
    state: text(r.location_province),
    postal_code: text(r.location_postal_code_1),
    country: text(r.location_nation),
    latitude: hasPlace ? lat : undefined,
    longitude: hasPlace ? lng : undefined,
    // A virtual meeting's address (if any) is only where it is based: approximate, so it lists as online.
    approximate: virtualOnly ? 'yes' : undefined,
    conference_url: text(r.virtual_meeting_link),
    conference_url_notes: text(r.virtual_meeting_additional_info),
    conference_phone: text(r.phone_meeting_number),
    notes: text(r.comments),
    types: (text(r.formats) ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
    group: text(r.meeting_name),
  };
}
