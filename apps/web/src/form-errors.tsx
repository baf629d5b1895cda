/** The API's 400 body: `message` for a person, `fields` naming every field that is wrong (by path, e.g. `location.formattedAddress`). */
export type Failure = { message: string; fields: Record<string, string> };

export function failureFrom(error: unknown, fallback: string): Failure {
  const fields: Record<string, string> = {};
  let message = fallback;
  if (error && typeof error === 'object') {
    const body = error as { message?: unknown; fields?: unknown };
    if (typeof body.message === 'string') message = body.message;
    else if (Array.isArray(body.message)) message = body.message.join('; ');
    if (Array.isArray(body.fields)) {
      for (const f of body.fields as { field?: unknown; messages?: unknown }[]) {
        if (typeof f.field === 'string' && Array.isArray(f.messages)) fields[f.field] = f.messages.join('; ');
      }
    }
  }
  return { message, fields };
}

export function errorId(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^\w-]/g, '-')}-error`;
}

/** Attributes that tie an input to its error text (`aria-invalid`, `aria-describedby`). */
export function invalid(failure: Failure | null, prefix: string, name: string): Record<string, string | boolean> {
  return failure?.fields[name] ? { 'aria-invalid': true, 'aria-describedby': errorId(prefix, name) } : {};
}

/** The API's message for one field, shown right under it. */
export function FieldError({ failure, prefix, name }: { failure: Failure | null; prefix: string; name: string }) {
  const message = failure?.fields[name];
  return message ? (
    <p class="error field-error" id={errorId(prefix, name)}>
      {message}
    </p>
  ) : null;
}

/** aria-describedby (the hint, the field's error) and aria-invalid for a field of a form that may have failed. */
export function described(failure: Failure | null, prefix: string, name: string, hint?: string): Record<string, string | boolean> {
  const ids = [hint, failure?.fields[name] ? errorId(prefix, name) : undefined].filter(Boolean);
  return {
    ...(ids.length ? { 'aria-describedby': ids.join(' ') } : {}),
    ...(failure?.fields[name] ? { 'aria-invalid': true } : {}),
  };
}
