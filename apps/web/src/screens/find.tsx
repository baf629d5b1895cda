import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { locale, t } from '../i18n';
import { field, timeIn, viewerZone, weekdayName, zoneName } from '../format';
import { parting, user } from '../session';

type Meeting = Schemas['MeetingSearchItemResponseDto'];
type Fellowship = Schemas['FellowshipEntity'];
type Place = Schemas['MeetingPlaceResponseDto'];
type State =
  | { kind: 'idle' }
  | { kind: 'locating' }
  | { kind: 'searching' }
  | { kind: 'error'; message: string; geo?: boolean }
  | { kind: 'done'; items: Meeting[]; near: boolean; offline: boolean; place?: string };

type Query = NonNullable<paths['/api/v1/meetings']['get']['parameters']['query']>;
type Filters = Pick<Query, 'fellowship' | 'types' | 'attendance' | 'languages' | 'weekday' | 'startTimeFrom' | 'startTimeTo' | 'inProgress' | 'startsWithinMinutes'>;

/** Times of day, in the meeting's own zone (an end before the start runs past midnight, as the API reads it). */
const TIMES_OF_DAY = { morning: ['05:00', '11:59'], afternoon: ['12:00', '16:59'], evening: ['17:00', '20:59'], night: ['21:00', '04:59'] } as const;
type TimeOfDay = keyof typeof TIMES_OF_DAY;
const TYPES = ['O', 'C', 'D', 'SP', 'BE', 'ST'] as const;
const LANGUAGES = ['en', 'es', 'fr', 'pt', 'de'] as const;
/** "Starting soon": within this many minutes (and meetings in progress), first in the API's order by start. */
export const SOON_MINUTES = 60;

/** The filters of the form, as the query parameters GET /meetings already takes. */
function filtersFrom(form: FormData): Filters {
  const filters: Filters = {};
  const fellowship = field(form, 'fellowship');
  if (fellowship) filters.fellowship = fellowship;
  const types = form.getAll('types').filter((v): v is string => typeof v === 'string');
  if (types.length) filters.types = types;
  const attendance = field(form, 'attendance');
  if (attendance === 'in_person' || attendance === 'online' || attendance === 'hybrid') filters.attendance = attendance;
  const language = field(form, 'language');
  if (language) filters.languages = [language];
  const weekday = field(form, 'weekday');
  if (weekday !== '') filters.weekday = Number(weekday);
  const time = field(form, 'timeOfDay');
  if (time in TIMES_OF_DAY) [filters.startTimeFrom, filters.startTimeTo] = TIMES_OF_DAY[time as TimeOfDay];
  if (field(form, 'soon') === 'on') {
    filters.inProgress = true;
    filters.startsWithinMinutes = SOON_MINUTES;
  }
  return filters;
}

/**
 * Find a meeting, no account needed: near me (browser geolocation) or anywhere, with filters. Meetings in progress
 * first (badge), then by next start (the API's order), so those starting soon (badge) come next.
 */
