import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { incoming, respond, type IncomingAlert } from '../live';
import { pushState, sendTestNotification, turnOnPush } from '../push';
import { user } from '../session';
import { loadSharedPhones, sharedPhones } from '../shared-phones';
import { telHref } from './find';

/** Sponsor / contact inbox: open alerts (replayed by the server on every connect) and one-tap respond. */
export function InboxScreen() {
  const open = incoming.value.filter((a) => !a.resolved);
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inboxTitle')}</h1>
      <p>{t('inboxIntro')}</p>
      {open.length === 0 ? (
        <p>{t('inboxEmpty')}</p>
      ) : (
        <ul class="alerts">
          {open.map((alert) => (
            <AlertCard key={alert.cravingId} alert={alert} />
          ))}
        </ul>
      )}
      <NotificationSettings />
    </section>
  );
}

/** Push for this device: turn it on, and a test that rings it (the API also pushes to every subscribed device). */
function NotificationSettings() {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const state = pushState.value;

  async function turnOn(): Promise<void> {
    setBusy(true);
    const failure = await turnOnPush();
    setBusy(false);
    if (failure === null) setNote(null);
    else if (failure === 'denied') setNote(null);
    else if (failure === 'dismissed') setNote({ text: t('notifyDismissed'), error: false });
    else if (failure === 'unsupported') setNote(null);
    else setNote({ text: t('notifyFailed', { message: failure }), error: true });
  }

  async function test(): Promise<void> {
    setBusy(true);
    const result = await sendTestNotification();
    setBusy(false);
    setNote(
      typeof result === 'string'
        ? { text: t('requestFailed', { message: result }), error: true }
        : { text: t('notifyTestSent', { n: result.pushedDevices }), error: false },
    );
  }

  return (
    <section class="card notify" aria-labelledby="notify-title">
      <h2 id="notify-title">{t('notifyTitle')}</h2>
      <p>{t('notifyIntro')}</p>
      {state === 'on' && <p>{t('notifyOn')}</p>}
      {state === 'denied' && <p>{t('notifyDenied')}</p>}
      {state === 'unsupported' && <p>{t('notifyUnsupported')}</p>}
      <div class="actions">
        {state === 'off' && (
          <button type="button" class="primary" disabled={busy} onClick={() => void turnOn()}>
            {t('notifyTurnOn')}
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => void test()}>
          {t('notifyTest')}
        </button>
      </div>
      <p role="status" class={note?.error ? 'error' : undefined}>
        {note?.text ?? ''}
      </p>
    </section>
  );
}

export function AlertCard({ alert, compact = false }: { alert: IncomingAlert; compact?: boolean }) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const me = user.value?.id;
  const iAmResponding = alert.myStatus === 'responding';
  const others = alert.responders.filter((r) => r.id !== me);
  const name = alert.from.displayName;
  const inputId = `msg-${alert.cravingId}${compact ? '-banner' : ''}`;
  // Their number, when they share it with me: calling is often the best answer.
  const phone = sharedPhones.value.get(alert.from.id)?.phone;
  useEffect(() => {
    void loadSharedPhones(10_000);
  }, [alert.cravingId]);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setFailure(await respond(alert.cravingId, message));
    setBusy(false);
  }

  return (
    <li class="card alert-card">
      <p>
        <strong>{t('alertFrom', { name, ago: ago(alert.createdAt) })}</strong> ({alert.intensity}/10)
      </p>
      {others.length > 0 && <p>{t('otherResponders', { names: others.map((r) => r.displayName).join(', ') })}</p>}
      {phone && !alert.resolved && (
        <p>
          <a class="call" href={telHref(phone)}>
            {t('callPerson', { name })}
          </a>
        </p>
      )}
      {alert.resolved ? (
        <p>{t('alertResolved')}</p>
      ) : iAmResponding ? (
        <p role="status">{t('responding')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <label for={inputId}>{t('quickMessage', { name })}</label>
          <input id={inputId} type="text" maxLength={280} value={message} placeholder={t('quickMessagePlaceholder')} onInput={(e) => setMessage((e.currentTarget).value)} />
          <button type="submit" class="primary" disabled={busy}>
            {t('respond', { name })}
          </button>
          {failure && <p class="error">{t('requestFailed', { message: failure })}</p>}
        </form>
      )}
    </li>
  );
}

function ago(iso: string): string {
  const minutes = Math.floor((Date.now() - Date.parse(iso)) / 60_000);
  return minutes < 1 ? t('justNow') : t('minutesAgo', { n: minutes });
}
