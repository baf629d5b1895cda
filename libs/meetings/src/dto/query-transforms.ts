/** class-transformer helpers for query strings: lists as `a,b` or repeated keys, booleans as true/false. */

export const commaList = ({ value }: { value: unknown }): unknown => {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items)) return items;
  return items
    .flatMap((v: unknown) => (typeof v === 'string' ? v.split(',') : [v]))
    .map((v: unknown) => (typeof v === 'string' ? v.trim() : v))
    .filter((v: unknown) => v !== '');
};

export const queryBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

export const trimText = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Empty strings become undefined (optional text left blank). */
export const blankToNull = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? null : typeof value === 'string' ? value.trim() : value;
