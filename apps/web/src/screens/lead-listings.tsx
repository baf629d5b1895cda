import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText, type Schemas } from '../api/client';
import { addStrings, locale, t, type LaterKey } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { listingsEn } from '../i18n/listings.en';
import { listingsEs } from '../i18n/listings.es';
import { field, weekdayName } from '../format';
import { FieldError, failureFrom, invalid, type Failure } from '../form-errors';
import { listingNews } from '../live';

addStrings({ en: listingsEn, es: listingsEs });

type Group = Schemas['GroupResponseDto'];
type Meeting = Schemas['MeetingResponseDto'];
type Report = Schemas['MeetingReportResponseDto'];
type Proposal = Schemas['ChangeProposalResponseDto'];
type Change = Schemas['GroupChangeResponseDto'];
type Source = Schemas['MeetingSourceResponseDto'];
type Run = Schemas['MeetingSourceRunResponseDto'];

/** The lead screen's parts for keeping listings true (ADR 0042, 0043, 0046): part of the lead screen's chunk. */

export function dateText(iso: string): string {
  return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium' }).format(new Date(iso));
}
function dateTimeText(iso: string | Date): string {
  return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** When the listing was last confirmed, whether a check is due, and one button to confirm it. */
export function Verification({ meeting: m, onChange }: { meeting: Meeting; onChange: (m: Meeting) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmed, setConfirmed] = useState(false);

  async function verify(): Promise<void> {
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/v1/meetings/{id}/verify', {
        params: { path: { id: m.id } },
      });
      if (data) {
        setProblem(null);
        setConfirmed(true);
        onChange(data);
      } else setProblem(t('requestFailed', { message: errorText(error) }));
    } catch {
      setProblem(t('searchFailed'));
    }
    setBusy(false);
  }

  return (
    <>
      <p class={m.unverified || m.reported ? 'flag' : 'meta'}>
        {m.lastVerifiedAt ? t('verifiedOn', { date: dateText(m.lastVerifiedAt) }) : t('verifiedNever')}{' '}
        {m.unverified ? t('verifyDueSince', { date: dateText(m.verificationDueAt) }) : t('verifyDueOn', { date: dateText(m.verificationDueAt) })}
        {m.reported && ` ${t('verifyReported', { reasons: m.reportedReasons.map((r) => t(`reason_${r}`)).join(', ') })}`}
      </p>
      <button type="button" class={m.unverified || m.reported ? 'primary' : ''} disabled={busy} onClick={() => void verify()}>
        {t('verifyButton', { name: m.name })}
      </button>
      <span aria-live="polite" class="small">
        {confirmed ? ` ${t('verifyDone')}` : ''}
      </span>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}

/** What arrived live for this group's leads (the socket; ADR 0042): read out politely. */
export function GroupNews({ groupId }: { groupId: string }) {
  const news = listingNews.value.filter((n) => n.groupId === groupId);
  return (
    <div aria-live="polite">
      {news.map((n) => (
        <p key={`${n.kind}-${n.at}`} class="flag">
          {n.kind === 'due'
            ? t('newsDue', { names: n.meetings.join(', ') })
            : n.kind === 'reported'
              ? t('newsReported', { name: n.meeting })
              : t('newsProposed', { name: n.meeting })}
        </p>
      ))}
    </div>
  );
}

const FIELD_LABELS: Record<string, MessageKey | LaterKey> = {
  name: 'leadMeetingName',
  timezone: 'leadTimezone',
  weekdays: 'leadDays',
  startTime: 'leadStartTime',
  durationMinutes: 'leadDuration',
  attendance: 'leadAttendance',
  status: 'fieldStatus',
  types: 'fieldTypes',
  languages: 'fieldLanguages',
  location: 'leadLocation',
  conference: 'leadConference',
  notes: 'fieldNotes',
};
const fieldLabel = (name: string): string => (name in FIELD_LABELS ? t(FIELD_LABELS[name]) : name);

/** A field's value as words: days by name, a place by its address, a link by its URL; nothing as a dash. */
export function valueText(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (name === 'weekdays' && Array.isArray(value)) return value.map((d) => weekdayName(Number(d), 'short')).join(', ');
  if (Array.isArray(value)) return value.join(', ') || '—';
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const main = o.formattedAddress ?? o.url ?? o.phone;
    return typeof main === 'string' && main ? main : '—';
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '—';
}

