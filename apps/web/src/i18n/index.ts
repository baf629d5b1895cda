import { signal } from '@preact/signals';
import { en, type MessageKey } from './en';
import { es } from './es';
import type { listingsEn } from './listings.en';

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

/** Keys whose strings an on-demand chunk brings with it (ADR 0046): typed here, bundled with the chunk. */
export type LaterKey = keyof typeof listingsEn;
const later: Record<Locale, Partial<Record<LaterKey, string>>> = { en: {}, es: {} };

/** An on-demand chunk's strings, added when it loads (before it draws anything). */
export function addStrings(parts: Record<Locale, Partial<Record<LaterKey, string>>>): void {
  for (const l of locales) Object.assign(later[l], parts[l]);
}

/** The string for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey | LaterKey, values: Record<string, string | number> = {}): string {
  const template = (key in catalogs[locale.value] ? catalogs[locale.value][key as MessageKey] : later[locale.value][key as LaterKey]) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
