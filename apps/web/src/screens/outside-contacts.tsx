import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { field } from '../format';
import { failureFrom, FieldError, invalid, type Failure } from '../form-errors';
import { locale, t } from '../i18n';
import { telHref } from './find';

export type OutsideContact = Schemas['OutsideContactResponseDto'];
type Consent = OutsideContact['alertConsent'];

/** The consent state as a sentence (ADR 0045); the consent-by-text flow (ADR 0048) sets it. */
export function consentText(consent: Consent, name: string): string {
  return consent === 'asked'
    ? t('phonesOutsideConsentAsked', { name })
    : consent === 'given'
      ? t('phonesOutsideConsentGiven', { name })
      : consent === 'withdrawn'
        ? t('phonesOutsideConsentWithdrawn', { name })
        : t('phonesOutsideConsentNone', { name });
}

/** The API's message for a person: the fields it named, or its message. */
function Problem({ failure }: { failure: Failure | null }) {
  if (!failure || Object.keys(failure.fields).length > 0) return null;
  return (
    <div class="error" role="alert">
      <p>{t('requestFailed', { message: failure.message })}</p>
    </div>
  );
}

/** Name, phone and notes: the add form and a card's edit form. */
function OutsideFields({
  p,
  failure,
  initial,
}: {
  p: string;
  failure: Failure | null;
  initial?: OutsideContact;
}) {
  return (
    <>
      <label for={`${p}-name`}>{t('phonesOutsideName')}</label>
      <input
        id={`${p}-name`}
        name="name"
        autoComplete="off"
        maxLength={80}
        required
        defaultValue={initial?.name ?? ''}
        {...invalid(failure, p, 'name')}
      />
      <FieldError failure={failure} prefix={p} name="name" />
      <label for={`${p}-phone`}>{t('phonesOutsidePhone')}</label>
      <input
        id={`${p}-phone`}
        name="phone"
        type="tel"
        autoComplete="off"
        maxLength={32}
        required
        defaultValue={initial?.phone ?? ''}
        aria-describedby={`${p}-phone-hint`}
        {...invalid(failure, p, 'phone')}
      />
      <p id={`${p}-phone-hint`} class="small">
        {initial ? t('phonesOutsidePhoneResets') : t('phonesOutsidePhoneHint')}
      </p>
      <FieldError failure={failure} prefix={p} name="phone" />
      <label for={`${p}-notes`}>{t('phonesOutsideNotes')}</label>
      <textarea
        id={`${p}-notes`}
        name="notes"
        rows={2}
        maxLength={1000}
        defaultValue={initial?.notes ?? ''}
        {...invalid(failure, p, 'notes')}
      />
      <FieldError failure={failure} prefix={p} name="notes" />
    </>
  );
}

/**
 * "People without the app" (ADR 0045): the member's own list of numbers of people who never installed the app
 * (only the member sees them). Add, call (`tel:`), edit, remove with a confirmation, and the state of their consent
 * to the member's craving alerts, as text. Practice calls to them are logged with the phone list's own form.
 */
