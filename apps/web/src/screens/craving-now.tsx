import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { viewerZone } from '../format';
import { t } from '../i18n';
import { user } from '../session';
import { loadSharedPhones, sharedPhones } from '../shared-phones';
import { MeetingCard, round, telHref } from './find';

/**
 * The parts of "I'm craving" that are there at once, before any answer, each loading on its own (none waits for
 * another, and the crisis lines never wait for them): one-tap calls, the member's own coping list, meetings
 * reachable now, and, after "I used" with the opt-in, the overdose-risk card.
 */

type Meeting = Schemas['MeetingSearchItemResponseDto'];
type CrisisResource = Schemas['CrisisResourceDto'];
type OverdoseRisk = Schemas['OverdoseRiskCardDto'];
type MeetingQuery = NonNullable<paths['/api/v1/meetings']['get']['parameters']['query']>;
type Role = Schemas['AlertCircleMemberDto']['role'];

/** Meetings the screen lists in each group, at most. */
const MEETINGS_SHOWN = 10;
/** Online: in progress, or starting within this many minutes. */
export const ONLINE_WITHIN_MINUTES = 30;
/** In person: in progress, or starting within this many minutes, within NEAR_KM. */
export const NEAR_WITHIN_MINUTES = 60;
const NEAR_KM = 25;

type Outside = Schemas['OutsideContactResponseDto'];

/**
 * One-tap calls to my sponsor(s) and the contacts who share their phone with me, sponsors first; then the people
 * without the app on my own list (their numbers are mine, ADR 0045).
 */
export function CallPeople() {
  const [roles, setRoles] = useState<Map<string, Role>>(new Map());
  const [outside, setOutside] = useState<Outside[]>([]);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let live = true;
    // Always fresh here: a number shared a minute ago must be callable now.
    const phones = loadSharedPhones(0);
    const circle = api
      .GET('/api/v1/me/alert-circle')
      .then(({ data }) => {
        if (live && data) setRoles(new Map(data.recipients.map((r) => [r.user.id, r.role])));
      })
      .catch(() => undefined);
    const mine = api
      .GET('/api/v1/phone-list/outside')
      .then(({ data }) => {
        if (live && data) setOutside(data);
      })
      .catch(() => undefined);
    void Promise.all([phones, circle, mine]).then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, []);

  const isSponsor = (id: string): boolean => {
    const role = roles.get(id);
    return role === 'primary_sponsor' || role === 'temporary_sponsor';
  };
  // Shown once both answers are in, so a link never moves (or changes its name) under the member's finger.
  const people = !ready
    ? []
    : [...sharedPhones.value.values()].sort(
        (a, b) => Number(isSponsor(b.userId)) - Number(isSponsor(a.userId)) || a.displayName.localeCompare(b.displayName),
      );

  return (
    <section aria-labelledby="call-title" class="card">
      <h2 id="call-title">{t('callPeopleTitle')}</h2>
      {people.length + (ready ? outside.length : 0) > 0 ? (
        <ul class="plain calls">
          {people.map((p) => (
            <li key={p.userId}>
              <a class="call" href={telHref(p.phone)}>
                {isSponsor(p.userId) ? t('callSponsor', { name: p.displayName }) : t('callPerson', { name: p.displayName })}
              </a>
            </li>
          ))}
          {ready &&
            outside.map((o) => (
              <li key={o.id}>
                <a class="call" href={telHref(o.phone)}>
                  {t('callPerson', { name: o.name })}
                </a>
              </li>
            ))}
        </ul>
      ) : (
        ready && (
          <p>
            {t('callNobody')} <a href="#/phones">{t('callManage')}</a>
          </p>
        )
      )}
    </section>
  );
}

