import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { FieldError, failureFrom, invalid, type Failure } from '../form-errors';
import { field } from '../format';
import { locale, t } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { connected, onSponsorshipEvents } from '../live';
import { user } from '../session';

type Sponsorship = Schemas['SponsorshipResponseDto'];
type SponsorCard = Schemas['SponsorCardResponseDto'];
type Fellowship = Schemas['FellowshipEntity'];
type SponsorProfile = Schemas['SponsorProfileResponseDto'];
type SearchQuery = NonNullable<paths['/api/v1/sponsors']['get']['parameters']['query']>;
type Action = 'accept' | 'decline' | 'withdraw' | 'end';
type Decision = Schemas['ReviewSponsorshipDto']['decision'];
/** What the screen says after an action (role="status"), or why it failed (role="alert"). */
type Feedback = { text: string; error: boolean } | null;

const LANGUAGES = ['en', 'es', 'fr', 'pt', 'de'];
const RADII_KM = [10, 25, 50, 100, 250];
const DEFAULT_RADIUS_KM = 50;
/** The relationship kinds this screen asks for (a fellowship's `relationshipKinds` says which it knows). */
const SPONSOR_KINDS = ['sponsor', 'temporary_sponsor'];
const PAGE = 10;

function kindLabel(kind: string): string {
  return kind === 'sponsor'
    ? t('spKindSponsor')
    : kind === 'temporary_sponsor'
      ? t('spKindTemporary')
      : kind.replace(/_/g, ' ');
}

function day(iso: string): string {
  return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium' }).format(new Date(iso));
}

function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([locale.value], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** About 1 km: enough to find someone nearby; the exact position never leaves the page. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function position(): Promise<{ lat: number; lng: number }> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error(t('geoUnavailable')));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: round(p.coords.latitude), lng: round(p.coords.longitude) }),
      () => reject(new Error(t('geoDenied'))),
      { maximumAge: 300_000, timeout: 15_000 },
    );
  });
}

/**
 * Screen 5, sponsorship: my sponsorships on both sides (answer, withdraw, end, review a temporary sponsor), find a
 * sponsor and ask, and my own offer to sponsor. The list refreshes when the other side acts (`sponsorship.updated`,
 * `sponsorship.review-due` over the socket) and after a reconnect, since events may have been missed meanwhile.
 */
export function SponsorsScreen() {
  const heading = useRef<HTMLHeadingElement>(null);
  const [list, setList] = useState<Sponsorship[] | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [fellowships, setFellowships] = useState<Fellowship[]>([]);
  const [news, setNews] = useState('');
  const loads = useRef(0);

  async function load(): Promise<void> {
    const mine = ++loads.current;
    try {
      const { data } = await api.GET('/api/v1/sponsorships');
      if (mine !== loads.current) return; // a newer load is under way
      if (data) setList(data);
      setLoadFailed(!data);
    } catch {
      if (mine === loads.current) setLoadFailed(true);
    }
  }

  useEffect(() => {
    heading.current?.focus();
    void api
      .GET('/api/v1/fellowships')
      .then(({ data }) => setFellowships(data ?? []))
      .catch(() => undefined);
    return onSponsorshipEvents({
      updated: (p) => {
        void load();
        if (p.by && p.by.id !== user.value?.id) setNews(liveText(p.status, p.by.displayName, p.kind));
      },
      reviewDue: (p) => {
        void load();
        const other = p.sponsor.id === user.value?.id ? p.sponsee : p.sponsor;
        setNews(t('spLiveReviewDue', { name: other.displayName }));
      },
    });
  }, []);

  const live = connected.value;
  useEffect(() => {
    if (live || list === null) void load();
  }, [live]);

  const fellowshipName = (code: string): string => fellowships.find((f) => f.code === code)?.name ?? code;

  return (
    <section aria-labelledby="sponsors-title">
      <h1 id="sponsors-title" tabIndex={-1} ref={heading}>
        {t('sponsorsTitle')}
      </h1>
      <p>{t('spIntro')}</p>
      <p role="status" class="small live-news">
        {news}
      </p>
      <MySponsorships list={list} failed={loadFailed} fellowshipName={fellowshipName} reload={load} />
      <FindSponsor fellowships={fellowships} fellowshipName={fellowshipName} onAsked={() => void load()} />
      <OfferToSponsor fellowships={fellowships} />
    </section>
  );
}

