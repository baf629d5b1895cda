import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { t } from '../i18n';
import { timeIn, viewerZone, zoneName } from '../format';

type Meeting = Schemas['MeetingSearchItemResponseDto'];
type State =
  | { kind: 'idle' }
  | { kind: 'locating' }
  | { kind: 'searching' }
  | { kind: 'error'; message: string }
  | { kind: 'done'; items: Meeting[]; offline: boolean };

/** Find a meeting, no account needed: near me (browser geolocation), soonest first (the API's order). */
export function FindScreen() {
  const [state, setState] = useState<State>({ kind: 'idle' });

  function nearMe(): void {
    if (!('geolocation' in navigator)) {
      setState({ kind: 'error', message: t('geoUnavailable') });
      return;
    }
    setState({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => void search(position.coords.latitude, position.coords.longitude),
      () => setState({ kind: 'error', message: t('geoDenied') }),
      { maximumAge: 300_000, timeout: 15_000 },
    );
  }

  async function search(lat: number, lng: number): Promise<void> {
    setState({ kind: 'searching' });
    try {
      const { data, response } = await api.GET('/api/v1/meetings', {
        params: { query: { lat: round(lat), lng: round(lng), radiusKm: 25, viewerTimezone: viewerZone, limit: 20 } },
      });
      // Offline, the service worker answers with the last search it kept (ADR 0026) and marks it.
      const offline = response.headers.has('x-homegroup-offline-copy');
      setState(data ? { kind: 'done', items: data.items, offline } : { kind: 'error', message: t('searchFailed') });
    } catch {
      setState({ kind: 'error', message: t('searchFailed') });
    }
  }

  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">{t('findTitle')}</h1>
      <p>{t('findIntro')}</p>
      <button type="button" class="primary" onClick={nearMe} disabled={state.kind === 'locating' || state.kind === 'searching'}>
        {t('nearMe')}
      </button>
      <div aria-live="polite" class="status">
        {state.kind === 'locating' && <p>{t('locating')}</p>}
        {state.kind === 'searching' && <p>{t('searching')}</p>}
        {state.kind === 'error' && <p class="error">{state.message}</p>}
        {state.kind === 'done' && state.offline && <p>{t('offlineLastSearch')}</p>}
        {state.kind === 'done' && <p>{state.items.length ? t('resultsCount', { n: state.items.length }) : t('noMeetings')}</p>}
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

/** About 1 km of precision is enough to find a meeting; the exact position never leaves the page. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function MeetingCard({ meeting: m }: { meeting: Meeting }) {
  const attendance = m.attendance === 'online' ? t('online') : m.attendance === 'hybrid' ? t('hybrid') : t('inPerson');
  const location = m.location;
  const showPlace = m.attendance !== 'online' && location && !location.approximate;
  const sameZone = m.timezone === viewerZone;
  return (
    <li class="card meeting">
      <h2>{m.name}</h2>
      <p class="meta">
        {m.fellowship} · {attendance}
        {m.distanceKm !== undefined && m.distanceKm !== null && showPlace ? ` · ${t('distance', { km: m.distanceKm })}` : ''}
      </p>
      {m.nextStart && (
        <p>
          {m.inProgress ? <strong class="badge">{t('inProgress')}</strong> : null}{' '}
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
            <a href={`tel:${m.conference.phone}`}>{t('joinByPhone')}</a>
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
        <li>
          <a href={`/api/v1/meetings/${m.id}/calendar.ics`} download={`${m.slug}.ics`}>
            {t('addToCalendar')}
          </a>
        </li>
      </ul>
    </li>
  );
}
