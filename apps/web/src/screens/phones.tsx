import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText, type Schemas } from '../api/client';
import { locale, t } from '../i18n';
import { field, weekdayName } from '../format';
import { failureFrom, FieldError, invalid, type Failure } from '../form-errors';
import { inviteLink, pendingInviteCode, takePendingInviteCode } from '../invite-link';
import { outsideConsentChange, phoneListChange } from '../live';
import { user } from '../session';
import { Switch } from '../fields';
import { OutsideContacts, type OutsideContact } from './outside-contacts';
import { telHref } from './find';

type Contact = Schemas['ContactResponseDto'];
type Next = Schemas['NextContactResponseDto'];
type CallsPage = Schemas['PracticeCallsPageResponseDto'];
type Call = Schemas['PracticeCallResponseDto'];
type Settings = Schemas['PracticeSettingsResponseDto'];
type Invite = Schemas['InviteResponseDto'];
type AvailabilityWindow = Schemas['AvailabilityWindowDto'];
type Outcome = Schemas['LogPracticeCallDto']['outcome'];

const OUTCOMES: Outcome[] = ['connected', 'voicemail', 'no_answer'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];
const CALLS_PAGE = 10;

/**
 * Screen 4, the phone list and practice calls (ADR 0009): today's goal and streak with who to call next; add someone
 * by showing a one-time code (large, and as a QR code of an invite link, see invite-link.ts) or typing theirs; my
 * contacts with my own consent switches, my hours for them and remove; log a practice call, recent calls; the goal
 * and reminder. Another member's change (they used my code, removed me, changed consent) reloads the list live.
 */
