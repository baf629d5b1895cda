import { locale } from './i18n';

/**
 * Time zones and countries for the sign-up form and the Me screen: what the browser says (detected), and the choices.
 * The API takes any IANA zone and any two-letter ISO 3166-1 code (the same check at sign-up and on PATCH /me).
 */

/** ISO 3166-1 alpha-2, plus XK (Kosovo, user-assigned but widely used). */
const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD ' +
  'CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF ' +
  'GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
  'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
  'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI ' +
  'SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
  'VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

/** The browser's time zone (IANA), e.g. America/Mexico_City. */
export function detectedTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The country of the first of the browser's languages that names one (es-MX → MX, en-GB → GB); null when none does. */
export function detectedCountry(languages: readonly string[] = navigator.languages ?? [navigator.language]): string | null {
  for (const tag of languages) {
    try {
      const region = new Intl.Locale(tag).region;
      if (region && COUNTRY_CODES.includes(region)) return region;
    } catch {
      // Not a language tag: look at the next one.
    }
  }
  return null;
}

/** Every IANA zone the browser knows, with `current` (an alias such as Asia/Calcutta, or UTC) kept in the list. */
export function timeZoneChoices(current: string): string[] {
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const all = new Set([...known, 'UTC', current]);
  return [...all].sort();
}

/** The name of a country in the current language (the code itself when the browser has no name for it). */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([locale.value], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Countries as `{ code, name }`, by name in the current language, with `current` kept in the list. */
export function countryChoices(current: string | null): { code: string; name: string }[] {
  const codes = current && !COUNTRY_CODES.includes(current) ? [...COUNTRY_CODES, current] : COUNTRY_CODES;
  const collator = new Intl.Collator(locale.value);
  return codes.map((code) => ({ code, name: countryName(code) })).sort((a, b) => collator.compare(a.name, b.name));
}
