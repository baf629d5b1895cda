import { signal } from '@preact/signals';
import { en, type MessageKey } from './en';
import { es } from './es';

export const catalogs = { en, es } as const;
export type Locale = keyof typeof catalogs;
export const locales: Locale[] = ['en', 'es'];
export const localeNames: Record<Locale, string> = { en: 'English', es: 'Español' };

function detect(): Locale {
  const saved = localStorage.getItem('hg.locale');
  if (saved === 'en' || saved === 'es') return saved;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export const locale = signal<Locale>(detect());

export function setLocale(next: Locale): void {
  locale.value = next;
  localStorage.setItem('hg.locale', next);
  document.documentElement.lang = next;
}

/** The string for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const template = catalogs[locale.value][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