function liveText(status: Sponsorship['status'], name: string, kind: string): string {
  const keys: Record<Sponsorship['status'], MessageKey> = {
    requested: 'spLiveRequested',
    active: 'spLiveActive',
    ended: 'spLiveEnded',
    declined: 'spLiveDeclined',
    withdrawn: 'spLiveWithdrawn',
    expired: 'spLiveExpired',
  };
  return t(keys[status], { name, kind: kindLabel(kind) });
}

/* ------------------------------------------------------------------ my sponsorships */

function MySponsorships({
  list,
  failed,
  fellowshipName,
  reload,
}: {
  list: Sponsorship[] | null;
  failed: boolean;
  fellowshipName: (code: string) => string;
  reload: () => Promise<void>;
}) {
  const [feedback, setFeedback] = useState<Feedback>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const all = list ?? [];
  const waiting = all.filter((s) => s.status === 'requested' && s.role === 'sponsor');
  const asked = all.filter((s) => s.status === 'requested' && s.role === 'sponsee');
  const active = all.filter((s) => s.status === 'active');
  const past = all.filter((s) => s.status !== 'requested' && s.status !== 'active');

  /** After an action the list changes; when the button that was used is gone, focus goes to this section's title. */
  async function done(result: Feedback): Promise<void> {
    setFeedback(result);
    await reload();
    requestAnimationFrame(() => {
      const focused = document.activeElement;
      if (!focused || focused === document.body || !focused.isConnected) title.current?.focus();
    });
  }

  const item = (s: Sponsorship) => (
    <SponsorshipItem key={s.id} s={s} fellowshipName={fellowshipName} done={done} />
  );
  return (
    <section class="card" aria-labelledby="sp-mine-title">
      <h2 id="sp-mine-title" tabIndex={-1} ref={title}>
        {t('spMineTitle')}
      </h2>
      {failed && <p class="error">{t('spLoadFailed')}</p>}
      {list === null && !failed && <p>{t('spLoading')}</p>}
      {list?.length === 0 && <p>{t('spMineNone')}</p>}
      <div role="status">{feedback && !feedback.error ? <p>{feedback.text}</p> : null}</div>
      <div role="alert">{feedback?.error ? <p class="error">{feedback.text}</p> : null}</div>
      {waiting.length > 0 && (
        <>
          <h3>{t('spWaitingTitle', { n: waiting.length })}</h3>
          <ul class="plain">{waiting.map(item)}</ul>
        </>
      )}
      {asked.length > 0 && (
        <>
          <h3>{t('spAskedTitle', { n: asked.length })}</h3>
          <ul class="plain">{asked.map(item)}</ul>
        </>
      )}
      {active.length > 0 && (
        <>
          <h3>{t('spActiveTitle', { n: active.length })}</h3>
          <ul class="plain">{active.map(item)}</ul>
        </>
      )}
      {past.length > 0 && (
        <details class="past">
          <summary>{t('spPastTitle', { n: past.length })}</summary>
          <ul class="plain">{past.map(item)}</ul>
        </details>
      )}
    </section>
  );
}

function post(action: Action, id: string) {
  const params = { params: { path: { id } } };
  switch (action) {
    case 'accept':
      return api.POST('/api/v1/sponsorships/{id}/accept', params);
    case 'decline':
      return api.POST('/api/v1/sponsorships/{id}/decline', params);
    case 'withdraw':
      return api.POST('/api/v1/sponsorships/{id}/withdraw', params);
    case 'end':
      return api.POST('/api/v1/sponsorships/{id}/end', params);
  }
}

