import { badRequest, type FieldError } from '@homegroup/operations';
import { isBmltFieldKey, type BmltFieldKey } from './bmlt-fields';

/**
 * BMLT's query parameters, read the way BMLT clients send them: `weekdays[]=2&weekdays[]=3` or `weekdays=2,3`,
 * negative ids meaning "not", flags as "1"/"0". Pure; every mistake is collected and thrown as the API's one 400
 * (`badRequest`, naming each parameter). Parameters BMLT has and this server does not use are ignored, as BMLT does.
 */

export const SWITCHERS = [
  'GetSearchResults',
  'GetFormats',
  'GetServiceBodies',
  'GetServerInfo',
  'GetFieldKeys',
  'GetFieldValues',
  'GetChanges',
  'GetCoverageArea',
] as const;
export type Switcher = (typeof SWITCHERS)[number];

export const OUTPUT_FORMATS = ['json', 'jsonp', 'tsml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type Query = Record<string, unknown>;

/** Included and excluded values of a ± list. */
export type IncludeExclude = { include: number[]; exclude: number[] };

export type SearchParams = {
  meetingIds: IncludeExclude;
  /** Local weekdays, 0 = Sunday (BMLT's 1–7 shifted). */
  weekdays: IncludeExclude;
  venueTypes: IncludeExclude;
  formats: IncludeExclude;
  formatsOperator: 'AND' | 'OR';
  services: IncludeExclude;
  recursive: boolean;
  searchString?: string;
  /** Minutes after local midnight. */
  startsAfter?: number;
  startsBefore?: number;
  endsBefore?: number;
  minDuration?: number;
  maxDuration?: number;
  point?: { lat: number; lng: number };
  /** A radius in km, or the auto radius: the smallest radius holding at least `atLeast` meetings. */
  radius?: { km: number } | { atLeast: number; unit: 'mi' | 'km' };
  distanceUnit: 'mi' | 'km';
  sortByDistance: boolean;
  sortKeys?: BmltFieldKey[];
  keyValue?: { key: BmltFieldKey; value: string };
  fields?: BmltFieldKey[];
  page?: { size: number; num: number };
  usedFormats: boolean;
  formatsOnly: boolean;
  lang: string;
};

export type ChangesParams = { from?: string; to?: string; meetingId?: number };

export const KM_PER_MILE = 1.609344;
const MAX_LIST = 500;
const MAX_TEXT = 200;

class Reader {
  readonly errors: FieldError[] = [];
  constructor(private readonly query: Query) {}

  fail(field: string, message: string): undefined {
    this.errors.push({ field, messages: [message] });
    return undefined;
  }

  /** Every value given for `name` (also `name[]`), split on commas, trimmed, empty parts dropped. */
  list(name: string): string[] | undefined {
    const raw = [this.query[name], this.query[`${name}[]`]].flat().filter((v) => v !== undefined);
    if (raw.length === 0) return undefined;
    const out: string[] = [];
    for (const value of raw) {
      if (typeof value !== 'string' || !this.clean(name, value)) return undefined;
      out.push(
        ...value
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v.length > 0),
      );
    }
    if (out.length > MAX_LIST) return this.fail(name, `${name} lists more than ${MAX_LIST} values`);
    return out;
  }

  /** One value (the last one when repeated, as PHP reads a query string). */
  text(name: string, max = MAX_TEXT): string | undefined {
    let value = this.query[name];
    if (Array.isArray(value)) value = value.at(-1);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !this.clean(name, value)) return undefined;
    if (value.length > max) return this.fail(name, `${name} must be at most ${max} characters`);
    return value.trim();
  }

  private clean(name: string, value: string): boolean {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value) || !value.isWellFormed()) {
      this.fail(name, `${name} must not contain control characters`);
      return false;
    }
    return true;
  }

  int(name: string, min: number, max: number): number | undefined {
    const value = this.text(name, 20);
    if (value === undefined || value === '') return undefined;
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      return this.fail(name, `${name} must be a whole number from ${min} to ${max}`);
    }
    return Number(value);
  }

  number(name: string, min: number, max: number): number | undefined {
    const value = this.text(name, 40);
    if (value === undefined || value === '') return undefined;
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value) || Number(value) < min || Number(value) > max) {
      return this.fail(name, `${name} must be a number from ${min} to ${max}`);
    }
    return Number(value);
  }

  /** "1" or "0"; present without a value (`&get_used_formats&`, as crouton sends it) is "1", as BMLT's isset reads it. */
  flag(name: string): boolean {
    const value = this.text(name, 5);
    if (value === undefined) return false;
    if (value === '') return true;
    if (value !== '0' && value !== '1') return this.fail(name, `${name} must be 1 or 0`) ?? false;
    return value === '1';
  }

  /** A ± list of whole numbers; `range` bounds the absolute value. */
  signed(name: string, range: [number, number]): IncludeExclude {
    const out: IncludeExclude = { include: [], exclude: [] };
    for (const value of this.list(name) ?? []) {
      const n = Number(value);
      if (
        !/^-?\d+$/.test(value) ||
        !Number.isSafeInteger(n) ||
        Math.abs(n) < range[0] ||
        Math.abs(n) > range[1]
      ) {
        this.fail(name, `${name} must be whole numbers from ${range[0]} to ${range[1]}, negative to exclude`);
        return out;
      }
      (n < 0 ? out.exclude : out.include).push(Math.abs(n));
    }
    return out;
  }

  fieldKeys(name: string): BmltFieldKey[] | undefined {
    const keys = this.list(name);
    if (keys === undefined) return undefined;
    const unknown = keys.filter((k) => !isBmltFieldKey(k));
    if (unknown.length)
      return this.fail(
        name,
        `${name} names unknown fields: ${unknown.slice(0, 5).join(', ')} (see GetFieldKeys)`,
      );
    return keys as BmltFieldKey[];
  }

  /** H and M parameters (`StartsAfterH`, `StartsAfterM`) as minutes, when either is given. */
  clock(prefix: string, maxHours = 23): number | undefined {
    const h = this.int(`${prefix}H`, 0, maxHours);
    const m = this.int(`${prefix}M`, 0, 59);
    if (h === undefined && m === undefined) return undefined;
    return (h ?? 0) * 60 + (m ?? 0);
  }

  done(): void {
    if (this.errors.length) throw badRequest(this.errors);
  }
}

