import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A number texts and calls can go to: E.164 and the country it belongs to (ISO 3166-1 alpha-2, or null). */
export type SmsNumber = { e164: string; country: string | null };

/**
 * The phone normaliser every sender and webhook uses: a number in international form (`+` and the country code;
 * spaces, dots, dashes and brackets are allowed) checked against the numbering plan, answered as E.164 and its
 * country; null when it is not a valid number. Never a national form: a number without `+` is ambiguous.
 */
export function normalisePhone(input: string): SmsNumber | null {
  if (typeof input !== 'string') return null;
  const trimmed = input.trim();
  if (!/^\+[\d\s().-]{7,24}$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, country: parsed.country ?? null };
}

/**
 * A number as logs and the development page may show it: the country code and the last four digits only
 * (`+1 ••• ••• 4567`, `+44 ••• ••• 0123`). Anything that is not a number becomes `•••`.
 */
export function maskPhone(e164: string): string {
  const parsed = typeof e164 === 'string' ? parsePhoneNumberFromString(e164) : undefined;
  const digits = e164?.replace(/\D/g, '') ?? '';
  if (!parsed || digits.length < 8) return '•••';
  return `+${parsed.countryCallingCode} ••• ••• ${digits.slice(-4)}`;
}
