import { t } from './i18n';
import { FieldError, described, type Failure } from './form-errors';
import { countryChoices, timeZoneChoices } from './places';

/** Form parts shared by several screens (the sign-up form, Me, the phone list), outside any screen's chunk. */

/** The member's IANA zone: every zone the browser knows (the API checks it too). Shared with the sign-up form. */
export function TimeZoneField(props: { id: string; value: string; onChange: (zone: string) => void; failure?: Failure | null; prefix?: string }) {
  const { id, value, onChange, failure = null, prefix = '' } = props;
  return (
    <>
      <label for={id}>{t('profileTimezone')}</label>
      <select id={id} name="timezone" value={value} onChange={(e) => onChange(e.currentTarget.value)} {...described(failure, prefix, 'timezone', `${id}-hint`)}>
        {timeZoneChoices(value).map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>
      <p class="small hint" id={`${id}-hint`}>
        {t('profileTimezoneHint')}
      </p>
      {failure && <FieldError failure={failure} prefix={prefix} name="timezone" />}
    </>
  );
}

/** The member's country (ISO 3166-1 alpha-2, by name in the current language) or none. Shared with the sign-up form. */
export function CountryField(props: { id: string; value: string; onChange: (code: string) => void; failure?: Failure | null; prefix?: string }) {
  const { id, value, onChange, failure = null, prefix = '' } = props;
  return (
    <>
      <label for={id}>{t('profileCountry')}</label>
      <select id={id} name="country" value={value} onChange={(e) => onChange(e.currentTarget.value)} {...described(failure, prefix, 'country', `${id}-hint`)}>
        <option value="">{t('profileCountryNone')}</option>
        {countryChoices(value || null).map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
      <p class="small hint" id={`${id}-hint`}>
        {t('profileCountryHint')}
      </p>
      {failure && <FieldError failure={failure} prefix={prefix} name="country" />}
    </>
  );
}

/** A real switch: role="switch" with aria-checked, its state also in words beside it (the Me screen uses it too). */
export function Switch({ checked, label, onToggle }: { checked: boolean; label: string; onToggle: () => void }) {
  return (
    <button type="button" role="switch" class="switch" aria-checked={checked} onClick={onToggle}>
      <span class="switch-track" aria-hidden="true">
        <span class="switch-knob" />
      </span>
      <span class="switch-label">{label}</span>
      <span class="switch-state" aria-hidden="true">
        {checked ? t('phonesOn') : t('phonesOff')}
      </span>
    </button>
  );
}
