import { hhmmss, VENUE_TYPE } from './bmlt-fields';

/** A change log's `diff` (ADR 0042): each changed meeting field's value before and after. */
export type ChangeDiff = Record<string, { before: unknown; after: unknown }>;

/** A logged value as BMLT sends values: a string, lists comma separated, nothing as "". */
function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(text).join(',');
  return JSON.stringify(v);
}

/** One change-log field's value as BMLT meeting fields (strings); fields BMLT has no name for keep ours. */
function bmltValues(field: string, value: unknown): Record<string, string> {
  const obj = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  switch (field) {
    case 'name':
      return { meeting_name: text(value) };
    case 'timezone':
      return { time_zone: text(value) };
    case 'startTime':
      return { start_time: /^\d{2}:\d{2}$/.test(text(value)) ? `${text(value)}:00` : text(value) };
    case 'durationMinutes':
      return { duration_time: typeof value === 'number' ? hhmmss(value) : text(value) };
    case 'weekdays':
      return {
        weekday_tinyint: Array.isArray(value) ? value.map((d) => Number(d) + 1).join(',') : text(value),
      };
    case 'attendance':
      return { venue_type: VENUE_TYPE[text(value)] ?? '' };
    case 'languages':
      return { lang_enum: Array.isArray(value) ? text(value[0]).split('-')[0].toLowerCase() : text(value) };
    case 'notes':
      return { comments: text(value) };
    case 'conference': {
      const c = obj(value);
      return {
        virtual_meeting_link: text(c.url),
        virtual_meeting_additional_info: text(c.notes),
        phone_meeting_number: text(c.phone),
      };
    }
    case 'location': {
      const l = obj(value);
      return {
        location_text: text(l.name),
        location_street: text(l.address),
        location_municipality: text(l.city),
        location_province: text(l.state),
        location_postal_code_1: text(l.postalCode),
        location_nation: text(l.country),
        location_info: text(l.notes),
        latitude: text(l.lat),
        longitude: text(l.lng),
      };
    }
    default:
      return { [field]: text(value) };
  }
}

/** `json_data` of a change: `{ before, after }` of the changed fields (only those that differ), else `{}`. */
export function changeData(diff: ChangeDiff | null): {
  before?: Record<string, string>;
  after?: Record<string, string>;
} {
  if (!diff || Object.keys(diff).length === 0) return {};
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  for (const [field, change] of Object.entries(diff)) {
    const b = bmltValues(field, change?.before);
    const a = bmltValues(field, change?.after);
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (b[key] === a[key]) continue;
      before[key] = b[key] ?? '';
      after[key] = a[key] ?? '';
    }
  }
  return { before, after };
}
