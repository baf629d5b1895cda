import { Transform } from 'class-transformer';

/**
 * What every request body, query, path parameter and socket payload goes through before class-transformer
 * and class-validator see it (ADR 0023):
 * - nesting is bounded (class-transformer recurses, so ~2,000 levels overflowed the stack);
 * - text must be text a person wrote: no C0 control characters but tab, line feed and carriage return (NUL
 *   cannot be stored by PostgreSQL at all), no DEL, no lone UTF-16 surrogates (not Unicode; they turn into
 *   U+FFFD on the way to the database, so what was stored would not be what was sent).
 * The answer is a 400 that names the field, like every other validation error.
 *
 * The exception is the free text of a craving alert (its note, an acknowledgement's message, a resolution's
 * note): an alert must never fail because of its optional text, so those fields are cleaned instead (`@AlertText`).
 */

/** Deeper JSON than this is refused. Our deepest legitimate input (a Meeting Guide feed item) is 4 levels. */
export const MAX_INPUT_DEPTH = 32;

// eslint-disable-next-line no-control-regex -- these are exactly the characters refused
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex -- and removed from alert text
const CONTROL_CHARACTERS_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export type InputProblem = { field: string; message: string };

/** The nesting depth of a JSON value, stopping (iteratively: no recursion) as soon as it passes `limit`. */
export function exceedsDepth(value: unknown, limit = MAX_INPUT_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (depth > limit) return true;
    const children = Array.isArray(current) ? current : Object.values(current as Record<string, unknown>);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Why a text cannot be taken as it is, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (CONTROL_CHARACTERS.test(text)) return 'must not contain control characters such as NUL';
  if (!text.isWellFormed()) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}

/**
 * The first string (value or key) in `value` that is not acceptable text, with its path (`location.name`,
 * `meetings[3].slug`), skipping the top-level properties in `cleaned` (those are cleaned, not refused).
 */
export function findTextProblem(
  value: unknown,
  field = '',
  cleaned: ReadonlySet<string> = NO_FIELDS,
): InputProblem | undefined {
  const stack: [unknown, string, boolean][] = [[value, field, true]];
  while (stack.length > 0) {
    const [current, path, top] = stack.pop() as [unknown, string, boolean];
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { field: path || 'value', message: `${path || 'value'} ${problem}` };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push([current[i], `${path}[${i}]`, false]);
      continue;
    }
    for (const [key, child] of Object.entries(current as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      const keyProblem = textProblem(key);
      if (keyProblem) return { field: childPath, message: `a field name ${keyProblem}` };
      if (top && cleaned.has(key)) continue;
      stack.push([child, childPath, false]);
    }
  }
  return undefined;
}

const NO_FIELDS: ReadonlySet<string> = new Set();

/** Alert text as stored: control characters removed, lone surrogates replaced, trimmed, cut to `max` characters. */
export function cleanAlertText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(CONTROL_CHARACTERS_ALL, '').toWellFormed().trim();
  if (text.length === 0) return undefined;
  if (text.length <= max) return text;
  // Cut at a code point boundary: never leave half of a surrogate pair.
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const CLEANED_FIELDS = new WeakMap<object, Set<string>>();

/**
 * Free text on the alert path (a craving's note, an acknowledgement's message): cleaned, never refused, so
 * an alert is never lost to it. Not text (a number, an object) is dropped; too long is cut to `max`.
 */
export function AlertText(max: number): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => cleanAlertText(value, max));
  return (target, propertyKey) => {
    const fields = CLEANED_FIELDS.get(target.constructor) ?? new Set<string>();
    fields.add(String(propertyKey));
    CLEANED_FIELDS.set(target.constructor, fields);
    transform(target, propertyKey);
  };
}

/** The top-level fields of a DTO class (and its parents) that `@AlertText` cleans. */
export function cleanedFieldsOf(type: unknown): ReadonlySet<string> {
  const out = new Set<string>();
  let current: unknown = type;
  while (typeof current === 'function' && current !== Function.prototype) {
    for (const field of CLEANED_FIELDS.get(current) ?? NO_FIELDS) out.add(field);
    current = Object.getPrototypeOf(current);
  }
  return out;
}