/** The before/after table of a proposal or a change. */
function DiffTable({ caption, rows }: { caption: string; rows: { field: string; before: unknown; after: unknown }[] }) {
  return (
    <table class="diff">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('diffField')}</th>
          <th scope="col">{t('diffBefore')}</th>
          <th scope="col">{t('diffAfter')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field}>
            <th scope="row">{fieldLabel(r.field)}</th>
            <td>{valueText(r.field, r.before)}</td>
            <td>{valueText(r.field, r.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A group's reports, change proposals (approve or reject, before/after per field) and change log, loaded when the lead
 * opens them (a lead of many groups does not load them all). The heading is focused when it opens.
 */
export function ListingCare({ group, meetings, reloadMeetings }: { group: Group; meetings: Meeting[]; reloadMeetings: () => Promise<void> }) {
  const [reports, setReports] = useState<Report[] | null>(null);
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [decided, setDecided] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const path = { params: { path: { groupId: group.id } } };

  async function load(): Promise<void> {
    // The meetings too: their flags (reported, due) may have changed since the screen opened.
    const [r, p, c] = await Promise.all([
      reloadMeetings().then(() => api.GET('/api/v1/groups/{groupId}/reports', path)),
      api.GET('/api/v1/groups/{groupId}/proposals', path),
      api.GET('/api/v1/groups/{groupId}/changes', {
        params: { path: { groupId: group.id }, query: { limit: 20 } },
      }),
    ]);
    setReports(r.data ?? []);
    setProposals(p.data ?? []);
    setChanges(c.data ?? []);
    if (!r.data || !p.data || !c.data) setProblem(t('searchFailed'));
  }

  useEffect(() => {
    heading.current?.focus();
    void load().catch(() => setProblem(t('searchFailed')));
  }, [group.id]);

  async function decide(proposal: Proposal, approve: boolean): Promise<void> {
    const options = { params: { path: { id: proposal.id } } };
    try {
      const { data, error } = approve ? await api.POST('/api/v1/proposals/{id}/approve', options) : await api.POST('/api/v1/proposals/{id}/reject', options);
      if (!data) {
        setProblem(t('requestFailed', { message: errorText(error) }));
        return;
      }
      setProblem(null);
      setDecided(t(approve ? 'proposalApproved' : 'proposalRejected', { name: proposal.meetingName }));
      await load();
    } catch {
      setProblem(t('searchFailed'));
    }
  }

  const current = (id: string): Record<string, unknown> => {
    const m = meetings.find((x) => x.id === id);
    return m ? { ...m, location: m.location, conference: m.conference } : {};
  };
  const pending = proposals?.filter((p) => p.status === 'pending') ?? [];
  const decidedOnes = proposals?.filter((p) => p.status !== 'pending') ?? [];
  const titleId = `care-${group.id}-title`;

  return (
    <section class="lead-care" aria-labelledby={titleId}>
      <h3 id={titleId} tabIndex={-1} ref={heading}>
        {t('careTitle', { name: group.name })}
      </h3>
      <div aria-live="polite">{decided && <p>{decided}</p>}</div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <h4>{t('reportsTitle')}</h4>
      {reports?.length === 0 && <p>{t('reportsNone')}</p>}
      <ul class="plain">
        {reports?.map((r) => (
          <li key={r.id} class="card">
            <strong>{r.meetingName}</strong>: {t(`reason_${r.reason}`)} · {dateTimeText(r.createdAt)}
            {r.closedAt ? ` · ${t('reportClosed', { date: dateText(r.closedAt) })}` : ` · ${t('reportOpenNow')}`}
            {r.note && <p class="small">{r.note}</p>}
          </li>
        ))}
      </ul>
      <h4>{t('proposalsTitle')}</h4>
      {proposals !== null && pending.length === 0 && <p>{t('proposalsNone')}</p>}
      <ul class="plain">
        {pending.map((p) => {
          const now = current(p.meetingId);
          const rows = Object.entries(p.changes).map(([name, after]) => ({
            field: name,
            before: now[name],
            after,
          }));
          return (
            <li key={p.id} class="card">
              <p>
                <strong>{p.meetingName}</strong> · {t('proposalBy', { name: p.proposedBy.displayName, date: dateText(p.createdAt) })}
              </p>
              <DiffTable caption={t('proposalTable', { name: p.meetingName })} rows={rows} />
              <p>{t('proposalNote', { note: p.note })}</p>
              <div class="actions">
                <button type="button" class="primary" onClick={() => void decide(p, true)}>
                  {t('proposalApprove', { name: p.meetingName })}
                </button>
                <button type="button" onClick={() => void decide(p, false)}>
                  {t('proposalReject', { name: p.meetingName })}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {decidedOnes.length > 0 && (
        <ul class="plain small">
          {decidedOnes.map((p) => (
            <li key={p.id}>
              {p.meetingName}: {p.fields.map(fieldLabel).join(', ')} · {t(p.status === 'approved' ? 'proposalWasApproved' : 'proposalWasRejected')}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('changesTitle')}</h4>
      {changes?.length === 0 && <p>{t('changesNone')}</p>}
      <ul class="plain">
        {changes?.map((c) => {
          const meeting = meetings.find((m) => m.id === c.meetingId)?.name;
          return (
            <li key={c.id} class="card">
              <p>
                {dateTimeText(c.at)} · {changeAction(c.action)}
                {meeting ? ` · ${meeting}` : ''}
                {c.actor ? ` · ${c.actor.displayName}` : ''}
              </p>
              {c.diff ? (
                <DiffTable
                  caption={t('changeTable', { date: dateTimeText(c.at) })}
                  rows={Object.entries(c.diff).map(([name, d]) => ({
                    field: name,
                    before: d.before,
                    after: d.after,
                  }))}
                />
              ) : (
                c.fields.length > 0 && <p class="small">{c.fields.map(fieldLabel).join(', ')}</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const ACTIONS: Record<string, MessageKey | LaterKey> = {
  'meeting.create': 'actionCreate',
  'meeting.update': 'actionUpdate',
  'meeting.delete': 'actionDelete',
  'meeting.import': 'actionImport',
  'meeting.verify': 'actionVerify',
  'proposal.approve': 'actionApprove',
  'proposal.reject': 'actionReject',
};
const changeAction = (action: string): string => (action in ACTIONS ? t(ACTIONS[action]) : action);

/**
 * Data sources (ADR 0043): the feeds this lead's groups (an admin: every) take meetings from. Register (a feed URL,
 * Meeting Guide or BMLT, a group, a cadence), run now, the runs' reports, delete.
 */
export function Sources({ groups }: { groups: Group[] }) {
  const [sources, setSources] = useState<Source[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const p = 'source-new';

  useEffect(() => {
    void api
      .GET('/api/v1/meeting-sources')
      .then(({ data }) => setSources(data ?? []))
      .catch(() => setSources([]));
  }, []);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const groupId = field(form, 'groupId');
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/v1/meeting-sources', {
        body: {
          name: field(form, 'name'),
          url: field(form, 'url').trim(),
          format: field(form, 'format') === 'bmlt' ? 'bmlt' : 'meeting-guide',
          cadenceMinutes: Number(field(form, 'cadenceMinutes')),
          ...(groupId ? { groupId } : {}),
        },
      });
      if (data) {
        setFailure(null);
        formEl.reset();
        setSources([data, ...(sources ?? [])]);
      } else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
    setBusy(false);
  }

  const known = ['name', 'url', 'format', 'groupId', 'cadenceMinutes'];
  const elsewhere = failure ? Object.keys(failure.fields).filter((n) => !known.includes(n)) : [];
  return (
    <section aria-labelledby="sources-title">
      <h2 id="sources-title">{t('sourcesTitle')}</h2>
      <p>{t('sourcesIntro')}</p>
      {sources?.length === 0 && <p>{t('sourcesNone')}</p>}
      <ul class="plain">
        {sources?.map((s) => (
          <SourceItem key={s.id} source={s} group={groups.find((g) => g.id === s.groupId)} onDeleted={() => setSources(sources.filter((x) => x.id !== s.id))} />
        ))}
      </ul>
      <form class="card" noValidate aria-labelledby="source-new-title" onSubmit={(e) => void submit(e)}>
        <h3 id="source-new-title">{t('sourceNew')}</h3>
        <label for={`${p}-name`}>{t('sourceName')}</label>
        <input id={`${p}-name`} name="name" aria-required="true" maxLength={120} {...invalid(failure, p, 'name')} />
        <FieldError failure={failure} prefix={p} name="name" />
        <label for={`${p}-url`}>{t('sourceUrl')}</label>
        <input id={`${p}-url`} name="url" type="url" aria-required="true" autocomplete="off" {...invalid(failure, p, 'url')} />
        <FieldError failure={failure} prefix={p} name="url" />
        <label for={`${p}-format`}>{t('sourceFormat')}</label>
        <select id={`${p}-format`} name="format">
          <option value="meeting-guide">{t('formatMeetingGuide')}</option>
          <option value="bmlt">{t('formatBmlt')}</option>
        </select>
        <label for={`${p}-groupId`}>{t('sourceGroup')}</label>
        <select id={`${p}-groupId`} name="groupId" {...invalid(failure, p, 'groupId')}>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
          <option value="">{t('sourceWholeFeed')}</option>
        </select>
        <FieldError failure={failure} prefix={p} name="groupId" />
        <label for={`${p}-cadenceMinutes`}>{t('sourceCadence')}</label>
        <input
          id={`${p}-cadenceMinutes`}
          name="cadenceMinutes"
          type="number"
          min={15}
          max={10080}
          step={1}
          defaultValue="1440"
          {...invalid(failure, p, 'cadenceMinutes')}
        />
        <FieldError failure={failure} prefix={p} name="cadenceMinutes" />
        <button type="submit" class="primary" disabled={busy}>
          {t('sourceRegister')}
        </button>
        {failure && (
          <div class="error" role="alert">
            <p>{Object.keys(failure.fields).length ? t('fixFields') : t('requestFailed', { message: failure.message })}</p>
            {elsewhere.length > 0 && (
              <ul>
                {elsewhere.map((n) => (
                  <li key={n}>{failure.fields[n]}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </form>
    </section>
  );
}

const finished = (run: Run): boolean => run.status !== 'queued' && run.status !== 'running';

function runText(run: Run): string {
  const when = dateTimeText(run.finishedAt ?? run.queuedAt);
  if (run.status === 'queued' || run.status === 'running') return t('runWaiting', { status: t(run.status === 'queued' ? 'runQueued' : 'runRunning') });
  if (run.status === 'failed') return t('runFailed', { when, reason: run.error ?? (run.httpStatus ? `HTTP ${run.httpStatus}` : '—') });
  if (run.status === 'not-modified') return t('runNotModified', { when });
  return t('runImported', {
    when,
    total: run.total ?? 0,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    linked: run.linked,
    rejected: run.rejected,
    missing: run.missing,
  });
}

function SourceItem({ source: s, group, onDeleted }: { source: Source; group?: Group; onDeleted: () => void }) {
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const titleId = `source-${s.id}-title`;
  const path = { params: { path: { sourceId: s.id } } };

  async function loadRuns(): Promise<Run[]> {
    const { data } = await api.GET('/api/v1/meeting-sources/{sourceId}/runs', path);
    const list = data ?? [];
    setRuns(list);
    return list;
  }

  /** Run now: queued (202), then the runs are read every two seconds until this one finished (at most two minutes). */
  async function run(): Promise<void> {
    const { data, error } = await api.POST('/api/v1/meeting-sources/{sourceId}/run', path);
    if (!data) {
      setProblem(t('requestFailed', { message: errorText(error) }));
      return;
    }
    setProblem(null);
    setRuns([data, ...(runs ?? []).filter((r) => r.id !== data.id)]);
    for (let i = 0; i < 60; i++) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const list = await loadRuns();
      const mine = list.find((r) => r.id === data.id);
      if (!mine || finished(mine)) return;
    }
  }

  async function remove(): Promise<void> {
    const { error, response } = await api.DELETE('/api/v1/meeting-sources/{sourceId}', path);
    if (response.status === 204) onDeleted();
    else setProblem(t('requestFailed', { message: errorText(error) }));
  }

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  return (
    <li class="card">
      <h3 id={titleId}>{s.name}</h3>
      <p class="meta">
        {s.format === 'bmlt' ? t('formatBmlt') : t('formatMeetingGuide')} · {group ? group.name : s.groupId ? t('sourceOtherGroup') : t('sourceWholeFeed')} ·{' '}
        {t('sourceEvery', { n: s.cadenceMinutes })} · {t('sourceNext', { when: dateTimeText(s.nextRunAt) })}
      </p>
      <p class="small">{s.url}</p>
      <div class="actions">
        <button type="button" onClick={() => void run().catch(() => setProblem(t('searchFailed')))}>
          {t('sourceRun', { name: s.name })}
        </button>
        {runs === null && (
          <button type="button" onClick={() => void loadRuns().catch(() => setProblem(t('searchFailed')))}>
            {t('sourceRuns', { name: s.name })}
          </button>
        )}
        {confirming ? (
          <>
            <button type="button" class="danger" ref={confirmButton} onClick={() => void remove().catch(() => setProblem(t('searchFailed')))}>
              {t('sourceDeleteConfirm', { name: s.name })}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                setTimeout(() => deleteButton.current?.focus(), 0);
              }}
            >
              {t('leadCancel')}
            </button>
          </>
        ) : (
          <button type="button" ref={deleteButton} onClick={() => setConfirming(true)}>
            {t('sourceDelete', { name: s.name })}
          </button>
        )}
      </div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <div aria-live="polite">
        {runs !== null && runs.length === 0 && <p>{t('runsNone')}</p>}
        {runs !== null && runs.length > 0 && (
          <ul class="runs">
            {runs.slice(0, 5).map((r) => (
              <li key={r.id}>
                {runText(r)}
                {r.links.length > 0 && <span class="small"> {t('runLinks', { slugs: r.links.map((l) => l.slug).join(', ') })}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
