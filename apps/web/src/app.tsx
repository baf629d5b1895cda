import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { locale, localeNames, locales, setLocale, t, type Locale } from './i18n';
import { bannerAlert, connected, reconnecting, startLive, stopLive } from './live';
import { accountRoutes, go, route } from './router';
import { restoring, signOut, user } from './session';
import { CravingScreen } from './screens/craving';
import { FindScreen } from './screens/find';
import { AlertCard, InboxScreen } from './screens/inbox';
import { SignInScreen } from './screens/signin';

/**
 * A screen loaded on demand: its code is a separate chunk fetched the first time the screen opens (the service worker
 * precaches every chunk, so it opens offline too). The finder and the craving screen stay in the first bundle: a
 * person in a craving never waits for a chunk.
 */
function onDemand(load: () => Promise<ComponentType>): ComponentType {
  let loaded: ComponentType | undefined;
  let pending: Promise<ComponentType> | undefined;
  return function OnDemandScreen() {
    const [screen, setScreen] = useState<ComponentType | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (screen) return;
      let live = true;
      pending ??= load().then((component) => (loaded = component));
      pending.then(
        (component) => live && setScreen(() => component),
        () => {
          pending = undefined;
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [screen]);
    if (failed) return <p role="alert">{t('screenLoadFailed')}</p>;
    const Screen = screen;
    return Screen ? <Screen /> : null;
  };
}

const LeadScreen = onDemand(() => import('./screens/lead').then((m) => m.LeadScreen));
const MeScreen = onDemand(() => import('./screens/me').then((m) => m.MeScreen));
const PhonesScreen = onDemand(() => import('./screens/phones').then((m) => m.PhonesScreen));
const SponsorsScreen = onDemand(() => import('./screens/sponsors').then((m) => m.SponsorsScreen));

export function App() {
  const signedIn = user.value !== null;
  const current = route.value;

  useEffect(() => {
    if (signedIn) startLive();
    else stopLive();
  }, [signedIn]);

  // Screens that need an account send a signed-out visitor to sign in (once the session restore finished).
  const needsAccount = accountRoutes.includes(current);
  useEffect(() => {
    if (!restoring.value && !signedIn && needsAccount) go('signin');
  }, [signedIn, needsAccount, restoring.value]);

  // For people nothing; for the browser tests a stable sign that live updates are on.
  const live = signedIn && connected.value;
  useEffect(() => {
    document.body.dataset.live = live ? 'on' : 'off';
  }, [live]);

  // A reload of a signed-in tab waits for the session (one refresh call) before drawing anything, so the page is
  // drawn once instead of signed out first and then shifted by the signed-in header (layout shift, ADR 0028).
  if (restoring.value) return null;

  const banner = bannerAlert.value;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skipToContent')}
      </a>
      <header>
        <nav aria-label="Homegroup">
          <a class="brand" href="#/find">
            {t('appName')}
          </a>
          <a href="#/find" aria-current={current === 'find' ? 'page' : undefined}>
            {t('navFind')}
          </a>
          {signedIn && (
            <a href="#/inbox" aria-current={current === 'inbox' ? 'page' : undefined}>
              {t('navInbox')}
            </a>
          )}
          {signedIn && (
            <a href="#/phones" aria-current={current === 'phones' ? 'page' : undefined}>
              {t('navPhones')}
            </a>
          )}
          {signedIn && (
            <a href="#/sponsors" aria-current={current === 'sponsors' ? 'page' : undefined}>
              {t('navSponsors')}
            </a>
          )}
          {signedIn && (
            <a href="#/lead" aria-current={current === 'lead' ? 'page' : undefined}>
              {t('navLead')}
            </a>
          )}
          {signedIn && (
            <a href="#/me" aria-current={current === 'me' ? 'page' : undefined}>
              {t('navMe')}
            </a>
          )}
          {signedIn ? (
            <button type="button" class="link" onClick={() => void signOut().then(() => go('find'))}>
              {t('navSignOut')}
            </button>
          ) : (
            <a href="#/signin" aria-current={current === 'signin' ? 'page' : undefined}>
              {t('navSignIn')}
            </a>
          )}
          <label class="lang">
            <span class="visually-hidden">{t('language')}</span>
            <select value={locale.value} onChange={(e) => setLocale((e.currentTarget).value as Locale)}>
              {locales.map((l) => (
                <option key={l} value={l}>
                  {localeNames[l]}
                </option>
              ))}
            </select>
          </label>
        </nav>
        {signedIn && (
          <button type="button" class="craving-button" onClick={() => go('craving')}>
            {t('cravingButton')}
          </button>
        )}
      </header>
      {signedIn && reconnecting.value && <p class="offline small">{t('liveOffline')}</p>}
      <div class="banner-slot">
        {banner && (
          <div class="banner" role="alert">
            <p>{t('alertBanner', { name: banner.from.displayName, intensity: banner.intensity })}</p>
            {current !== 'inbox' && (
              <ul class="plain">
                <AlertCard alert={banner} compact />
              </ul>
            )}
          </div>
        )}
      </div>
      <main id="main" tabIndex={-1}>
        {current === 'find' && <FindScreen />}
        {current === 'craving' && signedIn && <CravingScreen />}
        {current === 'inbox' && signedIn && <InboxScreen />}
        {current === 'lead' && signedIn && <LeadScreen />}
        {current === 'phones' && signedIn && <PhonesScreen />}
        {current === 'sponsors' && signedIn && <SponsorsScreen />}
        {current === 'me' && signedIn && <MeScreen />}
        {current === 'signin' && <SignInScreen mode="signin" />}
        {current === 'register' && <SignInScreen mode="register" />}
      </main>
      <footer>
        <p class="small">{t('notEmergency')} 988 · 1-800-662-4357 · 911</p>
      </footer>
    </>
  );
}