export function parseSwitcher(query: Query): Switcher {
  const r = new Reader(query);
  const value = r.text('switcher', 40);
  if (!value || !(SWITCHERS as readonly string[]).includes(value)) {
    r.fail('switcher', `switcher must be one of ${SWITCHERS.join(', ')}`);
  }
  r.done();
  return value as Switcher;
}

/** A JSONP callback: a plain identifier only (no dots, brackets or calls), so the answer is never script of the caller's making. */
export function parseCallback(query: Query): string {
  const r = new Reader(query);
  const callback = r.text('callback', 64);
  if (r.errors.length === 0 && (!callback || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(callback))) {
    r.fail(
      'callback',
      'callback must be a plain JavaScript identifier (letters, digits, _ and $; at most 64)',
    );
  }
  r.done();
  return callback as string;
}

const SORT_KEY_PRESETS: Record<string, BmltFieldKey[]> = {
  weekday: ['weekday_tinyint', 'start_time'],
  time: ['start_time', 'weekday_tinyint'],
  town: ['location_municipality', 'weekday_tinyint', 'start_time'],
  state: ['location_province', 'location_municipality', 'weekday_tinyint', 'start_time'],
  weekday_state: ['weekday_tinyint', 'location_province', 'location_municipality', 'start_time'],
};

