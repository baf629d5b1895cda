import { t } from '../i18n';

/** Phone list and practice calls (issue 10, screen 4). */
export function PhonesScreen() {
  return <h1 tabIndex={-1}>{t('phonesTitle')}</h1>;
}
