import { locale } from './i18n';

export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "Tue 19:00" style, in `timeZone`, in the current language. */
export function timeIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale.value, { weekday: 'short', hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(iso));
}

export function zoneName(timeZone: string): string {
  const part = new Intl.DateTimeFormat(locale.value, { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

export function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** A text field of a submitted form ('' when absent). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** The name of a weekday (0 = Sunday) in the current language. */
export function weekdayName(day: number, style: 'long' | 'short' = 'long'): string {
  // 2024-01-07 was a Sunday.
  return new Intl.DateTimeFormat(locale.value, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 7 + day)));
}