export function parseSearch(query: Query): SearchParams {
  const r = new Reader(query);
  const weekdays = r.signed('weekdays', [1, 7]);
  const operator = r.text('formats_comparison_operator', 3)?.toUpperCase() || 'AND';
  if (operator !== 'AND' && operator !== 'OR')
    r.fail('formats_comparison_operator', 'formats_comparison_operator must be AND or OR');

  const lat = r.number('lat_val', -90, 90);
  const lng = r.number('long_val', -180, 180);
  const miles = r.number('geo_width', -20000, 20000);
  const km = r.number('geo_width_km', -20000, 20000);
  let radius: SearchParams['radius'];
  let distanceUnit: 'mi' | 'km' = 'mi';
  if (miles !== undefined && km !== undefined)
    r.fail('geo_width', 'give geo_width (miles) or geo_width_km, not both');
  const width = km ?? miles;
  if (width !== undefined) {
    const field = km !== undefined ? 'geo_width_km' : 'geo_width';
    distanceUnit = km !== undefined ? 'km' : 'mi';
    if (lat === undefined || lng === undefined) r.fail(field, `${field} needs lat_val and long_val`);
    if (width > 0) radius = { km: km ?? width * KM_PER_MILE };
    else if (width < 0 && Number.isInteger(width) && width >= -1000)
      radius = { atLeast: -width, unit: distanceUnit };
    else
      r.fail(
        field,
        `${field} must be a positive radius, or a negative whole number -N (down to -1000): the smallest radius holding at least N meetings`,
      );
  }
  if ((lat === undefined) !== (lng === undefined))
    r.fail(lat === undefined ? 'lat_val' : 'long_val', 'lat_val and long_val go together');
  const point = lat !== undefined && lng !== undefined ? { lat, lng } : undefined;

  const keyName = r.text('meeting_key', 60);
  const keyValue = r.text('meeting_key_value');
  let keyFilter: SearchParams['keyValue'];
  if (keyName) {
    if (!isBmltFieldKey(keyName))
      r.fail('meeting_key', 'meeting_key must be one of the field keys (see GetFieldKeys)');
    else if (keyValue === undefined) r.fail('meeting_key_value', 'meeting_key needs meeting_key_value');
    else keyFilter = { key: keyName, value: keyValue };
  }

  let sortKeys = r.fieldKeys('sort_keys');
  const preset = r.text('sort_key', 20);
  if (!sortKeys && preset) {
    sortKeys = SORT_KEY_PRESETS[preset];
    if (!sortKeys) r.fail('sort_key', `sort_key must be one of ${Object.keys(SORT_KEY_PRESETS).join(', ')}`);
  }

  const pageSize = r.int('page_size', 1, 100_000);
  const pageNum = r.int('page_num', 1, 1_000_000);
  const lang = r.text('lang_enum', 10) || 'en';
  if (!/^[a-z]{2,3}$/.test(lang)) r.fail('lang_enum', 'lang_enum must be a language code such as en');

  const params: SearchParams = {
    meetingIds: r.signed('meeting_ids', [1, Number.MAX_SAFE_INTEGER]),
    weekdays: { include: weekdays.include.map((d) => d - 1), exclude: weekdays.exclude.map((d) => d - 1) },
    venueTypes: r.signed('venue_types', [1, 3]),
    formats: r.signed('formats', [1, 1_000_000]),
    formatsOperator: operator as 'AND' | 'OR',
    services: r.signed('services', [1, 2 ** 31]),
    recursive: r.flag('recursive'),
    searchString: r.text('SearchString') || undefined,
    startsAfter: r.clock('StartsAfter'),
    startsBefore: r.clock('StartsBefore'),
    endsBefore: r.clock('EndsBefore', 24),
    minDuration: r.clock('MinDuration', 24),
    maxDuration: r.clock('MaxDuration', 24),
    point,
    radius,
    distanceUnit,
    sortByDistance: r.flag('sort_results_by_distance'),
    sortKeys,
    keyValue: keyFilter,
    fields: r.fieldKeys('data_field_key'),
    page:
      pageSize !== undefined || pageNum !== undefined
        ? { size: pageSize ?? 100_000, num: pageNum ?? 1 }
        : undefined,
    usedFormats: r.flag('get_used_formats'),
    formatsOnly: r.flag('get_formats_only'),
    lang,
  };
  r.done();
  return params;
}

export function parseFormatsQuery(query: Query): { ids: IncludeExclude; keys?: string[]; showAll: boolean } {
  const r = new Reader(query);
  const out = {
    ids: r.signed('format_ids', [1, 1_000_000]),
    keys: r.list('key_strings'),
    showAll: r.flag('show_all'),
  };
  r.text('lang_enum', 10);
  r.done();
  return out;
}

export function parseServicesQuery(query: Query): {
  services: IncludeExclude;
  recursive: boolean;
  parents: boolean;
} {
  const r = new Reader(query);
  const out = {
    services: r.signed('services', [1, 2 ** 31]),
    recursive: r.flag('recursive'),
    parents: r.flag('parents'),
  };
  r.done();
  return out;
}

export function parseFieldValuesQuery(query: Query): { key: BmltFieldKey; formats?: number[] } {
  const r = new Reader(query);
  const key = r.text('meeting_key', 60);
  if (!key || !isBmltFieldKey(key))
    r.fail('meeting_key', 'meeting_key must be one of the field keys (see GetFieldKeys)');
  const formats = r.signed('specific_formats', [1, 1_000_000]).include;
  const all = r.flag('all_formats');
  r.done();
  return { key: key as BmltFieldKey, formats: formats.length && !all ? formats : undefined };
}

export function parseChanges(query: Query): ChangesParams {
  const r = new Reader(query);
  const date = (name: string): string | undefined => {
    const value = r.text(name, 10);
    if (!value) return undefined;
    const parsed = new Date(`${value}T00:00:00Z`);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
      Number.isNaN(parsed.getTime()) ||
      parsed.toISOString().slice(0, 10) !== value
    ) {
      return r.fail(name, `${name} must be a date, YYYY-MM-DD`);
    }
    return value;
  };
  const from = date('start_date');
  const to = date('end_date');
  const meetingId = r.int('meeting_id', 1, Number.MAX_SAFE_INTEGER);
  if (from && to && from > to) r.fail('end_date', 'end_date must not be before start_date');
  r.done();
  return { from, to, meetingId };
}