export function FindScreen() {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [fellowships, setFellowships] = useState<Fellowship[]>([]);
  const [places, setPlaces] = useState<Place[]>([]);
  const form = useRef<HTMLFormElement>(null);
  const placeSelect = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    void api
      .GET('/api/v1/fellowships')
      .then(({ data }) => setFellowships(data ?? []))
      .catch(() => undefined);
    // The places the listings know: where to search when the browser will not (or may not) say where you are.
    void api
      .GET('/api/v1/meetings/places', { params: { query: { limit: 500 } } })
      .then(({ data }) => setPlaces(data ? [...data.items].sort((a, b) => a.label.localeCompare(b.label, locale.value)) : []))
      .catch(() => undefined);
  }, []);

  const currentFilters = (): Filters => (form.current ? filtersFrom(new FormData(form.current)) : {});

  function nearMe(): void {
    if (!('geolocation' in navigator)) {
      setState({ kind: 'error', message: t('geoUnavailable'), geo: true });
      placeSelect.current?.focus();
      return;
    }
    setState({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => void search({ lat: round(position.coords.latitude), lng: round(position.coords.longitude), radiusKm: 25 }),
      () => {
        setState({ kind: 'error', message: t('geoDenied'), geo: true });
        // The way on: the place picker (when the listings know places).
        placeSelect.current?.focus();
      },
      { maximumAge: 300_000, timeout: 15_000 },
    );
  }

  function nearPlace(): void {
    const chosen = places.find((p) => placeKey(p) === placeSelect.current?.value);
    if (!chosen) {
      setState({ kind: 'error', message: t('placeNone') });
      placeSelect.current?.focus();
      return;
    }
    void search({ lat: chosen.lat, lng: chosen.lng, radiusKm: 25 }, chosen.label);
  }

  async function search(near: Pick<Query, 'lat' | 'lng' | 'radiusKm'>, place?: string): Promise<void> {
    setState({ kind: 'searching' });
    const query: Query = { ...near, ...currentFilters(), viewerTimezone: viewerZone, limit: 20 };
    try {
      // The API orders by next start, from now: a meeting already running shows its next occurrence. So unless the
      // search is for "now or soon" only, the ones running now are asked for too (inProgress alone) and put first.
      const [running, upcoming] = await Promise.all([
        query.inProgress ? Promise.resolve(null) : api.GET('/api/v1/meetings', { params: { query: { ...query, inProgress: true } } }),
        api.GET('/api/v1/meetings', { params: { query } }),
      ]);
      const data = upcoming.data;
      if (!data || (running && !running.data)) {
        setState({ kind: 'error', message: t('searchFailed') });
        return;
      }
      const first = running?.data?.items ?? [];
      const ids = new Set(first.map((m) => m.id));
      // Offline, the service worker answers with the last search it kept (ADR 0026) and marks it.
      const offline = upcoming.response.headers.has('x-homegroup-offline-copy');
      setState({ kind: 'done', items: [...first, ...data.items.filter((m) => !ids.has(m.id))], near: near.lat !== undefined, offline, place });
    } catch {
      setState({ kind: 'error', message: t('searchFailed') });
    }
  }

  const busy = state.kind === 'locating' || state.kind === 'searching';
  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">{t('findTitle')}</h1>
      {parting.value === 'deleted' && <Goodbye />}
      <p>{t('findIntro')}</p>
      <form
        ref={form}
        class="card filters"
        aria-label={t('filtersTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void search({});
        }}
      >
        <div class="filter-grid">
          <div>
            <label for="f-fellowship">{t('filterFellowship')}</label>
            <select id="f-fellowship" name="fellowship">
              <option value="">{t('filterAny')}</option>
              {fellowships.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-attendance">{t('filterAttendance')}</label>
            <select id="f-attendance" name="attendance">
              <option value="">{t('filterAny')}</option>
              <option value="in_person">{t('inPerson')}</option>
              <option value="online">{t('online')}</option>
              <option value="hybrid">{t('hybrid')}</option>
            </select>
          </div>
          <div>
            <label for="f-language">{t('filterLanguage')}</label>
            <select id="f-language" name="language">
              <option value="">{t('filterAny')}</option>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-weekday">{t('filterDay')}</label>
            <select id="f-weekday" name="weekday">
              <option value="">{t('filterAny')}</option>
              {[0, 1, 2, 3, 4, 5, 6].map((d) => (
                <option key={d} value={String(d)}>
                  {weekdayName(d)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-time">{t('filterTime')}</label>
            <select id="f-time" name="timeOfDay">
              <option value="">{t('filterAny')}</option>
              <option value="morning">{t('timeMorning')}</option>
              <option value="afternoon">{t('timeAfternoon')}</option>
              <option value="evening">{t('timeEvening')}</option>
              <option value="night">{t('timeNight')}</option>
            </select>
          </div>
        </div>
        <fieldset class="types">
          <legend>{t('filterTypes')}</legend>
          {TYPES.map((code) => (
            <label key={code} class="check">
              <input type="checkbox" name="types" value={code} />{t(`type${code}`)}
            </label>
          ))}
        </fieldset>
        <label class="check">
          <input type="checkbox" name="soon" />{t('filterSoon', { n: SOON_MINUTES })}
        </label>
        <div class="actions">
          <button type="button" class="primary" onClick={nearMe} disabled={busy}>
            {t('nearMe')}
          </button>
          <button type="submit" disabled={busy}>
            {t('searchAnywhere')}
          </button>
        </div>
        {places.length > 0 && (
          <div class="place-picker">
            <label for="f-place">{t('placePick')}</label>
            <p id="f-place-hint" class="small">
              {t('placeHint')}
            </p>
            <select id="f-place" name="place" ref={placeSelect} aria-describedby="f-place-hint">
              <option value="">{t('placeChoose')}</option>
              {places.map((p) => (
                <option key={placeKey(p)} value={placeKey(p)}>
                  {t('placeOption', { place: p.label, n: p.meetings })}
                </option>
              ))}
            </select>
            <button type="button" onClick={nearPlace} disabled={busy}>
              {t('placeSearch')}
            </button>
          </div>
        )}
      </form>
      <div aria-live="polite" class="status">
        {state.kind === 'locating' && <p>{t('locating')}</p>}
        {state.kind === 'searching' && <p>{t('searching')}</p>}
        {state.kind === 'error' && (
          <p class="error">
            {state.message}
            {state.geo && places.length > 0 ? ` ${t('placeInstead')}` : ''}
          </p>
        )}
        {state.kind === 'done' && state.offline && <p>{t('offlineLastSearch')}</p>}
        {state.kind === 'done' && state.place && <p>{t('nearPlace', { place: state.place })}</p>}
        {state.kind === 'done' && <p>{state.items.length ? t('resultsCount', { n: state.items.length }) : state.near ? t('noMeetings') : t('noMeetingsAnywhere')}</p>}
      </div>
      {state.kind === 'done' && state.items.length > 0 && (
        <ol class="meetings">
          {state.items.map((m) => (
            <MeetingCard key={m.id} meeting={m} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** A place's value in the picker: its centre is what a search needs, its label what it says. */
function placeKey(p: Place): string {
  return `${p.lat},${p.lng},${p.label}`;
}

/** After the member deleted their account (the Me screen): a kind word, focused so it is read first. */
function Goodbye() {
  const note = useRef<HTMLParagraphElement>(null);
  useEffect(() => note.current?.focus(), []);
  return (
    <p class="card goodbye" role="status" tabIndex={-1} ref={note}>
      {t('meGoodbye')}
    </p>
  );
}

function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([locale.value], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** A tel: link: digits, a leading +, and the pauses (,), * and # (encoded) of a dial-in code. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+,#*]/g, '').replace(/#/g, '%23')}`;
}

/** About 1 km of precision is enough to find a meeting; the exact position never leaves the page. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function startsSoon(nextStart: string): boolean {
  const inMs = Date.parse(nextStart) - Date.now();
  return inMs >= 0 && inMs <= SOON_MINUTES * 60_000;
}

/**
 * One meeting: when, where, and one tap to join (link or phone) or get directions. The craving screen shows it
 * under its own headings (`level` 4) and without the calendar link (`now`: it is for going now).
 */
export function MeetingCard({ meeting: m, level = 2, now = false }: { meeting: Meeting; level?: 2 | 3 | 4; now?: boolean }) {
  const Heading = (['h2', 'h3', 'h4'] as const)[level - 2];
  const attendance = m.attendance === 'online' ? t('online') : m.attendance === 'hybrid' ? t('hybrid') : t('inPerson');
  const location = m.location;
  const showPlace = m.attendance !== 'online' && location && !location.approximate;
  const sameZone = m.timezone === viewerZone;
  return (
    <li class="card meeting">
      <Heading>{m.name}</Heading>
      <p class="meta">
        {m.fellowship} · {attendance}
        {m.distanceKm !== undefined && m.distanceKm !== null && showPlace ? ` · ${t('distance', { km: m.distanceKm })}` : ''}
      </p>
      {m.nextStart && (
        <p>
          {m.inProgress ? <strong class="badge">{t('inProgress')}</strong> : startsSoon(m.nextStart) ? <strong class="badge soon">{t('startingSoon')}</strong> : null}{' '}
          {t('startsAt', { time: t('theirTime', { time: timeIn(m.nextStart, m.timezone), zone: zoneName(m.timezone) }) })}
          {!sameZone && (
            <>
              <br />
              {t('yourTime', { time: timeIn(m.nextStart, viewerZone), zone: zoneName(viewerZone) })}
            </>
          )}
        </p>
      )}
      {showPlace && <p>{location.formattedAddress}</p>}
      {m.reported && <p class="flag">{t('listingReported')}</p>}
      {m.unverified && <p class="flag">{t('listingUnverified')}</p>}
      <ul class="actions">
        {m.attendance !== 'in_person' && m.conference?.url && (
          <li>
            <a href={m.conference.url} rel="noopener noreferrer" target="_blank">
              {t('joinOnline')}
            </a>
          </li>
        )}
        {m.attendance !== 'in_person' && m.conference?.phone && (
          <li>
            <a href={telHref(m.conference.phone)}>{t('joinByPhone')}</a>
          </li>
        )}
        {showPlace && location.lat !== null && location.lng !== null && (
          <li>
            <a
              href={`https://www.openstreetmap.org/?mlat=${location.lat}&mlon=${location.lng}#map=17/${location.lat}/${location.lng}`}
              rel="noopener noreferrer"
              target="_blank"
            >
              {t('directions')}
            </a>
          </li>
        )}
        {!now && (
          <li>
            <a href={`/api/v1/meetings/${m.id}/calendar.ics`} download={`${m.slug}.ics`}>
              {t('addToCalendar')}
            </a>
          </li>
        )}
      </ul>
      {!now && user.value && <Feedback meeting={m} />}
    </li>
  );
}

type FeedbackProps = { kind: 'report' | 'suggest'; meeting: Meeting; onClose: () => void };
let feedbackForm: Promise<ComponentType<FeedbackProps>> | undefined;

/** Signed-in members: "Report a problem" and "Suggest a change"; the forms are an on-demand chunk (ADR 0046). */
function Feedback({ meeting }: { meeting: Meeting }) {
  const [open, setOpen] = useState<'report' | 'suggest' | null>(null);
  const [Form, setForm] = useState<ComponentType<FeedbackProps> | null>(null);
  const [failed, setFailed] = useState(false);
  const [back, setBack] = useState<'report' | 'suggest' | null>(null);
  const report = useRef<HTMLButtonElement>(null);
  const suggest = useRef<HTMLButtonElement>(null);
  // Closed: focus goes back to the button that opened the form.
  useEffect(() => {
    if (open || !back) return;
    (back === 'report' ? report : suggest).current?.focus();
    setBack(null);
  }, [open, back]);

  function show(kind: 'report' | 'suggest'): void {
    setOpen(kind);
    feedbackForm ??= import('./meeting-feedback').then((mod) => mod.MeetingFeedback);
    feedbackForm.then(
      (component) => setForm(() => component),
      () => {
        feedbackForm = undefined;
        setFailed(true);
      },
    );
  }
  function close(): void {
    setBack(open);
    setOpen(null);
    setFailed(false);
  }

  if (open && failed) return <p role="alert">{t('screenLoadFailed')}</p>;
  if (open && Form) return <Form kind={open} meeting={meeting} onClose={close} />;
  return (
    <div class="actions">
      <button type="button" ref={report} aria-expanded={open === 'report'} onClick={() => show('report')}>
        {t('reportOpen')}
        <span class="visually-hidden"> {t('forMeeting', { name: meeting.name })}</span>
      </button>
      <button type="button" ref={suggest} aria-expanded={open === 'suggest'} onClick={() => show('suggest')}>
        {t('suggestOpen')}
        <span class="visually-hidden"> {t('forMeeting', { name: meeting.name })}</span>
      </button>
    </div>
  );
}