export function OutsideContacts({
  list,
  onAdded,
  onChange,
  onRemoved,
}: {
  list: OutsideContact[] | null;
  onAdded: (c: OutsideContact) => void;
  onChange: (c: OutsideContact) => void;
  onRemoved: (c: OutsideContact) => void;
}) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const p = 'outside-add';

  async function add(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    const formEl = event.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const notes = field(form, 'notes').trim();
    setBusy(true);
    setStatus('');
    try {
      const { data, error } = await api.POST('/api/v1/phone-list/outside', {
        body: { name: field(form, 'name'), phone: field(form, 'phone'), ...(notes ? { notes } : {}) },
      });
      if (data) {
        setFailure(null);
        formEl.reset();
        setStatus(t('phonesOutsideAdded', { name: data.name }));
        onAdded(data);
      } else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
    setBusy(false);
  }

  return (
    <section aria-labelledby="phones-outside-title">
      <h2 id="phones-outside-title" tabIndex={-1} ref={listHeading}>
        {t('phonesOutsideTitle')}
      </h2>
      <p>{t('phonesOutsideIntro')}</p>
      {list?.length === 0 && <p>{t('phonesOutsideEmpty')}</p>}
      <ul class="plain">
        {list?.map((c) => (
          <OutsideCard
            key={c.id}
            contact={c}
            onChange={onChange}
            onRemoved={() => {
              setStatus(t('phonesRemoved', { name: c.name }));
              listHeading.current?.focus();
              onRemoved(c);
            }}
          />
        ))}
      </ul>
      <form class="card" noValidate aria-labelledby="phones-outside-add-title" onSubmit={(e) => void add(e)}>
        <h3 id="phones-outside-add-title">{t('phonesOutsideAddTitle')}</h3>
        <OutsideFields p={p} failure={failure} />
        <button type="submit" class="primary" aria-disabled={busy}>
          {t('phonesOutsideAddSubmit')}
        </button>
        <p role="status">{status}</p>
        <Problem failure={failure} />
      </form>
    </section>
  );
}

const when = (iso: string): string =>
  new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** The API's refusal of an ask, as a sentence (its code says which; Retry-After says until when). */
function askRefusal(name: string, error: unknown, retryAfter: string | null): string {
  const body = (error && typeof error === 'object' ? error : {}) as { code?: unknown; message?: unknown };
  const later = when(new Date(Date.now() + Math.max(1, Number(retryAfter) || 0) * 1000).toISOString());
  switch (body.code) {
    case 'consent_opted_out':
    case 'sms_opted_out':
      return t('phonesOutsideAskOptedOut', { name });
    case 'consent_already_given':
      return t('phonesOutsideAskAlreadyGiven', { name });
    case 'consent_asked_recently':
      return t('phonesOutsideAskRecently', { name, date: later });
    case 'consent_daily_limit':
      return t('phonesOutsideAskDailyLimit', { date: later });
    case 'sms_not_delivered':
      return t('phonesOutsideAskNotDelivered', { name });
    default:
      return t('phonesOutsideAskFailed', {
        name,
        message: typeof body.message === 'string' ? body.message : t('searchFailed'),
      });
  }
}

/**
 * "Ask by text" (ADR 0048): what they will be asked, the button (hidden once they agreed), when they were asked,
 * and the API's refusals as sentences. Their answer arrives live (`phone-list.outside-consent`).
 */
function AskByText({ contact: c, onChange }: { contact: OutsideContact; onChange: (c: OutsideContact) => void }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState('');
  const explainId = `outside-${c.id}-ask-explain`;

  async function ask(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setStatus(t('phonesOutsideAsking'));
    setProblem('');
    try {
      const { data, error, response } = await api.POST('/api/v1/phone-list/outside/{id}/ask-consent', {
        params: { path: { id: c.id } },
      });
      if (data) {
        setStatus(t('phonesOutsideAskSent', { name: c.name }));
        onChange({ ...c, alertConsent: data.alertConsent, consentAskedAt: data.consentAskedAt });
      } else {
        setStatus('');
        setProblem(askRefusal(c.name, error, response.headers.get('Retry-After')));
      }
    } catch {
      setStatus('');
      setProblem(askRefusal(c.name, null, null));
    }
    setBusy(false);
  }

  return (
    <div class="ask-consent">
      {c.alertConsent === 'asked' && c.consentAskedAt && (
        <p class="meta">{t('phonesOutsideAskedOn', { date: when(c.consentAskedAt) })}</p>
      )}
      {c.alertConsent !== 'given' && (
        <>
          <p id={explainId} class="small">
            {t('phonesOutsideAskExplain', { name: c.name })}
          </p>
          <button type="button" aria-describedby={explainId} aria-disabled={busy} onClick={() => void ask()}>
            {t(c.alertConsent === 'none' ? 'phonesOutsideAsk' : 'phonesOutsideAskAgain', { name: c.name })}
          </button>
        </>
      )}
      <p role="status">{status}</p>
      {problem && (
        <div class="error" role="alert">
          <p>{problem}</p>
        </div>
      )}
    </div>
  );
}

