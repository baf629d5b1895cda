import { BMLT_FIELD_KEYS } from './bmlt-fields';

/** The answers' schemas in the OpenAPI document: every value a string, as BMLT sends it. */
const strings = (keys: readonly string[]): Record<string, { type: 'string' }> =>
  Object.fromEntries(keys.map((k) => [k, { type: 'string' as const }]));

const MEETING = {
  type: 'object',
  description: 'A BMLT meeting (one weekly listing); every value a string',
  properties: strings(BMLT_FIELD_KEYS),
};
const FORMAT = {
  type: 'object',
  description: 'A BMLT format',
  properties: strings([
    'key_string',
    'name_string',
    'description_string',
    'lang',
    'id',
    'world_id',
    'format_type_enum',
    'root_server_uri',
  ]),
};
const SERVICE_BODY = {
  type: 'object',
  description: 'A BMLT service body (a region of the listed places)',
  properties: strings(['id', 'parent_id', 'name', 'description', 'type', 'url', 'helpline', 'world_id']),
};
const SERVER_INFO = {
  type: 'object',
  description: 'GetServerInfo',
  properties: {
    ...strings([
      'version',
      'versionInt',
      'langs',
      'nativeLang',
      'centerLongitude',
      'centerLatitude',
      'centerZoom',
      'defaultDuration',
      'regionBias',
      'charSet',
      'distanceUnits',
      'semanticAdmin',
      'changesPerMeeting',
      'meeting_states_and_provinces',
      'meeting_counties_and_sub_provinces',
      'available_keys',
      'google_api_key',
    ]),
    auto_geocoding_enabled: { type: 'boolean' },
    county_auto_geocoding_enabled: { type: 'boolean' },
    zip_auto_geocoding_enabled: { type: 'boolean' },
    default_closed_status: { type: 'boolean' },
    aggregator_mode_enabled: { type: 'boolean' },
  },
};
const FIELD_KEY = {
  type: 'object',
  description: 'GetFieldKeys',
  properties: strings(['key', 'description']),
};
const FIELD_VALUE = {
  type: 'object',
  description: 'GetFieldValues: `ids` and the value under the field’s own key',
  additionalProperties: { type: 'string' },
};
const CHANGE = {
  type: 'object',
  description:
    'GetChanges: what changed and when, with the changed fields’ before and after where the log kept them; never ' +
    'who (`user_name` is a role, `user_id` empty)',
  properties: {
    ...strings([
      'date_int',
      'date_string',
      'change_type',
      'meeting_id',
      'meeting_name',
      'user_id',
      'user_name',
      'service_body_id',
      'meeting_exists',
      'details',
    ]),
    json_data: {
      type: 'object',
      description: 'The changed fields (BMLT’s names where one exists) before and after; `{}` when not kept',
      properties: {
        before: { type: 'object', additionalProperties: { type: 'string' } },
        after: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};
const COVERAGE = {
  type: 'object',
  description: 'GetCoverageArea',
  properties: strings([
    'nw_corner_longitude',
    'nw_corner_latitude',
    'se_corner_longitude',
    'se_corner_latitude',
  ]),
};
const TSML = {
  type: 'object',
  description: 'A Meeting Guide meeting (the `tsml` output of GetSearchResults)',
  properties: {
    ...strings([
      'name',
      'slug',
      'time',
      'end_time',
      'timezone',
      'group',
      'updated',
      'notes',
      'location',
      'formatted_address',
      'location_notes',
      'conference_url',
      'conference_url_notes',
      'conference_phone',
      'conference_phone_notes',
    ]),
    day: { type: 'integer', minimum: 0, maximum: 6 },
    latitude: { type: 'number' },
    longitude: { type: 'number' },
    types: { type: 'array', items: { type: 'string' } },
    regions: { type: 'array', items: { type: 'string' } },
    unverified: {
      type: 'boolean',
      enum: [true],
      description:
        'Present (true) only when no lead confirmed the listing within its cadence, as the Meeting Guide feed',
    },
  },
};

const array = (items: unknown): Record<string, unknown> => ({ type: 'array', items });

/** The 200 of `GET /client_interface/{format}/`: one of these by `switcher` (JSONP wraps it in `callback(…);`). */
export const BMLT_RESPONSE_SCHEMA = {
  anyOf: [
    array(MEETING),
    {
      type: 'object',
      properties: { meetings: array(MEETING), formats: array(FORMAT) },
      required: ['formats'],
    },
    array(FORMAT),
    array(SERVICE_BODY),
    array(SERVER_INFO),
    array(FIELD_KEY),
    array(FIELD_VALUE),
    array(CHANGE),
    array(COVERAGE),
    array(TSML),
  ],
};

/** The query parameters, documented (the answer to a parameter this list lacks is BMLT's: it is ignored). */
export const BMLT_QUERY_PARAMETERS: {
  name: string;
  description: string;
  enum?: string[];
  required?: boolean;
}[] = [
  { name: 'callback', description: 'jsonp only: a plain JavaScript identifier' },
  { name: 'meeting_ids', description: 'GetSearchResults: listing ids, comma separated; negative excludes' },
  {
    name: 'weekdays',
    description: '1 = Sunday … 7 = Saturday, comma separated (or weekdays[]); negative excludes',
  },
  { name: 'venue_types', description: '1 in person, 2 virtual, 3 hybrid; negative excludes' },
  { name: 'formats', description: 'Format ids (GetFormats); negative excludes' },
  {
    name: 'formats_comparison_operator',
    description: 'AND (default): every included format; OR: any',
    enum: ['AND', 'OR'],
  },
  { name: 'services', description: 'Service body ids; negative excludes' },
  { name: 'recursive', description: '1: services include their descendants', enum: ['0', '1'] },
  { name: 'SearchString', description: 'Free text in the name, group, place and address' },
  { name: 'StartsAfterH', description: 'Starts strictly after H:M, in the meeting’s own zone' },
  { name: 'StartsAfterM', description: 'See StartsAfterH' },
  { name: 'StartsBeforeH', description: 'Starts strictly before H:M, in the meeting’s own zone' },
  { name: 'StartsBeforeM', description: 'See StartsBeforeH' },
  { name: 'EndsBeforeH', description: 'Ends at or before H:M' },
  { name: 'EndsBeforeM', description: 'See EndsBeforeH' },
  { name: 'MinDurationH', description: 'Lasts at least H:M' },
  { name: 'MinDurationM', description: 'See MinDurationH' },
  { name: 'MaxDurationH', description: 'Lasts at most H:M' },
  { name: 'MaxDurationM', description: 'See MaxDurationH' },
  { name: 'lat_val', description: 'Latitude of the centre' },
  { name: 'long_val', description: 'Longitude of the centre' },
  { name: 'geo_width', description: 'Radius in miles; -N: the smallest radius holding at least N meetings' },
  { name: 'geo_width_km', description: 'Radius in km; -N: the smallest radius holding at least N meetings' },
  { name: 'sort_results_by_distance', description: '1: nearest first', enum: ['0', '1'] },
  { name: 'sort_keys', description: 'Field keys to sort by, comma separated' },
  { name: 'sort_key', description: 'weekday, time, town, state or weekday_state' },
  {
    name: 'meeting_key',
    description:
      'A field key: exact match with meeting_key_value (GetSearchResults), or the field of GetFieldValues',
  },
  { name: 'meeting_key_value', description: 'See meeting_key' },
  { name: 'data_field_key', description: 'Only these fields in each meeting, comma separated' },
  { name: 'page_size', description: 'Meetings per page' },
  { name: 'page_num', description: 'Page, from 1' },
  {
    name: 'get_used_formats',
    description: '1: { meetings, formats } with the formats the meetings use',
    enum: ['0', '1'],
  },
  { name: 'get_formats_only', description: '1: { formats } only', enum: ['0', '1'] },
  { name: 'lang_enum', description: 'Language of format names (en)' },
  { name: 'format_ids', description: 'GetFormats: ids, negative excludes' },
  { name: 'key_strings', description: 'GetFormats: key strings' },
  { name: 'show_all', description: 'GetFormats: accepted (every format is listed)', enum: ['0', '1'] },
  { name: 'parents', description: 'GetServiceBodies: 1 adds the ancestors of services', enum: ['0', '1'] },
  { name: 'specific_formats', description: 'GetFieldValues: only meetings with any of these format ids' },
  { name: 'all_formats', description: 'GetFieldValues: 1 ignores specific_formats', enum: ['0', '1'] },
  { name: 'start_date', description: 'GetChanges: from this UTC date (YYYY-MM-DD)' },
  { name: 'end_date', description: 'GetChanges: to this UTC date, inclusive' },
  { name: 'meeting_id', description: 'GetChanges: one meeting (any of its listing ids)' },
];
