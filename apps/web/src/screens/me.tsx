import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { t } from '../i18n';
import { field } from '../format';
import { FieldError, described, errorId, failureFrom, type Failure } from '../form-errors';
import { go, route, type Route } from '../router';
import { endSession, user, type Profile } from '../session';
import { CountryField, Switch, TimeZoneField } from '../fields';

type Fellowship = Schemas['FellowshipEntity'];
type Policy = Schemas['EscalationPolicyResponseDto'];
type CircleMember = Schemas['AlertCircleMemberDto'];
/** Someone without the app who agreed by text to get the member's alerts (can be named a first responder, ADR 0049). */
type TextResponder = { id: string; name: string };
type Blocked = Schemas['BlockedMemberResponseDto'];
/** What a section says after an action: a status for a person, or an error. */
type Note = { text: string; error: boolean } | null;

/**
 * Ends this tab's session after the API ended it (everywhere, or with the account) and goes to `to`. The route is set
 * at once, not on the next hashchange, so the app never draws the Me screen signed out (which sends to sign in).
 */
function leave(reason: 'signedOutEverywhere' | 'deleted', to: Route): void {
  go(to);
  route.value = to;
  endSession(reason);
}

/** The API's limits on the coping list (PATCH /me) and on first responders (PUT /me/escalation-policy). */
const COPING_MAX_ITEMS = 20;
const COPING_MAX_LENGTH = 200;
const FIRST_RESPONDERS_MAX = 5;

/**
 * Screen 7, Me (issue 10): the profile, the coping list, the escalation policy, the lock-screen text, blocked members,
 * the export, signing out everywhere and deleting the account. Each section saves on its own and says so.
 */
export function MeScreen() {
  const heading = useRef<HTMLHeadingElement>(null);
  const [fresh, setFresh] = useState(false);

  useEffect(() => {
    heading.current?.focus();
    // The session's profile may be older than this visit (another tab, another device): read it again first.
    api
      .GET('/api/v1/me')
      .then(({ data }) => {
        if (data) user.value = data;
      })
      .catch(() => undefined)
      .finally(() => setFresh(true));
  }, []);

  const profile = user.value;
  return (
    <section aria-labelledby="me-title" class="me">
      <h1 id="me-title" tabIndex={-1} ref={heading}>
        {t('meTitle')}
      </h1>
      <p>{t('meIntro')}</p>
      {fresh && profile && (
        <>
          <ProfileSection profile={profile} />
          <CopingListSection profile={profile} />
        </>
      )}
      <EscalationSection />
      <LockScreenSection />
      <BlocksSection />
      <ExportSection />
      <SessionsSection />
      {profile && <DeleteSection email={profile.email} />}
    </section>
  );
}

/** The outcome of an action: announced politely when it worked, assertively when it did not. */
function Outcome({ note }: { note: Note }) {
  return (
    <>
      <p role="status" class="ok">
        {note && !note.error ? note.text : ''}
      </p>
      {note?.error && (
        <p role="alert" class="error">
          {note.text}
        </p>
      )}
    </>
  );
}

/** `aria-describedby` and `aria-invalid` for a field with a hint and maybe an API error under it. */

/** The note for a refused save: "see under the fields" when the API named fields on the form, else its message. */
function refusal(failure: Failure, known: string[]): string {
  const elsewhere = Object.keys(failure.fields).filter((name) => !known.includes(name));
  if (Object.keys(failure.fields).length > 0 && elsewhere.length === 0) return t('fixFields');
  return t('requestFailed', { message: failure.message });
}

const PROFILE_FIELDS = ['displayName', 'timezone', 'country', 'phone', 'cleanDate', 'fellowships', 'languages'];