export function PhonesScreen() {
  const heading = useRef<HTMLHeadingElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [outside, setOutside] = useState<OutsideContact[] | null>(null);
  const [next, setNext] = useState<Next | null>(null);
  const [calls, setCalls] = useState<CallsPage | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [notice, setNotice] = useState('');
  const seenChange = useRef(phoneListChange.peek()?.at);
  // My own accept also sends me `contact.added`: the form already says so, the screen's status stays quiet.
  const accepting = useRef(false);
  const accepted = useRef(new Set<string>());

  async function loadContacts(): Promise<void> {
    const { data } = await api.GET('/api/v1/phone-list');
    if (data) setContacts(data);
    else setLoadFailed(true);
  }
  async function loadOutside(): Promise<void> {
    const { data } = await api.GET('/api/v1/phone-list/outside');
    if (data) setOutside(data);
    else setLoadFailed(true);
  }
  async function loadNext(): Promise<void> {
    const { data } = await api.GET('/api/v1/practice-calls/next');
    if (data) setNext(data);
  }
  async function loadCalls(): Promise<void> {
    const { data } = await api.GET('/api/v1/practice-calls', { params: { query: { limit: CALLS_PAGE } } });
    if (data) setCalls(data);
    else setLoadFailed(true);
  }
  function reload(...parts: (() => Promise<void>)[]): void {
    void Promise.all(parts.map((load) => load())).catch(() => setLoadFailed(true));
  }

  useEffect(() => {
    heading.current?.focus();
    reload(loadContacts, loadOutside, loadNext, loadCalls);
  }, []);

  // Someone else changed my phone list: they used my code, removed me, or changed their consent.
  const change = phoneListChange.value;
  useEffect(() => {
    if (!change || change.at === seenChange.current) return;
    seenChange.current = change.at;
    reload(loadContacts, loadNext);
    const mine = accepting.current || accepted.current.has(change.contactId);
    if (change.kind === 'added' && !mine) setNotice(t('phonesAddedLive', { name: change.name }));
    if (change.kind === 'removed') setNotice(t('phonesRemovedLive', { name: change.name }));
  }, [change]);

  // Someone without the app answered my ask by text, or stopped texts (ADR 0048): the state changes in place.
  const consentChange = outsideConsentChange.value;
  const seenConsent = useRef(outsideConsentChange.peek()?.at);
  useEffect(() => {
    if (!consentChange || consentChange.at === seenConsent.current) return;
    seenConsent.current = consentChange.at;
    const who = outside?.find((c) => c.id === consentChange.outsideContactId);
    if (who) {
      setNotice(
        t(consentChange.alertConsent === 'given' ? 'phonesOutsideConsentLiveGiven' : 'phonesOutsideConsentLiveWithdrawn', {
          name: who.name,
        }),
      );
    }
    reload(loadOutside);
  }, [consentChange]);

  // A code from an invite link (the QR code) goes into the "type a code" form; it is never sent on its own.
  const [linkedCode, setLinkedCode] = useState<string | null>(null);
  const pending = pendingInviteCode.value;
  useEffect(() => {
    if (!pending) return;
    setLinkedCode(takePendingInviteCode());
    setNotice(t('phonesCodeFromLink'));
  }, [pending]);

  function replaceContact(next: Contact): void {
    setContacts((list) => (list ?? []).map((c) => (c.id === next.id ? next : c)));
  }

  return (
    <section aria-labelledby="phones-title">
      <h1 id="phones-title" tabIndex={-1} ref={heading}>
        {t('phonesTitle')}
      </h1>
      <p>{t('phonesIntro')}</p>
      <p role="status">{notice}</p>
      {loadFailed && (
        <p class="error" role="alert">
          {t('searchFailed')}
        </p>
      )}

      <Today calls={calls} next={next} />

      <section aria-labelledby="phones-add-title">
        <h2 id="phones-add-title">{t('phonesAddTitle')}</h2>
        <p>{t('phonesAddIntro')}</p>
        <ShowCode />
        <AcceptCode
          prefill={linkedCode}
          onBusy={(busy) => (accepting.current = busy)}
          onAdded={(contact) => {
            accepted.current.add(contact.id);
            setNotice('');
            setContacts((list) => [...(list ?? []).filter((c) => c.id !== contact.id), contact]);
            reload(loadContacts, loadNext);
          }}
        />
      </section>

      <section aria-labelledby="phones-list-title">
        <h2 id="phones-list-title" tabIndex={-1} ref={listHeading}>
          {t('phonesListTitle')}
        </h2>
        {contacts?.length === 0 && <p>{t('phonesListEmpty')}</p>}
        <ul class="plain">
          {contacts?.map((c) => (
            <ContactCard
              key={c.id}
              contact={c}
              onChange={replaceContact}
              onRemoved={() => {
                setNotice(t('phonesRemoved', { name: c.user.displayName }));
                setContacts((list) => (list ?? []).filter((x) => x.id !== c.id));
                listHeading.current?.focus();
                reload(loadNext);
              }}
            />
          ))}
        </ul>
      </section>

      <OutsideContacts
        list={outside}
        onAdded={() => reload(loadOutside, loadNext)}
        onChange={(c) => setOutside((list) => (list ?? []).map((x) => (x.id === c.id ? c : x)))}
        onRemoved={(c) => {
          setOutside((list) => (list ?? []).filter((x) => x.id !== c.id));
          // Their calls stay in the history, without their name.
          reload(loadNext, loadCalls);
        }}
      />

      <LogCall
        contacts={contacts ?? []}
        outside={outside ?? []}
        suggested={next?.contact ? `m:${next.contact.id}` : next?.outsideContact ? `o:${next.outsideContact.id}` : undefined}
        onLogged={() => reload(loadCalls, loadNext, loadContacts, loadOutside)}
      />
      <RecentCalls
        page={calls}
        onChange={setCalls}
        onDeleted={() => reload(loadCalls, loadNext, loadContacts, loadOutside)}
      />
      <GoalSettings onSaved={() => reload(loadCalls)} />
    </section>
  );
}

/** The API's message for a person: the fields it named, or its message. */
function Problem({ failure, id }: { failure: Failure | null; id?: string }) {
  if (!failure) return null;
  const fields = Object.values(failure.fields);
  return (
    <div class="error" role="alert" id={id}>
      <p>{t('requestFailed', { message: fields.length ? fields.join('; ') : failure.message })}</p>
    </div>
  );
}

