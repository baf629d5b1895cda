/**
 * The fields of a BMLT meeting as this server sends them (all strings, BMLT's names), with what each holds here.
 * GetFieldKeys lists them; `data_field_key`, `meeting_key` and `sort_keys` accept only these.
 */
export const BMLT_MEETING_FIELDS = {
  id_bigint: 'Stable numeric id of one weekly listing (a meeting on two weekdays is two listings)',
  worldid_mixed: 'NAWS committee id (not kept: always empty)',
  shared_group_id_bigint: 'Not used (always empty)',
  service_body_bigint: 'Id of the service body (the most specific region of the place)',
  weekday_tinyint: 'Weekday in the meeting’s own zone, 1 = Sunday … 7 = Saturday',
  venue_type: '1 in person, 2 virtual, 3 hybrid',
  start_time: 'Local start, HH:MM:SS, in the meeting’s own zone',
  duration_time: 'HH:MM:SS',
  time_zone: 'IANA zone of the meeting',
  formats: 'Format key strings, comma separated',
  lang_enum: 'Primary language of the meeting',
  longitude: 'Longitude of the place',
  latitude: 'Latitude of the place',
  distance_in_km: 'Distance from lat_val/long_val (empty for an approximate place)',
  distance_in_miles: 'Distance from lat_val/long_val (empty for an approximate place)',
  meeting_name: 'Meeting name',
  location_text: 'Building or landmark',
  location_info: 'Notes about the place',
  location_street: 'Street address',
  location_city_subsection: 'Not used (always empty)',
  location_neighborhood: 'Not used (always empty)',
  location_municipality: 'City or town',
  location_sub_province: 'Not used (always empty)',
  location_province: 'State or province',
  location_postal_code_1: 'Postal code',
  location_nation: 'Country',
  comments: 'Notes about the meeting',
  train_lines: 'Not used (always empty)',
  bus_lines: 'Not used (always empty)',
  phone_meeting_number: 'Dial-in number of an online or hybrid meeting',
  virtual_meeting_link: 'Join link of an online or hybrid meeting',
  virtual_meeting_additional_info: 'Notes about joining online',
  root_server_uri: 'This server',
  format_shared_id_list: 'Format ids, comma separated',
  published: '"1": only published meetings are served',
  unverified:
    '"1" when no lead has confirmed the listing within its group’s verification cadence (overdue, ADR 0042), else "0"',
  reported:
    '"1" when enough members reported the listing as wrong and no lead has verified or edited it since, else "0"',
} as const;

export type BmltFieldKey = keyof typeof BMLT_MEETING_FIELDS;
export const BMLT_FIELD_KEYS = Object.keys(BMLT_MEETING_FIELDS) as BmltFieldKey[];
export const isBmltFieldKey = (key: string): key is BmltFieldKey => Object.hasOwn(BMLT_MEETING_FIELDS, key);

/** Fields present only when the search has a point (BMLT adds them with a radius or distance sort). */
export const DISTANCE_FIELDS: readonly BmltFieldKey[] = ['distance_in_km', 'distance_in_miles'];

/** Fields that hold numbers as strings: sorted as numbers. */
export const NUMERIC_FIELDS: ReadonlySet<string> = new Set([
  'id_bigint',
  'service_body_bigint',
  'weekday_tinyint',
  'venue_type',
  'longitude',
  'latitude',
  'distance_in_km',
  'distance_in_miles',
]);

export type BmltMeeting = Partial<Record<BmltFieldKey, string>>;

/** Our attendance → BMLT's `venue_type`. */
export const VENUE_TYPE: Record<string, string> = { in_person: '1', online: '2', hybrid: '3' };

const pad = (n: number): string => String(n).padStart(2, '0');
/** Minutes as BMLT's `HH:MM:SS`. */
export const hhmmss = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