/** One sponsorship, from my side: what it is, when, and what I can do now. */
function SponsorshipItem({
  s,
  fellowshipName,
  done,
}: {
  s: Sponsorship;
  fellowshipName: (code: string) => string;
  done: (result: Feedback) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const other = s.role === 'sponsor' ? s.sponsee : s.sponsor;
  const name = other.displayName;
  const values = { name, kind: kindLabel(s.kind), fellowship: fellowshipName(s.fellowship) };
  const temporary = s.kind === 'temporary_sponsor';

  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);

  async function run(
    call: () => Promise<{ data?: unknown; error?: unknown }>,
    success: string,
  ): Promise<void> {
    setBusy(true);
    let result: Feedback;
    try {
      const { data, error } = await call();
      result = data
        ? { text: success, error: false }
        : {
            text: t('requestFailed', { message: failureFrom(error, t('searchFailed')).message }),
            error: true,
          };
    } catch {
      result = { text: t('searchFailed'), error: true };
    }
    setBusy(false);
    setConfirming(false);
    await done(result);
  }

  const act = (action: Action, success: MessageKey) => run(() => post(action, s.id), t(success, values));
  const review = (decision: Decision, success: MessageKey) =>
    run(
      () =>
        api.POST('/api/v1/sponsorships/{id}/review', { params: { path: { id: s.id } }, body: { decision } }),
      t(success, values),
    );

  let summary: string;
  if (s.status === 'requested')
    summary = s.role === 'sponsor' ? t('spWaitingItem', values) : t('spAskedItem', values);
  else if (s.status === 'active')
    summary = s.role === 'sponsor' ? t('spActiveSponsorItem', values) : t('spActiveSponseeItem', values);
  else summary = s.role === 'sponsor' ? t('spPastSponsorItem', values) : t('spPastSponseeItem', values);

  const makePrimary =
    s.role === 'sponsee' ? t('spMakePrimarySponsee', values) : t('spMakePrimarySponsor', values);
  const reviewButtons = (
    <div class="actions">
      <button type="button" disabled={busy} onClick={() => void review('continue', 'spContinued')}>
        {t('spContinue', values)}
      </button>
      <button type="button" disabled={busy} onClick={() => void review('make_primary', 'spMadePrimary')}>
        {makePrimary}
      </button>
    </div>
  );

  return (
    <li class="sp-item">
      <p>
        <strong>{summary}</strong>
      </p>
      <p class="meta">
        {s.status === 'requested' && t('spRequestedOn', { date: day(s.requestedAt) })}
        {s.status === 'requested' && s.expiresAt && ` · ${t('spExpiresOn', { date: day(s.expiresAt) })}`}
        {s.status === 'active' && s.startedAt && t('spSince', { date: day(s.startedAt) })}
        {s.status === 'active' &&
          temporary &&
          s.reviewAt &&
          ` · ${t('spReviewOn', { date: day(s.reviewAt) })}`}
        {s.status !== 'requested' && s.status !== 'active' && pastText(s)}
      </p>
      {s.warnings.length > 0 && (s.status === 'requested' || s.status === 'active') && (
        <ul class="warnings small">
          {s.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {s.status === 'active' && temporary && s.reviewDue && (
        <div class="review" role="group" aria-labelledby={`review-${s.id}`}>
          <p id={`review-${s.id}`}>
            <strong>{t('spReviewDue')}</strong> {t('spReviewQuestion', values)}
          </p>
          {reviewButtons}
        </div>
      )}
      {s.status === 'active' && temporary && !s.reviewDue && (
        <details class="review-early">
          <summary>{t('spReviewEarly', values)}</summary>
          {reviewButtons}
        </details>
      )}
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby={`end-${s.id}`}>
          <p id={`end-${s.id}`}>
            {s.role === 'sponsee' ? t('spEndConfirmSponsee', values) : t('spEndConfirmSponsor', values)}
          </p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => void act('end', 'spEnded')}>
              {t('spEndYes')}
            </button>
            <button type="button" ref={keep} disabled={busy} onClick={() => setConfirming(false)}>
              {t('spEndNo')}
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          {s.status === 'requested' && s.role === 'sponsor' && (
            <>
              <button
                type="button"
                class="primary"
                disabled={busy}
                onClick={() => void act('accept', 'spAccepted')}
              >
                {t('spAccept', values)}
              </button>
              <button type="button" disabled={busy} onClick={() => void act('decline', 'spDeclined')}>
                {t('spDecline', values)}
              </button>
            </>
          )}
          {s.status === 'requested' && s.role === 'sponsee' && (
            <button type="button" disabled={busy} onClick={() => void act('withdraw', 'spWithdrawn')}>
              {t('spWithdraw', values)}
            </button>
          )}
          {s.status === 'active' && (
            <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
              {t('spEnd', values)}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function pastText(s: Sponsorship): string {
  switch (s.status) {
    case 'ended':
      return t('spStatusEnded', { date: day(s.endedAt ?? s.requestedAt) });
    case 'declined':
      return t('spStatusDeclined', { date: day(s.requestedAt) });
    case 'withdrawn':
      return t('spStatusWithdrawn', { date: day(s.requestedAt) });
    default:
      return t('spStatusExpired', { date: day(s.requestedAt) });
  }
}

/* ------------------------------------------------------------------ find a sponsor */

type FindState =
  | { kind: 'idle' }
  | { kind: 'locating' }
  | { kind: 'searching' }
  | { kind: 'error'; failure: Failure }
  | { kind: 'done'; items: SponsorCard[]; next: string | null; query: SearchQuery };

function FindSponsor({
  fellowships,
  fellowshipName,
  onAsked,
}: {
  fellowships: Fellowship[];
  fellowshipName: (code: string) => string;
  onAsked: () => void;
}) {
  const [state, setState] = useState<FindState>({ kind: 'idle' });
  const [more, setMore] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const sponsoring = fellowships.filter((f) => f.hasSponsors);
  const p = 'sp-find';

  function filters(): SearchQuery {
    const query: SearchQuery = { limit: PAGE };
    if (!form.current) return query;
    const data = new FormData(form.current);
    const fellowship = field(data, 'fellowship');
    if (fellowship) query.fellowship = fellowship;
    const language = field(data, 'language');
    if (language) query.language = language;
    const region = field(data, 'region').trim();
    if (region) query.region = region;
    const gender = field(data, 'gender');
    if (gender === 'same' || gender === 'any') query.gender = gender;
    return query;
  }

  async function search(query: SearchQuery, append = false): Promise<void> {
    if (!append) setState({ kind: 'searching' });
    setMore(append);
    try {
      const { data, error } = await api.GET('/api/v1/sponsors', { params: { query } });
      if (!data) {
        setState({ kind: 'error', failure: failureFrom(error, t('searchFailed')) });
        return;
      }
      const before = append && state.kind === 'done' ? state.items : [];
      setState({ kind: 'done', items: [...before, ...data.items], next: data.nextCursor, query });
    } catch {
      setState({ kind: 'error', failure: failureFrom(null, t('searchFailed')) });
    } finally {
      setMore(false);
    }
  }

  async function nearMe(): Promise<void> {
    setState({ kind: 'locating' });
    try {
      const here = await position();
      const radius = form.current
        ? Number(field(new FormData(form.current), 'radiusKm')) || DEFAULT_RADIUS_KM
        : DEFAULT_RADIUS_KM;
      const query = filters();
      delete query.region;
      await search({ ...query, ...here, radiusKm: radius });
    } catch (error) {
      setState({
        kind: 'error',
        failure: failureFrom({ message: (error as Error).message }, t('geoDenied')),
      });
    }
  }

  const failure = state.kind === 'error' ? state.failure : null;
  const busy = state.kind === 'locating' || state.kind === 'searching';
  return (
    <section class="card" aria-labelledby="sp-find-title">
      <h2 id="sp-find-title">{t('spFindTitle')}</h2>
      <p>{t('spFindIntro')}</p>
      <form
        ref={form}
        noValidate
        aria-labelledby="sp-find-title"
        onSubmit={(e) => {
          e.preventDefault();
          void search(filters());
        }}
      >
        <div class="filter-grid">
          <div>
            <label for={`${p}-fellowship`}>{t('filterFellowship')}</label>
            <select id={`${p}-fellowship`} name="fellowship" {...invalid(failure, p, 'fellowship')}>
              <option value="">{t('filterAny')}</option>
              {sponsoring.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.name}
                </option>
              ))}
            </select>
            <FieldError failure={failure} prefix={p} name="fellowship" />
          </div>
          <div>
            <label for={`${p}-language`}>{t('spLanguage')}</label>
            <select id={`${p}-language`} name="language">
              <option value="">{t('filterAny')}</option>
              {[...new Set([...(user.value?.languages ?? []), ...LANGUAGES])].map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for={`${p}-gender`}>{t('spGender')}</label>
            {/* Starts at the member's own preference (GET /sponsors' default), and is always sent. */}
            <select id={`${p}-gender`} name="gender">
              {(['same', 'any'] as const).map((g) => (
                <option key={g} value={g} selected={g === (user.value?.sponsorGenderPreference ?? 'any')}>
                  {g === 'same' ? t('spGenderSame') : t('spGenderAny')}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for={`${p}-region`}>{t('spRegion')}</label>
            <input
              id={`${p}-region`}
              name="region"
              maxLength={80}
              autocomplete="address-level2"
              {...invalid(failure, p, 'region')}
            />
            <FieldError failure={failure} prefix={p} name="region" />
          </div>
          <div>
            <label for={`${p}-radius`}>{t('spRadius')}</label>
            <select id={`${p}-radius`} name="radiusKm">
              {RADII_KM.map((km) => (
                <option key={km} value={String(km)} selected={km === DEFAULT_RADIUS_KM}>
                  {t('spKm', { km })}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t('spSearch')}
          </button>
          <button type="button" disabled={busy} onClick={() => void nearMe()}>
            {t('spNearMe')}
          </button>
        </div>
      </form>
      <div aria-live="polite" class="status">
        {state.kind === 'locating' && <p>{t('locating')}</p>}
        {state.kind === 'searching' && <p>{t('spSearching')}</p>}
        {state.kind === 'done' && (
          <p>{state.items.length ? t('spFound', { n: state.items.length }) : t('spFoundNone')}</p>
        )}
      </div>
      <div role="alert">
        {failure && (
          <p class="error">{Object.keys(failure.fields).length ? t('fixFields') : failure.message}</p>
        )}
      </div>
      {state.kind === 'done' && state.items.length > 0 && (
        <ol class="plain sponsors">
          {state.items.map((card) => (
            <SponsorResult
              key={card.id}
              card={card}
              fellowships={fellowships}
              fellowshipName={fellowshipName}
              onAsked={onAsked}
            />
          ))}
        </ol>
      )}
      {state.kind === 'done' && state.next && (
        <button
          type="button"
          disabled={more}
          onClick={() => void search({ ...state.query, cursor: state.next ?? undefined }, true)}
        >
          {t('spMore')}
        </button>
      )}
    </section>
  );
}

/** A sponsor as discovery shows them (never a contact detail), and the request to them. */
function SponsorResult({
  card,
  fellowships,
  fellowshipName,
  onAsked,
}: {
  card: SponsorCard;
  fellowships: Fellowship[];
  fellowshipName: (code: string) => string;
  onAsked: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const [sent, setSent] = useState<Sponsorship | null>(null);
  const titleId = `sponsor-${card.id}`;
  return (
    <li class="card sponsor">
      <h3 id={titleId}>{card.displayName}</h3>
      <p class="meta">
        {card.fellowships.map(fellowshipName).join(', ')}
        {card.languages.length > 0 && ` · ${card.languages.map(languageName).join(', ')}`}
        {card.region && ` · ${card.region}`}
        {card.distanceKm !== undefined && ` · ${t('distance', { km: card.distanceKm })}`}
      </p>
      {card.bio && <p>{card.bio}</p>}
      {sent ? (
        <div role="status">
          <p>{t('spSent', { name: card.displayName, date: sent.expiresAt ? day(sent.expiresAt) : '' })}</p>
          {sent.warnings.length > 0 && (
            <>
              <p>{t('spWarnings')}</p>
              <ul class="warnings">
                {sent.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : asking ? (
        <AskForm
          card={card}
          fellowships={fellowships}
          onCancel={() => setAsking(false)}
          onSent={(s) => {
            setSent(s);
            setAsking(false);
            onAsked();
          }}
        />
      ) : (
        <button type="button" class="primary" onClick={() => setAsking(true)}>
          {t('spAsk', { name: card.displayName })}
        </button>
      )}
    </li>
  );
}

function AskForm({
  card,
  fellowships,
  onCancel,
  onSent,
}: {
  card: SponsorCard;
  fellowships: Fellowship[];
  onCancel: () => void;
  onSent: (s: Sponsorship) => void;
}) {
  const mine = user.value?.fellowships ?? [];
  const offered = card.fellowships.filter(
    (code) => fellowships.find((f) => f.code === code)?.hasSponsors !== false,
  );
  const [fellowship, setFellowship] = useState(offered.find((c) => mine.includes(c)) ?? offered[0] ?? '');
  const known = fellowships.find((f) => f.code === fellowship)?.relationshipKinds ?? SPONSOR_KINDS;
  const kinds = SPONSOR_KINDS.filter((k) => known.includes(k));
  const [kind, setKind] = useState('sponsor');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  const p = `ask-${card.id}`;

  useEffect(() => first.current?.focus(), []);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const days = field(data, 'reviewInDays').trim();
    const chosen = kinds.includes(kind) ? kind : 'sponsor';
    setBusy(true);
    try {
      const { data: created, error } = await api.POST('/api/v1/sponsorships', {
        body: {
          sponsorId: card.id,
          fellowship,
          kind: chosen as Schemas['CreateSponsorshipDto']['kind'],
          ...(chosen === 'temporary_sponsor' && days ? { reviewInDays: Number(days) } : {}),
        },
      });
      if (created) onSent(created);
      else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
    setBusy(false);
  }

  const named = failure ? Object.keys(failure.fields) : [];
  const onForm = ['fellowship', 'kind', 'reviewInDays'];
  return (
    <form
      class="ask"
      noValidate
      aria-label={t('spAskForm', { name: card.displayName })}
      onSubmit={(e) => void submit(e)}
    >
      <label for={`${p}-fellowship`}>{t('filterFellowship')}</label>
      <select
        id={`${p}-fellowship`}
        ref={first}
        value={fellowship}
        onChange={(e) => setFellowship(e.currentTarget.value)}
        {...invalid(failure, p, 'fellowship')}
      >
        {offered.map((code) => (
          <option key={code} value={code}>
            {fellowships.find((f) => f.code === code)?.name ?? code}
          </option>
        ))}
      </select>
      <FieldError failure={failure} prefix={p} name="fellowship" />
      <fieldset class="resolve">
        <legend>{t('spKindQuestion', { name: card.displayName })}</legend>
        {kinds.map((k) => (
          <label key={k} class="check">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {k === 'sponsor' ? t('spKindSponsorLong') : t('spKindTemporaryLong')}
          </label>
        ))}
      </fieldset>
      <FieldError failure={failure} prefix={p} name="kind" />
      {kind === 'temporary_sponsor' && (
        <>
          <label for={`${p}-reviewInDays`}>{t('spReviewInDays')}</label>
          <input
            id={`${p}-reviewInDays`}
            name="reviewInDays"
            type="number"
            min={7}
            max={365}
            step={1}
            inputMode="numeric"
            {...invalid(failure, p, 'reviewInDays')}
          />
          <FieldError failure={failure} prefix={p} name="reviewInDays" />
        </>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('spSend')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('spCancel')}
        </button>
      </div>
      <div role="alert">
        {failure && (
          <p class="error">
            {named.length && named.every((n) => onForm.includes(n))
              ? t('fixFields')
              : t('requestFailed', { message: failure.message })}
          </p>
        )}
      </div>
    </form>
  );
}

/* ------------------------------------------------------------------ offer to sponsor */

function OfferToSponsor({ fellowships }: { fellowships: Fellowship[] }) {
  const [profile, setProfile] = useState<SponsorProfile | null | undefined>(undefined);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [stopping, setStopping] = useState(false);
  const [location, setLocation] = useState<{ lat: number; lng: number } | null>(null);
  const [locError, setLocError] = useState('');
  const [formKey, setFormKey] = useState(0);
  const keep = useRef<HTMLButtonElement>(null);
  const p = 'sp-offer';
  const sponsoring = fellowships.filter((f) => f.hasSponsors);
  const me = user.value;

  useEffect(() => {
    void api
      .GET('/api/v1/me/sponsor-profile')
      .then(({ data }) => {
        setProfile(data ?? null);
        setLocation(data?.location ?? null);
      })
      .catch(() => setProfile(null));
  }, []);

  useEffect(() => {
    if (stopping) keep.current?.focus();
  }, [stopping]);

  async function locate(): Promise<void> {
    setLocError('');
    try {
      setLocation(await position());
    } catch (error) {
      setLocError((error as Error).message);
    }
  }

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string): string | null => field(data, name).trim() || null;
    const languages = field(data, 'languages')
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    const max = field(data, 'maxSponsees');
    setBusy(true);
    setNote('');
    try {
      const { data: saved, error } = await api.PUT('/api/v1/me/sponsor-profile', {
        body: {
          available: data.get('available') === 'on',
          // An empty field is sent as it is, so the API says what it needs.
          maxSponsees: (max === '' ? max : Number(max)) as number,
          fellowships: data.getAll('fellowships').filter((v): v is string => typeof v === 'string'),
          languages,
          bio: text('bio'),
          region: text('region'),
          location,
        },
      });
      if (saved) {
        setFailure(null);
        setProfile(saved);
        setNote(saved.available ? t('spOfferSaved') : t('spOfferSavedHidden'));
      } else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
    setBusy(false);
  }

  async function stop(): Promise<void> {
    setBusy(true);
    try {
      const { response } = await api.DELETE('/api/v1/me/sponsor-profile');
      if (response.ok || response.status === 404) {
        setProfile(null);
        setLocation(null);
        setFormKey((k) => k + 1);
        setNote(t('spOfferStopped'));
      } else setNote(t('searchFailed'));
    } catch {
      setNote(t('searchFailed'));
    }
    setStopping(false);
    setBusy(false);
  }

  const known = [
    'available',
    'maxSponsees',
    'fellowships',
    'languages',
    'bio',
    'region',
    'location',
    'location.lat',
    'location.lng',
  ];
  const elsewhere = failure ? Object.keys(failure.fields).filter((f) => !known.includes(f)) : [];
  const defaults = profile ?? {
    available: true,
    maxSponsees: 3,
    fellowships: (me?.fellowships ?? []).filter((c) => sponsoring.some((f) => f.code === c)),
    languages: me?.languages ?? [],
    bio: null,
    region: null,
  };
  return (
    <section class="card" aria-labelledby="sp-offer-title">
      <h2 id="sp-offer-title">{t('spOfferTitle')}</h2>
      <p>
        {profile
          ? t('spOfferLoad', { n: profile.activeSponsees, max: profile.maxSponsees })
          : t('spOfferIntro')}
      </p>
      {profile !== undefined && (
        <details class="offer" open={profile !== null}>
          <summary>{profile ? t('spOfferEdit') : t('spOfferOpen')}</summary>
          <form
            key={formKey}
            class="stack"
            noValidate
            aria-labelledby="sp-offer-title"
            onSubmit={(e) => void save(e)}
          >
            <label class="check">
              <input type="checkbox" name="available" defaultChecked={defaults.available} />
              {t('spOfferAvailable')}
            </label>
            <label for={`${p}-max`}>{t('spOfferMax')}</label>
            <input
              id={`${p}-max`}
              name="maxSponsees"
              type="number"
              min={1}
              max={20}
              step={1}
              inputMode="numeric"
              defaultValue={String(defaults.maxSponsees)}
              {...invalid(failure, p, 'maxSponsees')}
            />
            <FieldError failure={failure} prefix={p} name="maxSponsees" />
            <fieldset
              {...(failure?.fields.fellowships ? { 'aria-describedby': `${p}-fellowships-error` } : {})}
            >
              <legend>{t('spOfferFellowships')}</legend>
              {sponsoring.map((f) => (
                <label key={f.code} class="check">
                  <input
                    type="checkbox"
                    name="fellowships"
                    value={f.code}
                    defaultChecked={defaults.fellowships.includes(f.code)}
                  />
                  {f.name}
                </label>
              ))}
            </fieldset>
            <FieldError failure={failure} prefix={p} name="fellowships" />
            <label for={`${p}-languages`}>{t('spOfferLanguages')}</label>
            <input
              id={`${p}-languages`}
              name="languages"
              defaultValue={defaults.languages.join(', ')}
              {...invalid(failure, p, 'languages')}
            />
            <FieldError failure={failure} prefix={p} name="languages" />
            <label for={`${p}-region`}>{t('spOfferRegion')}</label>
            <input
              id={`${p}-region`}
              name="region"
              maxLength={80}
              defaultValue={defaults.region ?? ''}
              {...invalid(failure, p, 'region')}
            />
            <FieldError failure={failure} prefix={p} name="region" />
            <label for={`${p}-bio`}>{t('spOfferBio')}</label>
            <textarea
              id={`${p}-bio`}
              name="bio"
              rows={3}
              maxLength={500}
              defaultValue={defaults.bio ?? ''}
              aria-describedby={failure?.fields.bio ? `${p}-bio-hint ${p}-bio-error` : `${p}-bio-hint`}
              {...(failure?.fields.bio ? { 'aria-invalid': true } : {})}
            />
            <p class="small" id={`${p}-bio-hint`}>
              {t('spOfferBioHint')}
            </p>
            <FieldError failure={failure} prefix={p} name="bio" />
            <fieldset>
              <legend>{t('spOfferLocation')}</legend>
              <p class="small">{location ? t('spOfferLocationSet') : t('spOfferLocationNone')}</p>
              <div class="actions">
                <button type="button" onClick={() => void locate()}>
                  {t('spOfferLocate')}
                </button>
                {location && (
                  <button type="button" onClick={() => setLocation(null)}>
                    {t('spOfferUnlocate')}
                  </button>
                )}
              </div>
              {locError && <p class="error">{locError}</p>}
              <FieldError failure={failure} prefix={p} name="location" />
            </fieldset>
            <div class="actions">
              <button type="submit" class="primary" disabled={busy}>
                {profile ? t('spOfferSave') : t('spOfferStart')}
              </button>
            </div>
            <div role="alert">
              {failure && (
                <>
                  <p class="error">
                    {Object.keys(failure.fields).length
                      ? t('fixFields')
                      : t('requestFailed', { message: failure.message })}
                  </p>
                  {elsewhere.length > 0 && (
                    <ul class="error">
                      {elsewhere.map((f) => (
                        <li key={f}>{failure.fields[f]}</li>
                      ))}
                    </ul>
                  )}
                </>
              )}
            </div>
          </form>
        </details>
      )}
      <p role="status">{note}</p>
      {profile &&
        (stopping ? (
          <div class="confirm" role="group" aria-labelledby="sp-stop-q">
            <p id="sp-stop-q">{t('spOfferStopConfirm')}</p>
            <div class="actions">
              <button type="button" class="danger" disabled={busy} onClick={() => void stop()}>
                {t('spOfferStopYes')}
              </button>
              <button type="button" ref={keep} onClick={() => setStopping(false)}>
                {t('spEndNo')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" onClick={() => setStopping(true)}>
            {t('spOfferStop')}
          </button>
        ))}
    </section>
  );
}