/** "Tue 12 Mar, 18:30" in the viewer's zone and language. */
function when(iso: string): string {
  return new Intl.DateTimeFormat(locale.value, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

function windowText(w: AvailabilityWindow): string {
  const days = WEEKDAYS.filter((d) => w.days.includes(d))
    .map((d) => weekdayName(d, 'short'))
    .join(', ');
  return t('phonesWindowText', { days, start: w.start, end: w.end });
}

function minutesUntil(response: Response): number {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 1;
}

/** Today's count against the goal, the streak, and who to call next. */
function Today({ calls, next }: { calls: CallsPage | null; next: Next | null }) {
  const me = user.value?.displayName ?? '';
  const suggested = next?.contact;
  const outsider = next?.outsideContact;
  return (
    <section class="card" aria-labelledby="phones-today-title">
      <h2 id="phones-today-title">{t('phonesTodayTitle')}</h2>
      {calls && (
        <ul class="stats">
          <li>
            <strong>{t('phonesTodayCount', { n: calls.goal.todayCount, goal: calls.goal.daily })}</strong>
            {t('phonesTodayLabel')}
          </li>
          <li>
            <strong>{calls.streak.current}</strong>
            {t('phonesStreakLabel')}
          </li>
          <li>
            <strong>{calls.streak.longest}</strong>
            {t('phonesLongestLabel')}
          </li>
        </ul>
      )}
      {calls?.streak.today && <p>{t('phonesGoalMet')}</p>}
      <h3 id="phones-next-title">{t('phonesNextTitle')}</h3>
      <div class="next" aria-labelledby="phones-next-title" role="group">
        {suggested ? (
          <>
            <p>{t('phonesNextSuggest', { name: suggested.user.displayName })}</p>
            {suggested.phone ? (
              <p>
                <a class="call" href={`tel:${suggested.phone}`}>
                  {t('phonesCallPhone', { name: suggested.user.displayName, phone: suggested.phone })}
                </a>
              </p>
            ) : (
              <p>{t('phonesNoPhone', { name: suggested.user.displayName })}</p>
            )}
          </>
        ) : outsider ? (
          <>
            <p>{t('phonesNextSuggestOutside', { name: outsider.name })}</p>
            <p>
              <a class="call" href={telHref(outsider.phone)}>
                {t('phonesCallPhone', { name: outsider.name, phone: outsider.phone })}
              </a>
            </p>
          </>
        ) : next?.reason === 'no_contacts' ? (
          <p>{t('phonesNextNoContacts')}</p>
        ) : next?.reason === 'nobody_available' ? (
          <p>{t('phonesNextNobody')}</p>
        ) : null}
        <p class="small">
          <strong>{t('phonesOpenerLabel')}</strong> {t('phonesOpener', { me })}
        </p>
      </div>
    </section>
  );
}

/** "Show my code": a new one-time code, in large type and as a QR code (uqr, loaded only now). */
function ShowCode() {
  const [invite, setInvite] = useState<Invite | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [qrFailed, setQrFailed] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const codeHeading = useRef<HTMLHeadingElement>(null);
  const showButton = useRef<HTMLButtonElement>(null);

  async function show(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const { data, error: body, response } = await api.POST('/api/v1/phone-list/invites');
      if (data) {
        setInvite(data);
        setQr(null);
        setQrFailed(false);
        void drawQr(data.code);
      } else if (response.status === 429) setError(t('phonesInviteTooMany', { n: minutesUntil(response) }));
      else if (response.status === 409) setError(t('phonesInviteTooManyOpen'));
      else setError(t('requestFailed', { message: errorText(body) }));
    } catch {
      setError(t('searchFailed'));
    }
    setBusy(false);
  }

  async function drawQr(code: string): Promise<void> {
    try {
      // Its own chunk, fetched the first time a code is shown: the first load stays small.
      const { renderSVG } = await import('uqr');
      // An <img> of a data: SVG (the CSP allows data: images; no inline style or script is involved).
      const svg = renderSVG(inviteLink(code), { ecc: 'M', border: 2, pixelSize: 8 });
      setQr(`data:image/svg+xml,${encodeURIComponent(svg)}`);
    } catch {
      setQrFailed(true);
    }
  }

  useEffect(() => {
    if (invite) codeHeading.current?.focus();
  }, [invite]);

  const groups = invite ? (invite.code.match(/.{1,4}/g) ?? [invite.code]) : [];
  return (
    <div class="card invite">
      <h3>{t('phonesShowTitle')}</h3>
      <p>{t('phonesShowIntro')}</p>
      <button type="button" class="primary" ref={showButton} aria-disabled={busy} onClick={() => void show()}>
        {invite ? t('phonesShowNewCode') : t('phonesShowCode')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {invite && (
        <div class="invite-shown">
          <h4 id="phones-code-title" tabIndex={-1} ref={codeHeading}>
            {t('phonesYourCode')}
          </h4>
          <p class="invite-code" data-code={invite.code}>
            {groups.map((g) => (
              <span key={g}>{g}</span>
            ))}
          </p>
          <p>{t('phonesCodeExpires', { time: when(invite.expiresAt) })}</p>
          {qr ? (
            <img class="qr" src={qr} width={240} height={240} alt={t('phonesQrAlt', { code: invite.code })} />
          ) : qrFailed ? (
            <p>{t('phonesQrFailed')}</p>
          ) : (
            <p class="small">{t('phonesQrLoading')}</p>
          )}
          <p class="small">{t('phonesQrHint')}</p>
          <button
            type="button"
            onClick={() => {
              setInvite(null);
              setQr(null);
              showButton.current?.focus();
            }}
          >
            {t('phonesHideCode')}
          </button>
        </div>
      )}
    </div>
  );
}

/** "Type a code": accept someone's code; wrong, expired and rate-limited codes get plain words. */
function AcceptCode({
  prefill,
  onBusy,
  onAdded,
}: {
  prefill: string | null;
  onBusy: (busy: boolean) => void;
  onAdded: (c: Contact) => void;
}) {
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (prefill) {
      setCode(prefill);
      setError('');
      setStatus('');
    }
  }, [prefill]);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    const typed = code.trim();
    setStatus('');
    if (!typed) {
      setError(t('phonesCodeEmpty'));
      return;
    }
    setBusy(true);
    onBusy(true);
    try {
      const {
        data,
        error: body,
        response,
      } = await api.POST('/api/v1/phone-list/invites/{code}/accept', {
        params: { path: { code: typed.slice(0, 64) } },
      });
      if (data) {
        setError('');
        setCode('');
        setStatus(t('phonesAccepted', { name: data.user.displayName }));
        onAdded(data);
      } else if (response.status === 404) setError(t('phonesCodeWrong'));
      else if (response.status === 429) setError(t('phonesCodeTooMany', { n: minutesUntil(response) }));
      else if (response.status === 409) setError(t('phonesCodeAlready'));
      else if (response.status === 400) setError(t('phonesCodeOwn'));
      else setError(t('requestFailed', { message: errorText(body) }));
    } catch {
      setError(t('searchFailed'));
    }
    setBusy(false);
    onBusy(false);
  }

  return (
    <form class="card" noValidate aria-labelledby="phones-accept-title" onSubmit={(e) => void submit(e)}>
      <h3 id="phones-accept-title">{t('phonesAcceptTitle')}</h3>
      <label for="phones-accept-code">{t('phonesAcceptLabel')}</label>
      <input
        id="phones-accept-code"
        name="code"
        class="code-input"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        maxLength={64}
        value={code}
        onInput={(e) => setCode(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'phones-accept-error' : 'phones-accept-hint'}
      />
      <p id="phones-accept-hint" class="small">
        {t('phonesAcceptHint')}
      </p>
      {error && (
        <p id="phones-accept-error" class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" aria-disabled={busy}>
        {t('phonesAcceptSubmit')}
      </button>
      <p role="status">{status}</p>
    </form>
  );
}


function ContactCard({
  contact: c,
  onChange,
  onRemoved,
}: {
  contact: Contact;
  onChange: (c: Contact) => void;
  onRemoved: () => void;
}) {
  const name = c.user.displayName;
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [editingHours, setEditingHours] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const titleId = `contact-${c.id}-title`;
  const theirWindows = c.theirAvailability.windows;
  const myPhone = user.value?.phone;

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  async function save(
    body: { acceptsAlerts?: boolean; sharePhone?: boolean },
    saved: (c: Contact) => string,
  ): Promise<void> {
    if (busy) return;
    setBusy(true);
    setStatus(t('phonesSaving'));
    setFailure(null);
    try {
      const { data, error } = await api.PATCH('/api/v1/phone-list/{contactId}', {
        params: { path: { contactId: c.id } },
        body,
      });
      if (data) {
        onChange(data);
        setStatus(saved(data));
      } else {
        setStatus('');
        setFailure(failureFrom(error, t('searchFailed')));
      }
    } catch {
      setStatus('');
      setFailure(failureFrom(null, t('searchFailed')));
    }
    setBusy(false);
  }

  async function remove(): Promise<void> {
    setFailure(null);
    try {
      const { response, error } = await api.DELETE('/api/v1/phone-list/{contactId}', {
        params: { path: { contactId: c.id } },
      });
      if (response.ok || response.status === 404) onRemoved();
      else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
  }

  return (
    <li class="card contact" aria-labelledby={titleId}>
      <h3 id={titleId}>{name}</h3>
      <p class={c.availableNow ? 'available' : 'meta'}>
        {c.availableNow ? t('phonesAvailableNow') : t('phonesNotAvailableNow')}
      </p>
      <p class="meta">
        {theirWindows.length === 0
          ? t('phonesTheirHoursAny', { name })
          : t('phonesTheirHours', {
              name,
              hours: theirWindows.map(windowText).join('; '),
              zone: c.theirAvailability.timezone,
            })}
      </p>
      {c.phone ? (
        <p>
          <a class="call" href={`tel:${c.phone}`}>
            {t('phonesCallPhone', { name, phone: c.phone })}
          </a>
        </p>
      ) : (
        <p class="meta">{t('phonesNoPhone', { name })}</p>
      )}
      <p class="meta">
        {c.theyAcceptMyAlerts ? t('phonesTheyAccept', { name }) : t('phonesTheyDoNotAccept', { name })}
      </p>
      <p class="meta">
        {c.practiceCallCount === 0
          ? t('phonesNoPracticeYet')
          : t('phonesPracticeCount', {
              n: c.practiceCallCount,
              last: c.lastPracticeCallAt ? when(c.lastPracticeCallAt) : '',
            })}
      </p>
      <div class="switches">
        <Switch
          checked={c.acceptsAlerts}
          label={t('phonesReceiveAlerts', { name })}
          onToggle={() =>
            void save({ acceptsAlerts: !c.acceptsAlerts }, (d) =>
              d.acceptsAlerts ? t('phonesSavedReceive', { name }) : t('phonesSavedNoReceive', { name }),
            )
          }
        />
        <Switch
          checked={c.sharePhone}
          label={t('phonesSharePhone', { name })}
          onToggle={() =>
            void save({ sharePhone: !c.sharePhone }, (d) =>
              d.sharePhone ? t('phonesSavedShare', { name }) : t('phonesSavedNoShare', { name }),
            )
          }
        />
      </div>
      {c.sharePhone && !myPhone && (
        <p class="small">
          {t('phonesNoOwnPhone')} <a href="#/me">{t('phonesAddOwnPhone')}</a>
        </p>
      )}
      <p role="status">{status}</p>
      <Problem failure={failure} />
      <div class="actions">
        <button
          type="button"
          aria-expanded={editingHours}
          aria-controls={`hours-${c.id}`}
          onClick={() => setEditingHours(!editingHours)}
        >
          {t('phonesMyHoursButton', { name })}
        </button>
        {!confirming && (
          <button type="button" class="danger" ref={removeButton} onClick={() => setConfirming(true)}>
            {t('phonesRemove', { name })}
          </button>
        )}
      </div>
      <div id={`hours-${c.id}`}>{editingHours && <HoursEditor contact={c} onSaved={onChange} />}</div>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby={`remove-${c.id}-q`}>
          <p id={`remove-${c.id}-q`}>{t('phonesRemoveConfirm', { name })}</p>
          <div class="actions">
            <button type="button" class="danger" ref={confirmButton} onClick={() => void remove()}>
              {t('phonesRemoveYes', { name })}
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

type EditableWindow = AvailabilityWindow & { key: number };
let windowKeys = 0;

/** My windows for one contact (when they may call me), in my own time zone; none = any time. */
function HoursEditor({ contact: c, onSaved }: { contact: Contact; onSaved: (c: Contact) => void }) {
  const name = c.user.displayName;
  const [windows, setWindows] = useState<EditableWindow[]>(() =>
    c.availability.map((w) => ({ ...w, key: ++windowKeys })),
  );
  const [failure, setFailure] = useState<Failure | null>(null);
  const [status, setStatus] = useState('');
  const zone = user.value?.timezone ?? '';
  const p = `hours-${c.id}`;

  function change(key: number, update: Partial<AvailabilityWindow>): void {
    setWindows((list) => list.map((w) => (w.key === key ? { ...w, ...update } : w)));
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setStatus(t('phonesSaving'));
    setFailure(null);
    try {
      const { data, error } = await api.PATCH('/api/v1/phone-list/{contactId}', {
        params: { path: { contactId: c.id } },
        body: { availability: windows.map(({ days, start, end }) => ({ days, start, end })) },
      });
      if (data) {
        setStatus(
          data.availability.length ? t('phonesHoursSaved', { name }) : t('phonesHoursSavedAny', { name }),
        );
        onSaved(data);
      } else {
        setStatus('');
        setFailure(failureFrom(error, t('searchFailed')));
      }
    } catch {
      setStatus('');
      setFailure(failureFrom(null, t('searchFailed')));
    }
  }

  return (
    <form
      class="hours"
      noValidate
      aria-label={t('phonesMyHoursButton', { name })}
      onSubmit={(e) => void submit(e)}
    >
      <p class="small">
        {windows.length === 0 ? t('phonesHoursNone', { name }) : t('phonesHoursZone', { zone })}
      </p>
      {windows.map((w, i) => {
        const n = i + 1;
        const id = `${p}-${w.key}`;
        return (
          <fieldset key={w.key} class="window">
            <legend>{t('phonesWindowN', { n })}</legend>
            <div class="days">
              {WEEKDAYS.map((d) => (
                <label key={d} class="check">
                  <input
                    type="checkbox"
                    checked={w.days.includes(d)}
                    onChange={(e) =>
                      change(w.key, {
                        days: e.currentTarget.checked ? [...w.days, d] : w.days.filter((x) => x !== d),
                      })
                    }
                  />
                  {weekdayName(d)}
                </label>
              ))}
            </div>
            <FieldError failure={failure} prefix={p} name={`availability.${i}.days`} />
            <div class="from-to">
              <span>
                <label for={`${id}-start`}>{t('phonesFrom')}</label>
                <input
                  id={`${id}-start`}
                  type="time"
                  value={w.start}
                  onInput={(e) => change(w.key, { start: e.currentTarget.value })}
                  {...invalid(failure, p, `availability.${i}.start`)}
                />
              </span>
              <span>
                <label for={`${id}-end`}>{t('phonesTo')}</label>
                <input
                  id={`${id}-end`}
                  type="time"
                  value={w.end}
                  onInput={(e) => change(w.key, { end: e.currentTarget.value })}
                  {...invalid(failure, p, `availability.${i}.end`)}
                />
              </span>
            </div>
            <FieldError failure={failure} prefix={p} name={`availability.${i}.start`} />
            <FieldError failure={failure} prefix={p} name={`availability.${i}.end`} />
            <button type="button" onClick={() => setWindows((list) => list.filter((x) => x.key !== w.key))}>
              {t('phonesRemoveWindow', { n })}
            </button>
          </fieldset>
        );
      })}
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            setWindows((list) => [
              ...list,
              { key: ++windowKeys, days: [1, 2, 3, 4, 5], start: '18:00', end: '21:00' },
            ])
          }
        >
          {t('phonesAddWindow')}
        </button>
        <button type="submit" class="primary">
          {t('phonesSaveHours')}
        </button>
      </div>
      <p role="status">{status}</p>
      {failure && (
        <div class="error" role="alert">
          <p>
            {Object.keys(failure.fields).length
              ? t('fixFields')
              : t('requestFailed', { message: failure.message })}
          </p>
        </div>
      )}
    </form>
  );
}

function outcomeText(o: Outcome): string {
  return o === 'connected'
    ? t('phonesOutcomeConnected')
    : o === 'voicemail'
      ? t('phonesOutcomeVoicemail')
      : t('phonesOutcomeNoAnswer');
}

/**
 * Log a practice call to a member contact or to someone without the app: the select's values are `m:<contactId>`
 * and `o:<outsideContactId>`, sent as `contactId` or `outsideContactId`.
 */
function LogCall({
  contacts,
  outside,
  suggested,
  onLogged,
}: {
  contacts: Contact[];
  outside: OutsideContact[];
  suggested?: string;
  onLogged: () => void;
}) {
  const [chosen, setChosen] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('connected');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const p = 'log';
  const choices = [...contacts.map((c) => `m:${c.id}`), ...outside.map((o) => `o:${o.id}`)];
  const value = choices.includes(chosen)
    ? chosen
    : suggested && choices.includes(suggested)
      ? suggested
      : (choices[0] ?? '');
  const callee = value.startsWith('o:') ? { outsideContactId: value.slice(2) } : { contactId: value.slice(2) };

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    const formEl = event.currentTarget as HTMLFormElement;
    const note = field(new FormData(formEl), 'note').trim();
    setBusy(true);
    setStatus('');
    try {
      const { data, error } = await api.POST('/api/v1/practice-calls', {
        body: { ...callee, outcome, ...(note ? { note } : {}) },
      });
      if (data) {
        setFailure(null);
        formEl.reset();
        setStatus(t('phonesLogged', { name: data.contact?.user.displayName ?? data.outsideContact?.name ?? '' }));
        onLogged();
      } else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
    setBusy(false);
  }

  return (
    <section aria-labelledby="phones-log-title">
      <h2 id="phones-log-title">{t('phonesLogTitle')}</h2>
      {choices.length === 0 ? (
        <p>{t('phonesLogNeedsContacts')}</p>
      ) : (
        <form class="card" noValidate aria-labelledby="phones-log-title" onSubmit={(e) => void submit(e)}>
          <label for={`${p}-contact`}>{t('phonesLogWho')}</label>
          <select
            id={`${p}-contact`}
            value={value}
            onChange={(e) => setChosen(e.currentTarget.value)}
            {...invalid(failure, p, 'contactId')}
          >
            {contacts.length > 0 && (
              <optgroup label={t('phonesLogMembers')}>
                {contacts.map((c) => (
                  <option key={c.id} value={`m:${c.id}`}>
                    {c.user.displayName}
                  </option>
                ))}
              </optgroup>
            )}
            {outside.length > 0 && (
              <optgroup label={t('phonesOutsideTitle')}>
                {outside.map((o) => (
                  <option key={o.id} value={`o:${o.id}`}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          <FieldError failure={failure} prefix={p} name="contactId" />
          <fieldset class="resolve">
            <legend>{t('phonesLogOutcome')}</legend>
            {OUTCOMES.map((o) => (
              <label key={o} class="check">
                <input
                  type="radio"
                  name="outcome"
                  value={o}
                  checked={outcome === o}
                  onChange={() => setOutcome(o)}
                />
                {outcomeText(o)}
              </label>
            ))}
          </fieldset>
          <label for={`${p}-note`}>{t('phonesLogNote')}</label>
          <textarea id={`${p}-note`} name="note" rows={2} maxLength={500} {...invalid(failure, p, 'note')} />
          <FieldError failure={failure} prefix={p} name="note" />
          <button type="submit" class="primary" aria-disabled={busy}>
            {t('phonesLogSubmit')}
          </button>
          <p role="status">{status}</p>
          {failure && Object.keys(failure.fields).length === 0 && <Problem failure={failure} />}
        </form>
      )}
    </section>
  );
}

function RecentCalls({
  page,
  onChange,
  onDeleted,
}: {
  page: CallsPage | null;
  onChange: (p: CallsPage) => void;
  onDeleted: () => void;
}) {
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  async function more(): Promise<void> {
    if (!page?.nextCursor) return;
    const { data } = await api.GET('/api/v1/practice-calls', {
      params: { query: { limit: CALLS_PAGE, cursor: page.nextCursor } },
    });
    if (data) onChange({ ...data, items: [...page.items, ...data.items] });
  }

  async function remove(call: Call): Promise<void> {
    setError('');
    try {
      const { response, error: body } = await api.DELETE('/api/v1/practice-calls/{id}', {
        params: { path: { id: call.id } },
      });
      if (response.ok || response.status === 404) {
        setStatus(t('phonesCallDeleted'));
        heading.current?.focus();
        onDeleted();
      } else setError(t('requestFailed', { message: errorText(body) }));
    } catch {
      setError(t('searchFailed'));
    }
  }

  return (
    <section aria-labelledby="phones-recent-title">
      <h2 id="phones-recent-title" tabIndex={-1} ref={heading}>
        {t('phonesRecentTitle')}
      </h2>
      <p role="status">{status}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {page?.items.length === 0 && <p>{t('phonesRecentEmpty')}</p>}
      <ul class="plain">
        {page?.items.map((call) => {
          const name = call.contact?.user.displayName ?? call.outsideContact?.name ?? t('phonesFormerContact');
          const time = when(call.calledAt);
          return (
            <li key={call.id} class="call-item">
              <p>
                <strong>{name}</strong> · {outcomeText(call.outcome)} · {time}
              </p>
              {call.note && <p class="small">{call.note}</p>}
              <button type="button" class="link" onClick={() => void remove(call)}>
                {t('phonesDeleteCall', { name, time })}
              </button>
            </li>
          );
        })}
      </ul>
      {page?.nextCursor && (
        <button type="button" onClick={() => void more()}>
          {t('phonesMoreCalls')}
        </button>
      )}
    </section>
  );
}

function GoalSettings({ onSaved }: { onSaved: () => void }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [status, setStatus] = useState('');
  const p = 'goal';

  useEffect(() => {
    void api
      .GET('/api/v1/practice-calls/settings')
      .then(({ data }) => setSettings(data ?? { dailyGoal: 1, reminderTime: null }))
      .catch(() => setSettings({ dailyGoal: 1, reminderTime: null }));
  }, []);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const reminder = field(form, 'reminderTime');
    setStatus('');
    try {
      const { data, error } = await api.PUT('/api/v1/practice-calls/settings', {
        body: { dailyGoal: Number(field(form, 'dailyGoal')), reminderTime: reminder || null },
      });
      if (data) {
        setFailure(null);
        setSettings(data);
        setStatus(
          data.reminderTime
            ? t('phonesGoalSaved', { n: data.dailyGoal, time: data.reminderTime })
            : t('phonesGoalSavedNoReminder', { n: data.dailyGoal }),
        );
        onSaved();
      } else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
  }

  return (
    <form class="card" noValidate aria-labelledby="phones-goal-title" onSubmit={(e) => void submit(e)}>
      <h2 id="phones-goal-title">{t('phonesGoalTitle')}</h2>
      {settings && (
        <>
          <label for={`${p}-daily`}>{t('phonesGoalDaily')}</label>
          <input
            id={`${p}-daily`}
            name="dailyGoal"
            type="number"
            inputMode="numeric"
            min={1}
            max={10}
            step={1}
            defaultValue={String(settings.dailyGoal)}
            {...invalid(failure, p, 'dailyGoal')}
          />
          <FieldError failure={failure} prefix={p} name="dailyGoal" />
          <label for={`${p}-reminder`}>{t('phonesGoalReminder')}</label>
          <input
            id={`${p}-reminder`}
            name="reminderTime"
            type="time"
            defaultValue={settings.reminderTime ?? ''}
            aria-describedby={`${p}-reminder-hint`}
            {...invalid(failure, p, 'reminderTime')}
          />
          <p id={`${p}-reminder-hint`} class="small">
            {t('phonesGoalReminderHint')}
          </p>
          <FieldError failure={failure} prefix={p} name="reminderTime" />
          <button type="submit" class="primary">
            {t('phonesGoalSave')}
          </button>
        </>
      )}
      <p role="status">{status}</p>
      {failure && Object.keys(failure.fields).length === 0 && <Problem failure={failure} />}
    </form>
  );
}