function ProfileSection({ profile }: { profile: Profile }) {
  const [fellowships, setFellowships] = useState<Fellowship[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  const [zone, setZone] = useState(profile.timezone);
  const [country, setCountry] = useState(profile.country ?? '');
  const p = 'profile';

  useEffect(() => {
    void api
      .GET('/api/v1/fellowships')
      .then(({ data }) => setFellowships(data ?? []))
      .catch(() => undefined);
  }, []);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string): string => field(form, name).trim();
    // A phone typed with spaces, dashes or brackets is sent as the digits the API expects (E.164).
    const phone = text('phone').replace(/[\s().-]/g, '');
    setBusy(true);
    setNote(null);
    try {
      const { data, error } = await api.PATCH('/api/v1/me', {
        body: {
          displayName: text('displayName'),
          timezone: zone,
          country: country || null,
          phone: phone || null,
          cleanDate: text('cleanDate') || null,
          fellowships: form.getAll('fellowships').filter((v): v is string => typeof v === 'string'),
          languages: text('languages').split(/[\s,]+/).filter(Boolean),
        },
      });
      if (data) {
        user.value = data;
        setFailure(null);
        setNote({ text: t('meProfileSaved'), error: false });
      } else {
        const refused = failureFrom(error, t('meLoadFailed'));
        setFailure(refused);
        setNote({ text: refusal(refused, PROFILE_FIELDS), error: true });
      }
    } catch {
      setNote({ text: t('meLoadFailed'), error: true });
    }
    setBusy(false);
  }

  return (
    <form class="card" noValidate aria-labelledby="me-profile-title" onSubmit={(e) => void submit(e)}>
      <h2 id="me-profile-title">{t('meProfileTitle')}</h2>
      <label for={`${p}-displayName`}>{t('meDisplayName')}</label>
      <input id={`${p}-displayName`} name="displayName" autocomplete="nickname" maxLength={40} defaultValue={profile.displayName} aria-required="true" {...described(failure, p, 'displayName')} />
      <FieldError failure={failure} prefix={p} name="displayName" />

      <TimeZoneField id={`${p}-timezone`} value={zone} onChange={setZone} failure={failure} prefix={p} />
      <CountryField id={`${p}-country`} value={country} onChange={setCountry} failure={failure} prefix={p} />

      <label for={`${p}-phone`}>{t('mePhone')}</label>
      <input id={`${p}-phone`} name="phone" type="tel" autocomplete="tel" defaultValue={profile.phone ?? ''} {...described(failure, p, 'phone', `${p}-phone-hint`)} />
      <p class="small hint" id={`${p}-phone-hint`}>
        {t('mePhoneHint')}
      </p>
      <FieldError failure={failure} prefix={p} name="phone" />

      <label for={`${p}-cleanDate`}>{t('meCleanDate')}</label>
      <input id={`${p}-cleanDate`} name="cleanDate" type="date" defaultValue={profile.cleanDate ?? ''} {...described(failure, p, 'cleanDate', `${p}-cleanDate-hint`)} />
      <p class="small hint" id={`${p}-cleanDate-hint`}>
        {t('meCleanDateHint')}
      </p>
      <FieldError failure={failure} prefix={p} name="cleanDate" />

      {fellowships.length > 0 && (
        <fieldset {...(failure?.fields.fellowships ? { 'aria-describedby': errorId(p, 'fellowships') } : {})}>
          <legend>{t('meFellowships')}</legend>
          {fellowships.map((f) => (
            <label key={f.code} class="check">
              <input type="checkbox" name="fellowships" value={f.code} defaultChecked={profile.fellowships.includes(f.code)} />
              {f.name}
            </label>
          ))}
        </fieldset>
      )}
      <FieldError failure={failure} prefix={p} name="fellowships" />

      <label for={`${p}-languages`}>{t('meLanguages')}</label>
      <input id={`${p}-languages`} name="languages" autocomplete="off" defaultValue={profile.languages.join(', ')} {...described(failure, p, 'languages')} />
      <FieldError failure={failure} prefix={p} name="languages" />

      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('meSaving') : t('meProfileSave')}
        </button>
      </div>
      <Outcome note={note} />
    </form>
  );
}