/** The member's coping list (profile field `copingList`), read defensively: an older API has no such field. */
export function copingListOf(profile: unknown): string[] {
  const list = profile && typeof profile === 'object' ? (profile as { copingList?: unknown }).copingList : undefined;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

/** "What helps you": the member's own list, from the session at once, then re-read (it may have changed on #/me). */
export function CopingList() {
  const [items, setItems] = useState<string[]>(() => copingListOf(user.value));

  useEffect(() => {
    let live = true;
    void api
      .GET('/api/v1/me')
      .then(({ data }) => {
        if (live && data) setItems(copingListOf(data));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  return (
    <section aria-labelledby="coping-title" class="card">
      <h2 id="coping-title">{t('copingTitle')}</h2>
      {items.length > 0 ? (
        <>
          <ul class="coping">
            {items.map((item, i) => (
              <li key={`${i}-${item}`}>{item}</li>
            ))}
          </ul>
          <p class="small">
            <a href="#/me">{t('copingEdit')}</a>
          </p>
        </>
      ) : (
        <p>
          {t('copingEmpty')} <a href="#/me">{t('copingEdit')}</a>
        </p>
      )}
    </section>
  );
}

type List = { kind: 'loading' } | { kind: 'failed' } | { kind: 'done'; items: Meeting[] };
type Near = List | { kind: 'ask' } | { kind: 'locating' } | { kind: 'geo-failed' };

async function meetingsNow(query: MeetingQuery): Promise<List> {
  try {
    const { data } = await api.GET('/api/v1/meetings', {
      params: { query: { ...query, inProgress: true, viewerTimezone: viewerZone, limit: MEETINGS_SHOWN } },
    });
    return data ? { kind: 'done', items: data.items } : { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  }
}

/**
 * Meetings reachable now, any fellowship: online ones in progress or starting within 30 minutes, and in-person ones
 * near me within the hour when the browser already lets the page know where I am (never a prompt the member did not
 * ask for: otherwise a button).
 */
export function MeetingsNow() {
  const [online, setOnline] = useState<List>({ kind: 'loading' });
  const [near, setNear] = useState<Near>({ kind: 'ask' });
  const live = useRef(true);

  function locate(): void {
    if (!('geolocation' in navigator)) {
      setNear({ kind: 'geo-failed' });
      return;
    }
    setNear({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setNear({ kind: 'loading' });
        void meetingsNow({
          lat: round(position.coords.latitude),
          lng: round(position.coords.longitude),
          radiusKm: NEAR_KM,
          startsWithinMinutes: NEAR_WITHIN_MINUTES,
          attendance: 'in_person',
        }).then((result) => live.current && setNear(result));
      },
      () => live.current && setNear({ kind: 'geo-failed' }),
      { maximumAge: 300_000, timeout: 15_000 },
    );
  }

  useEffect(() => {
    live.current = true;
    void meetingsNow({ startsWithinMinutes: ONLINE_WITHIN_MINUTES, attendance: 'online' }).then((result) => live.current && setOnline(result));
    // Already allowed: look at once. Asking would prompt, which only the button may do.
    void navigator.permissions
      ?.query({ name: 'geolocation' })
      .then((status) => {
        if (live.current && status.state === 'granted') locate();
      })
      .catch(() => undefined);
    return () => {
      live.current = false;
    };
  }, []);

  return (
    <section aria-labelledby="now-title" class="card">
      <h2 id="now-title">{t('meetingsNowTitle')}</h2>
      <p>{t('meetingsNowNote')}</p>
      <h3>{t('meetingsOnlineTitle')}</h3>
      <MeetingList list={online} none={t('meetingsOnlineNone')} testId="meetings-online" />
      <h3>{t('meetingsNearTitle')}</h3>
      {near.kind === 'ask' || near.kind === 'geo-failed' ? (
        <>
          {near.kind === 'geo-failed' && <p class="error">{t('geoDenied')}</p>}
          <button type="button" onClick={locate}>
            {t('meetingsNearButton')}
          </button>
        </>
      ) : near.kind === 'locating' ? (
        <p role="status">{t('locating')}</p>
      ) : (
        <MeetingList list={near} none={t('meetingsNearNone')} testId="meetings-near" />
      )}
    </section>
  );
}

function MeetingList({ list, none, testId }: { list: List; none: string; testId: string }) {
  if (list.kind === 'loading') return <p role="status">{t('meetingsLoading')}</p>;
  if (list.kind === 'failed') return <p class="error">{t('searchFailed')}</p>;
  if (list.items.length === 0) return <p data-testid={testId}>{none}</p>;
  return (
    <ol class="meetings" data-testid={testId}>
      {list.items.map((m) => (
        <MeetingCard key={m.id} meeting={m} level={4} now />
      ))}
    </ol>
  );
}

/** After "I used", when the member opted in: the API's card, with the lines to call right there. */
export function OverdoseCard({ card, resources }: { card: OverdoseRisk; resources: CrisisResource[] }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const lines = [...resources.filter((r) => r.kind === 'emergency'), ...resources.filter((r) => r.kind !== 'emergency')].filter(
    (r): r is CrisisResource & { phone: string } => Boolean(r.phone),
  );
  return (
    <section aria-labelledby="overdose-title" class="card overdose" data-testid="overdose-card">
      <h2 id="overdose-title" tabIndex={-1} ref={heading}>
        {card.title}
      </h2>
      <ul>
        {card.points.map((point) => (
          <li key={point}>{point}</li>
        ))}
      </ul>
      <ul class="plain calls">
        {lines.map((line) => (
          <li key={`${line.name}-${line.phone}`}>
            <a class="call" href={telHref(line.phone)}>
              {t('call', { name: line.name, phone: line.phone })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
