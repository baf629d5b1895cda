import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { field } from '../format';
import { pendingInviteCode } from '../invite-link';
import { go } from '../router';
import { register, signIn } from '../session';

/** Sign in, or create an account (the JSON token mode of the API; the zone comes from the browser). */
export function SignInScreen({ mode }: { mode: 'signin' | 'register' }) {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [mode]);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const email = field(form, 'email');
    const password = field(form, 'password');
    setBusy(true);
    setFailure(null);
    const result = mode === 'signin' ? await signIn(email, password) : await register(field(form, 'displayName'), email, password);
    setBusy(false);
    // Someone who opened an invite link (QR code) signed out comes back to the phone list, the code filled in.
    if (result.ok) go(pendingInviteCode.value ? 'phones' : 'inbox');
    else setFailure(mode === 'signin' && result.status === 401 ? t('signInFailed') : t('requestFailed', { message: result.message }));
  }

  return (
    <section aria-labelledby="signin-title">
      <h1 id="signin-title" tabIndex={-1} ref={heading}>
        {mode === 'signin' ? t('signInTitle') : t('registerTitle')}
      </h1>
      <form class="card" onSubmit={(e) => void submit(e)}>
        {mode === 'register' && (
          <>
            <label for="displayName">{t('displayName')}</label>
            <input id="displayName" name="displayName" autocomplete="nickname" required maxLength={50} />
          </>
        )}
        <label for="email">{t('email')}</label>
        <input id="email" name="email" type="email" autocomplete="email" required />
        <label for="password">{t('password')}</label>
        <input id="password" name="password" type="password" autocomplete={mode === 'signin' ? 'current-password' : 'new-password'} required minLength={mode === 'register' ? 10 : 1} />
        <button type="submit" class="primary" disabled={busy}>
          {mode === 'signin' ? t('signInSubmit') : t('registerSubmit')}
        </button>
        {failure && (
          <p class="error" role="alert">
            {failure}
          </p>
        )}
        <p class="small">{t('sessionNote')}</p>
      </form>
      <p>
        <a href={mode === 'signin' ? '#/register' : '#/signin'}>{mode === 'signin' ? t('haveNoAccount') : t('haveAccount')}</a>
      </p>
    </section>
  );
}