function OutsideCard({
  contact: c,
  onChange,
  onRemoved,
}: {
  contact: OutsideContact;
  onChange: (c: OutsideContact) => void;
  onRemoved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [status, setStatus] = useState('');
  const editButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLDivElement>(null);
  const titleId = `outside-${c.id}-title`;
  const p = `outside-${c.id}`;

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (editing) firstField.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [editing]);

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const notes = field(form, 'notes').trim();
    setStatus('');
    try {
      const { data, error } = await api.PATCH('/api/v1/phone-list/outside/{id}', {
        params: { path: { id: c.id } },
        body: { name: field(form, 'name'), phone: field(form, 'phone'), notes: notes || null },
      });
      if (data) {
        setFailure(null);
        setEditing(false);
        setStatus(t('phonesOutsideSaved', { name: data.name }));
        onChange(data);
        requestAnimationFrame(() => editButton.current?.focus());
      } else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
  }

  async function remove(): Promise<void> {
    setFailure(null);
    try {
      const { response, error } = await api.DELETE('/api/v1/phone-list/outside/{id}', {
        params: { path: { id: c.id } },
      });
      if (response.ok || response.status === 404) onRemoved();
      else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
  }

  return (
    <li class="card contact" aria-labelledby={titleId}>
      <h3 id={titleId}>{c.name}</h3>
      <p>
        <a class="call" href={telHref(c.phone)}>
          {t('phonesCallPhone', { name: c.name, phone: c.phone })}
        </a>
      </p>
      {c.meeting && <p class="meta">{t('phonesOutsideMet', { meeting: c.meeting.name })}</p>}
      {c.notes && <p class="small">{c.notes}</p>}
      <p class="meta" data-consent={c.alertConsent}>
        {consentText(c.alertConsent, c.name)}
      </p>
      <AskByText contact={c} onChange={onChange} />
      <p class="meta">
        {c.practiceCallCount === 0
          ? t('phonesNoPracticeYet')
          : t('phonesPracticeCount', {
              n: c.practiceCallCount,
              last: c.lastPracticeCallAt
                ? new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(
                    new Date(c.lastPracticeCallAt),
                  )
                : '',
            })}
      </p>
      <p role="status">{status}</p>
      {!editing && <Problem failure={failure} />}
      <div class="actions">
        <button
          type="button"
          ref={editButton}
          aria-expanded={editing}
          aria-controls={`${p}-edit`}
          onClick={() => {
            setFailure(null);
            setEditing(!editing);
          }}
        >
          {t('phonesOutsideEdit', { name: c.name })}
        </button>
        {!confirming && (
          <button type="button" class="danger" ref={removeButton} onClick={() => setConfirming(true)}>
            {t('phonesRemove', { name: c.name })}
          </button>
        )}
      </div>
      <div id={`${p}-edit`} ref={firstField}>
        {editing && (
          <form
            noValidate
            aria-label={t('phonesOutsideEdit', { name: c.name })}
            onSubmit={(e) => void save(e)}
          >
            <OutsideFields p={p} failure={failure} initial={c} />
            <div class="actions">
              <button type="submit" class="primary">
                {t('phonesOutsideSave')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setEditing(false);
                  setFailure(null);
                  requestAnimationFrame(() => editButton.current?.focus());
                }}
              >
                {t('phonesOutsideCancel')}
              </button>
            </div>
            <Problem failure={failure} />
          </form>
        )}
      </div>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby={`${p}-remove-q`}>
          <p id={`${p}-remove-q`}>{t('phonesOutsideRemoveConfirm', { name: c.name })}</p>
          <div class="actions">
            <button type="button" class="danger" ref={confirmButton} onClick={() => void remove()}>
              {t('phonesRemoveYes', { name: c.name })}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => removeButton.current?.focus());
              }}
            >
              {t('phonesRemoveNo')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
