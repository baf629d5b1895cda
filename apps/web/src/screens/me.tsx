import { t } from '../i18n';

/** Me: profile, escalation policy, lock-screen text, blocks, export, delete (issue 10, screen 7). */
export function MeScreen() {
  return <h1 tabIndex={-1}>{t('meTitle')}</h1>;
}
