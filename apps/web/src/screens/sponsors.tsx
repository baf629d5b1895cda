import { t } from '../i18n';

/** Sponsorship (issue 10, screen 5). */
export function SponsorsScreen() {
  return <h1 tabIndex={-1}>{t('sponsorsTitle')}</h1>;
}