type Move = { index: number; button: 'up' | 'down' | 'remove' } | null;

/** The coping list: add, remove, move up and down (focus stays on the item moved), then save (PATCH /me). */
function CopingListSection({ profile }: { profile: Profile }) {
  const [saved, setSaved] = useState<string[]>(profile.copingList);
  const [items, setItems] = useState<string[]>(profile.copingList);
  const [draft, setDraft] = useState('');
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  const [moved, setMoved] = useState<Move>(null);
  const input = useRef<HTMLInputElement>(null);
  const dirty = items.length !== saved.length || items.some((item, i) => item !== saved[i]);

  // After a move or a removal, focus goes to the same button of the item that moved (or a neighbour), never lost.
  useEffect(() => {
    if (!moved) return;
    const candidates = moved.button === 'remove'
      ? [`coping-remove-${Math.min(moved.index, items.length - 1)}`]
      : [`coping-${moved.button}-${moved.index}`, `coping-${moved.button === 'up' ? 'down' : 'up'}-${moved.index}`];
    const target = candidates.map((id) => document.getElementById(id) as HTMLButtonElement | null).find((b) => b && !b.disabled);
    (target ?? input.current)?.focus();
    setMoved(null);
  }, [moved, items.length]);

  function add(event: Event): void {
    event.preventDefault();
    const item = draft.trim();
    if (!item) return setNote({ text: t('meCopingBlank'), error: true });
    if (items.length >= COPING_MAX_ITEMS) return setNote({ text: t('meCopingFull', { max: COPING_MAX_ITEMS }), error: true });
    if (items.includes(item)) return setNote({ text: t('meCopingDuplicate', { item }), error: true });
    setItems([...items, item]);
    setDraft('');
    setNote({ text: t('meCopingAdded', { item }), error: false });
  }

  function move(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= items.length) return;
    const next = [...items];
    [next[index], next[to]] = [next[to], next[index]];
    setItems(next);
    setMoved({ index: to, button: by < 0 ? 'up' : 'down' });
    setNote({ text: t('meCopingMoved', { item: next[to], position: to + 1, count: next.length }), error: false });
  }

  function remove(index: number): void {
    const item = items[index];
    setItems(items.filter((_, i) => i !== index));
    setMoved({ index, button: 'remove' });
    setNote({ text: t('meCopingRemoved', { item }), error: false });
  }

  async function save(): Promise<void> {
    setBusy(true);
    try {
      const { data, error } = await api.PATCH('/api/v1/me', { body: { copingList: items } });
      if (data) {
        user.value = data;
        setSaved(data.copingList);
        setItems(data.copingList);
        setNote({ text: t('meCopingSaved'), error: false });
      } else {
        setNote({ text: t('requestFailed', { message: failureFrom(error, t('meLoadFailed')).message }), error: true });
      }
    } catch {
      setNote({ text: t('meLoadFailed'), error: true });
    }
    setBusy(false);
  }

  return (
    <section class="card" aria-labelledby="me-coping-title">
      <h2 id="me-coping-title">{t('meCopingTitle')}</h2>
      <p>{t('meCopingIntro')}</p>
      {items.length === 0 ? (
        <p>{t('meCopingEmpty')}</p>
      ) : (
        <ol class="coping-list">
          {items.map((item, i) => (
            <li key={item}>
              <span class="coping-text">{item}</span>
              <span class="coping-actions">
                <button type="button" id={`coping-up-${i}`} aria-label={`${t('meCopingMoveUp')}: ${item}`} disabled={i === 0} onClick={() => move(i, -1)}>
                  {t('meCopingMoveUp')}
                </button>
                <button type="button" id={`coping-down-${i}`} aria-label={`${t('meCopingMoveDown')}: ${item}`} disabled={i === items.length - 1} onClick={() => move(i, 1)}>
                  {t('meCopingMoveDown')}
                </button>
                <button type="button" id={`coping-remove-${i}`} aria-label={`${t('meCopingRemove')}: ${item}`} onClick={() => remove(i)}>
                  {t('meCopingRemove')}
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <form class="coping-add" onSubmit={add}>
        <label for="coping-new">{t('meCopingNew', { max: COPING_MAX_LENGTH })}</label>
        <input id="coping-new" ref={input} value={draft} maxLength={COPING_MAX_LENGTH} autocomplete="off" onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit">{t('meCopingAdd')}</button>
      </form>
      {dirty && <p class="small">{t('meCopingUnsaved')}</p>}
      <div class="actions">
        <button type="button" class="primary" disabled={busy || !dirty} onClick={() => void save()}>
          {busy ? t('meSaving') : t('meCopingSave')}
        </button>
      </div>
      <Outcome note={note} />
    </section>
  );
}

const minutesOf = (seconds: number): string => String(Math.round((seconds / 60) * 100) / 100);
const secondsOf = (minutes: string): number => Math.round(Number(minutes.replace(',', '.')) * 60);
const TIMINGS = [
  ['nextContactsAfterSeconds', 'meNextAfter'],
  ['everyoneAfterSeconds', 'meEveryoneAfter'],
  ['nobodyAnsweredAfterSeconds', 'meNobodyAfter'],
] as const;
type Timing = (typeof TIMINGS)[number][0];

/** GET/PUT /me/escalation-policy, with first responders chosen from GET /me/alert-circle. */
function EscalationSection() {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [circle, setCircle] = useState<CircleMember[]>([]);
  const [byText, setByText] = useState<TextResponder[]>([]);
  const [loadFailed, setLoadFailed] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [minutes, setMinutes] = useState<Record<Timing, string>>({ nextContactsAfterSeconds: '2', everyoneAfterSeconds: '5', nobodyAnsweredAfterSeconds: '10' });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  const p = 'escalation';

  function show(next: Policy, recipients: CircleMember[], texted: TextResponder[]): void {
    const contactIds = new Set([...recipients.filter((m) => m.role === 'contact').map((m) => m.user.id), ...texted.map((o) => o.id)]);
    setPolicy(next);
    setChosen(next.firstResponderIds.filter((id) => contactIds.has(id)));
    setMinutes({
      nextContactsAfterSeconds: minutesOf(next.nextContactsAfterSeconds),
      everyoneAfterSeconds: minutesOf(next.everyoneAfterSeconds),
      nobodyAnsweredAfterSeconds: minutesOf(next.nobodyAnsweredAfterSeconds),
    });
  }

  useEffect(() => {
    void Promise.all([
      api.GET('/api/v1/me/escalation-policy'),
      api.GET('/api/v1/me/alert-circle'),
      api.GET('/api/v1/phone-list/outside'),
    ])
      .then(([p1, c1, o1]) => {
        if (!p1.data || !c1.data) return setLoadFailed(true);
        const texted = (o1.data ?? []).filter((o) => o.alertConsent === 'given').map((o) => ({ id: o.id, name: o.name }));
        setCircle(c1.data.recipients);
        setByText(texted);
        show(p1.data, c1.data.recipients, texted);
      })
      .catch(() => setLoadFailed(true));
  }, []);

  const sponsors = circle.filter((m) => m.role !== 'contact');
  const contacts = circle.filter((m) => m.role === 'contact');

  function toggle(id: string, on: boolean): void {
    setChosen(on ? [...chosen.filter((x) => x !== id), id] : chosen.filter((x) => x !== id));
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!policy) return;
    const seconds = Object.fromEntries(TIMINGS.map(([name]) => [name, secondsOf(minutes[name])])) as Record<Timing, number>;
    const bad = TIMINGS.filter(([name]) => !Number.isFinite(seconds[name]) || seconds[name] < 1 || seconds[name] > 3600).map(([name]) => name);
    if (bad.length > 0) {
      setFailure({ message: t('meTimingsRange'), fields: Object.fromEntries(bad.map((name) => [name, t('meTimingsRange')])) });
      return setNote({ text: t('fixFields'), error: true });
    }
    if (seconds.everyoneAfterSeconds < seconds.nextContactsAfterSeconds || seconds.nobodyAnsweredAfterSeconds < seconds.everyoneAfterSeconds) {
      setFailure(null);
      return setNote({ text: t('meTimingsOrder'), error: true });
    }
    setBusy(true);
    try {
      const { data, error } = await api.PUT('/api/v1/me/escalation-policy', {
        body: { ...policy, ...seconds, firstResponderIds: chosen },
      });
      if (data) {
        show(data, circle, byText);
        setFailure(null);
        setNote({ text: t('meEscalationSaved'), error: false });
      } else {
        const refused = failureFrom(error, t('meLoadFailed'));
        setFailure(refused);
        setNote({ text: refusal(refused, TIMINGS.map(([name]) => name)), error: true });
      }
    } catch {
      setNote({ text: t('meLoadFailed'), error: true });
    }
    setBusy(false);
  }

  return (
    <form class="card" noValidate aria-labelledby="me-escalation-title" onSubmit={(e) => void submit(e)}>
      <h2 id="me-escalation-title">{t('meEscalationTitle')}</h2>
      <p>{t('meEscalationIntro')}</p>
      {loadFailed && <p class="error">{t('meLoadFailed')}</p>}
      {policy && (
        <>
          {sponsors.length > 0 && <p>{t('meSponsorsFirst', { names: sponsors.map((s) => s.user.displayName).join(', ') })}</p>}
          <fieldset aria-describedby="escalation-first-hint">
            <legend>{t('meFirstResponders')}</legend>
            <p class="small hint" id="escalation-first-hint">
              {contacts.length + byText.length > 0 ? t('meFirstRespondersHint', { max: FIRST_RESPONDERS_MAX }) : t('meNoContacts')}
            </p>
            {[
              ...contacts.map((m) => ({ id: m.user.id, label: m.user.displayName })),
              ...byText.map((o) => ({ id: o.id, label: t('meByText', { name: o.name }) })),
            ].map(({ id, label }) => {
              const on = chosen.includes(id);
              return (
                <label key={id} class="check">
                  <input
                    type="checkbox"
                    name="firstResponderIds"
                    value={id}
                    checked={on}
                    disabled={!on && chosen.length >= FIRST_RESPONDERS_MAX}
                    onChange={(e) => toggle(id, e.currentTarget.checked)}
                  />
                  {label}
                </label>
              );
            })}
          </fieldset>
          <FieldError failure={failure} prefix={p} name="firstResponderIds" />
          <p class="small hint" id="escalation-timings-hint">
            {t('meTimingsHint')}
          </p>
          {TIMINGS.map(([name, label]) => (
            <div key={name}>
              <label for={`${p}-${name}`}>{t(label)}</label>
              <input
                id={`${p}-${name}`}
                name={name}
                type="number"
                inputMode="decimal"
                min={1}
                max={60}
                step="any"
                value={minutes[name]}
                onInput={(e) => setMinutes({ ...minutes, [name]: e.currentTarget.value })}
                {...described(failure, p, name, name === 'nobodyAnsweredAfterSeconds' ? 'escalation-timings-hint escalation-nobody-hint' : 'escalation-timings-hint')}
              />
              {name === 'nobodyAnsweredAfterSeconds' && (
                <p class="small hint" id="escalation-nobody-hint">
                  {t('meNobodyAfterHint')}
                </p>
              )}
              <FieldError failure={failure} prefix={p} name={name} />
            </div>
          ))}
          <label class="check">
            <input type="checkbox" name="sponsorBreakthrough" checked={policy.sponsorBreakthrough} aria-describedby="escalation-breakthrough-hint" onChange={(e) => setPolicy({ ...policy, sponsorBreakthrough: e.currentTarget.checked })} />
            {t('meBreakthrough')}
          </label>
          <p class="small hint" id="escalation-breakthrough-hint">
            {t('meBreakthroughHint')}
          </p>
          <label class="check">
            <input type="checkbox" name="overdoseRiskCard" checked={policy.overdoseRiskCard} aria-describedby="escalation-overdose-hint" onChange={(e) => setPolicy({ ...policy, overdoseRiskCard: e.currentTarget.checked })} />
            {t('meOverdoseCard')}
          </label>
          <p class="small hint" id="escalation-overdose-hint">
            {t('meOverdoseCardHint')}
          </p>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {busy ? t('meSaving') : t('meEscalationSave')}
            </button>
          </div>
        </>
      )}
      <Outcome note={note} />
    </form>
  );
}

type Preferences = { showCravingDetails: boolean; callMeWhenNobodyAnswers: boolean };

/**
 * GET/PUT /me/notification-preferences: two switches that save at once (both values are sent, from one state, so
 * one switch never undoes the other): what the lock screen says, and a phone call at "nobody has answered".
 */
function LockScreenSection() {
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [note, setNote] = useState<Note>(null);
  const [callNote, setCallNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api
      .GET('/api/v1/me/notification-preferences')
      .then(({ data }) =>
        data
          ? setPrefs({ showCravingDetails: data.showCravingDetails, callMeWhenNobodyAnswers: data.callMeWhenNobodyAnswers })
          : setLoadFailed(true),
      )
      .catch(() => setLoadFailed(true));
  }, []);

  async function change(next: Preferences, saved: (data: Preferences) => string, show: (note: Note) => void): Promise<void> {
    if (busy || !prefs) return;
    const before = prefs;
    setPrefs(next);
    setBusy(true);
    try {
      const body = { showCravingDetails: next.showCravingDetails, callMeWhenNobodyAnswers: next.callMeWhenNobodyAnswers };
      const { data, error } = await api.PUT('/api/v1/me/notification-preferences', { body });
      if (data) {
        setPrefs({ showCravingDetails: data.showCravingDetails, callMeWhenNobodyAnswers: data.callMeWhenNobodyAnswers });
        show({ text: saved(data), error: false });
      } else {
        setPrefs(before);
        const phoneMissing = (error as { code?: string } | undefined)?.code === 'phone_required';
        show({
          text: phoneMissing ? t('meCallNeedsPhone') : t('requestFailed', { message: failureFrom(error, t('meLoadFailed')).message }),
          error: true,
        });
      }
    } catch {
      setPrefs(before);
      show({ text: t('meLoadFailed'), error: true });
    }
    setBusy(false);
  }

  const on = prefs ? prefs.showCravingDetails : null;
  const name = t('meLockExampleName');
  return (
    <>
      <section class="card" aria-labelledby="me-lock-title">
        <h2 id="me-lock-title">{t('meLockTitle')}</h2>
        <p>{t('meLockIntro')}</p>
        {loadFailed && <p class="error">{t('meLoadFailed')}</p>}
        {prefs && (
          <div class="switches">
            <Switch
              checked={prefs.showCravingDetails}
              label={t('meLockSwitch')}
              onToggle={() =>
                void change(
                  { ...prefs, showCravingDetails: !prefs.showCravingDetails },
                  (data) => (data.showCravingDetails ? t('meLockSavedOn') : t('meLockSavedOff')),
                  setNote,
                )
              }
            />
          </div>
        )}
        <ul id="lock-cases" class="lock-cases">
          <li class={on === false ? 'current' : undefined}>{t('meLockWhenOff', { name })}</li>
          <li class={on === true ? 'current' : undefined}>{t('meLockWhenOn', { name })}</li>
          <li>{t('meLockNotes')}</li>
        </ul>
        <Outcome note={note} />
      </section>
      <section class="card" aria-labelledby="me-call-title">
        <h2 id="me-call-title">{t('meCallTitle')}</h2>
        <p>{t('meCallIntro')}</p>
        {prefs && (
          <div class="switches">
            <Switch
              checked={prefs.callMeWhenNobodyAnswers}
              label={t('meCallSwitch')}
              onToggle={() =>
                void change(
                  { ...prefs, callMeWhenNobodyAnswers: !prefs.callMeWhenNobodyAnswers },
                  (data) => (data.callMeWhenNobodyAnswers ? t('meCallSavedOn') : t('meCallSavedOff')),
                  setCallNote,
                )
              }
            />
          </div>
        )}
        <p class="small hint">{t('meCallHint')}</p>
        <Outcome note={callNote} />
      </section>
    </>
  );
}

/** GET /blocks and DELETE /blocks/{userId}. */
function BlocksSection() {
  const [blocks, setBlocks] = useState<Blocked[] | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [note, setNote] = useState<Note>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void api
      .GET('/api/v1/blocks')
      .then(({ data }) => (data ? setBlocks(data) : setLoadFailed(true)))
      .catch(() => setLoadFailed(true));
  }, []);

  async function unblock(blocked: Blocked): Promise<void> {
    try {
      const { response, error } = await api.DELETE('/api/v1/blocks/{userId}', { params: { path: { userId: blocked.user.id } } });
      if (response.ok) {
        setBlocks((blocks ?? []).filter((b) => b.user.id !== blocked.user.id));
        setNote({ text: t('meUnblocked', { name: blocked.user.displayName }), error: false });
        heading.current?.focus();
      } else setNote({ text: t('requestFailed', { message: failureFrom(error, t('meLoadFailed')).message }), error: true });
    } catch {
      setNote({ text: t('meLoadFailed'), error: true });
    }
  }

  return (
    <section class="card" aria-labelledby="me-blocks-title">
      <h2 id="me-blocks-title" tabIndex={-1} ref={heading}>
        {t('meBlocksTitle')}
      </h2>
      <p>{t('meBlocksIntro')}</p>
      {loadFailed && <p class="error">{t('meLoadFailed')}</p>}
      {blocks?.length === 0 && <p>{t('meBlocksEmpty')}</p>}
      {blocks && blocks.length > 0 && (
        <ul class="plain blocks">
          {blocks.map((b) => (
            <li key={b.user.id}>
              <span>
                <strong>{b.user.displayName}</strong> <span class="small">{t('meBlockedOn', { date: new Date(b.blockedAt).toLocaleDateString() })}</span>
              </span>
              <button type="button" onClick={() => void unblock(b)}>
                {t('meUnblock', { name: b.user.displayName })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <Outcome note={note} />
    </section>
  );
}

/** Today's date (YYYY-MM-DD) where the member is. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** GET /me/export, saved as a JSON file through a blob URL (same origin, nothing leaves the page). */
function ExportSection() {
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);

  async function download(): Promise<void> {
    setBusy(true);
    try {
      const { data, error } = await api.GET('/api/v1/me/export');
      if (data) {
        const file = `homegroup-export-${today()}.json`;
        const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
        const link = document.createElement('a');
        link.href = url;
        link.download = file;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        setNote({ text: t('meExportDone', { file }), error: false });
      } else setNote({ text: t('requestFailed', { message: failureFrom(error, t('meLoadFailed')).message }), error: true });
    } catch {
      setNote({ text: t('meLoadFailed'), error: true });
    }
    setBusy(false);
  }

  return (
    <section class="card" aria-labelledby="me-export-title">
      <h2 id="me-export-title">{t('meExportTitle')}</h2>
      <p>{t('meExportIntro')}</p>
      <button type="button" disabled={busy} onClick={() => void download()}>
        {t('meExportButton')}
      </button>
      <Outcome note={note} />
    </section>
  );
}

/** DELETE /me/sessions: every device, this one too. */
function SessionsSection() {
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);

  async function signOutEverywhere(): Promise<void> {
    setBusy(true);
    try {
      const { response, error } = await api.DELETE('/api/v1/me/sessions');
      if (response.ok) {
        leave('signedOutEverywhere', 'signin');
        return;
      }
      setNote({ text: t('requestFailed', { message: failureFrom(error, t('meLoadFailed')).message }), error: true });
    } catch {
      setNote({ text: t('meLoadFailed'), error: true });
    }
    setBusy(false);
  }

  return (
    <section class="card" aria-labelledby="me-sessions-title">
      <h2 id="me-sessions-title">{t('meSessionsTitle')}</h2>
      <p>{t('meSessionsIntro')}</p>
      <button type="button" disabled={busy} onClick={() => void signOutEverywhere()}>
        {t('meSessionsButton')}
      </button>
      <Outcome note={note} />
    </section>
  );
}

/** DELETE /me, behind a confirmation that says what goes and needs the member's email (or the word) typed. */
function DeleteSection({ email }: { email: string }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const word = t('meDeleteWord');
  const answer = typed.trim();
  const confirmed = answer.toLowerCase() === email.toLowerCase() || answer.toUpperCase() === word || answer.toUpperCase() === 'DELETE';

  // Opening moves the focus to the confirmation; cancelling gives it back to the button that opened it.
  const opened = useRef(false);
  useEffect(() => {
    if (open) confirmHeading.current?.focus();
    else if (opened.current) start.current?.focus();
    opened.current = opened.current || open;
  }, [open]);

  function cancel(): void {
    setOpen(false);
    setTyped('');
  }

  async function erase(event: Event): Promise<void> {
    event.preventDefault();
    if (!confirmed) return;
    setBusy(true);
    try {
      const { response, error } = await api.DELETE('/api/v1/me');
      if (response.ok) {
        leave('deleted', 'find');
        return;
      }
      setNote({ text: t('requestFailed', { message: failureFrom(error, t('meLoadFailed')).message }), error: true });
    } catch {
      setNote({ text: t('meLoadFailed'), error: true });
    }
    setBusy(false);
  }

  return (
    <section class="card danger" aria-labelledby="me-delete-title">
      <h2 id="me-delete-title">{t('meDeleteTitle')}</h2>
      <p>{t('meDeleteIntro')}</p>
      {!open ? (
        <button type="button" class="danger" ref={start} onClick={() => setOpen(true)}>
          {t('meDeleteStart')}
        </button>
      ) : (
        <form class="delete-confirm" noValidate aria-labelledby="me-delete-confirm-title" onSubmit={(e) => void erase(e)}>
          <h3 id="me-delete-confirm-title" tabIndex={-1} ref={confirmHeading}>
            {t('meDeleteConfirmTitle')}
          </h3>
          <p>{t('meDeleteWhat')}</p>
          <ul>
            <li>{t('meDeleteItemProfile')}</li>
            <li>{t('meDeleteItemPeople')}</li>
            <li>{t('meDeleteItemCravings')}</li>
            <li>{t('meDeleteItemSettings')}</li>
            <li>{t('meDeleteItemGroups')}</li>
          </ul>
          <p>
            <strong>{t('meDeleteCannotUndo')}</strong>
          </p>
          <label for="delete-confirm-input">{t('meDeleteConfirmLabel', { email, word })}</label>
          <input id="delete-confirm-input" autocomplete="off" autocapitalize="off" spellcheck={false} value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
          <div class="actions">
            <button type="submit" class="danger primary" disabled={!confirmed || busy}>
              {t('meDeleteButton')}
            </button>
            <button type="button" onClick={cancel}>
              {t('meDeleteCancel')}
            </button>
          </div>
        </form>
      )}
      <Outcome note={note} />
    </section>
  );
}
