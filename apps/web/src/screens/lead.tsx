import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { t } from '../i18n';
import { field, viewerZone, weekdayName } from '../format';
import { FieldError, failureFrom, invalid, type Failure } from '../form-errors';
import { GroupNews, ListingCare, Sources, Verification } from './lead-listings';

type Group = Schemas['GroupResponseDto'];
type Meeting = Schemas['MeetingResponseDto'];
type Fellowship = Schemas['FellowshipEntity'];
type MeetingBody = Schemas['CreateMeetingDto'];
type Attendance = MeetingBody['attendance'];

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];
/** The fields the meeting form shows an error under. */
const MEETING_FIELDS = ['name', 'weekdays', 'startTime', 'durationMinutes', 'timezone', 'attendance', 'location', 'conference', 'types', 'languages', 'notes']
  .concat(['name', 'formattedAddress', 'city', 'postalCode', 'country', 'lat', 'lng'].map((f) => `location.${f}`))
  .concat(['url', 'phone', 'notes'].map((f) => `conference.${f}`));
const zones: string[] = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [viewerZone];

/**
 * Screen 6, the group lead: my groups (GET /me/groups), a new group, publish; per group its meetings
 * (GET /groups/{id}/meetings), a weekly meeting posted or edited, a one-off cancellation or move for a date; each
 * listing confirmed ("Listing is correct"), the group's reports, change proposals and change log, and the data
 * sources the groups take meetings from (lead-listings.tsx, ADR 0046).
 * Every form is validated by the API only (`noValidate`): its 400 `fields` are shown under the fields they name.
 */
export function LeadScreen() {
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [fellowships, setFellowships] = useState<Fellowship[]>([]);
  const [loadFailed, setLoadFailed] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  async function load(): Promise<void> {
    const { data } = await api.GET('/api/v1/me/groups');
    if (data) setGroups(data);
    else setLoadFailed(true);
  }

  useEffect(() => {
    heading.current?.focus();
    void load().catch(() => setLoadFailed(true));
    void api
      .GET('/api/v1/fellowships')
      .then(({ data }) => setFellowships(data ?? []))
      .catch(() => undefined);
  }, []);

  return (
    <section aria-labelledby="lead-title">
      <h1 id="lead-title" tabIndex={-1} ref={heading}>
        {t('leadTitle')}
      </h1>
      <p>{t('leadIntro')}</p>
      {loadFailed && <p class="error">{t('searchFailed')}</p>}
      {groups?.length === 0 && <p>{t('leadNoGroups')}</p>}
      {groups?.map((g) => (
        <GroupCard key={g.id} group={g} onChange={(next) => setGroups(groups.map((x) => (x.id === next.id ? next : x)))} />
      ))}
      <NewGroupForm fellowships={fellowships} onCreated={(g) => setGroups([...(groups ?? []), g])} />
      {groups && <Sources groups={groups} />}
    </section>
  );
}

function NewGroupForm({ fellowships, onCreated }: { fellowships: Fellowship[]; onCreated: (g: Group) => void }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const p = 'group-new';

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const description = field(form, 'description').trim();
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/v1/groups', {
        body: { name: field(form, 'name'), fellowship: field(form, 'fellowship'), ...(description ? { description } : {}) },
      });
      if (data) {
        setFailure(null);
        formEl.reset();
        onCreated(data);
      } else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
    setBusy(false);
  }

  return (
    <form class="card" noValidate aria-labelledby="group-new-title" onSubmit={(e) => void submit(e)}>
      <h2 id="group-new-title">{t('leadNewGroup')}</h2>
      <label for={`${p}-name`}>{t('leadGroupName')}</label>
      <input id={`${p}-name`} name="name" aria-required="true" maxLength={120} {...invalid(failure, p, 'name')} />
      <FieldError failure={failure} prefix={p} name="name" />
      <label for={`${p}-fellowship`}>{t('filterFellowship')}</label>
      <select id={`${p}-fellowship`} name="fellowship" {...invalid(failure, p, 'fellowship')}>
        {fellowships.map((f) => (
          <option key={f.code} value={f.code}>
            {f.name}
          </option>
        ))}
      </select>
      <FieldError failure={failure} prefix={p} name="fellowship" />
      <label for={`${p}-description`}>{t('leadGroupDescription')}</label>
      <textarea id={`${p}-description`} name="description" rows={2} />
      <button type="submit" class="primary" disabled={busy}>
        {t('leadCreateGroup')}
      </button>
      <FormFailure failure={failure} known={['name', 'fellowship']} />
    </form>
  );
}

/** The form's summary: "see under the fields" when the API named fields, plus any message for a field not on the form. */
function FormFailure({ failure, known = [] }: { failure: Failure | null; known?: string[] }) {
  if (!failure) return null;
  const named = Object.keys(failure.fields);
  const elsewhere = named.filter((name) => !known.includes(name)).map((name) => failure.fields[name]);
  return (
    <div class="error" role="alert">
      <p>{named.length ? t('fixFields') : t('requestFailed', { message: failure.message })}</p>
      {elsewhere.length > 0 && (
        <ul>
          {elsewhere.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function GroupCard({ group, onChange }: { group: Group; onChange: (g: Group) => void }) {
  const [meetings, setMeetings] = useState<Meeting[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [caring, setCaring] = useState(false);
  const titleId = `group-${group.id}-title`;

  const loadMeetings = (): Promise<void> =>
    api
      .GET('/api/v1/groups/{groupId}/meetings', { params: { path: { groupId: group.id } } })
      .then(({ data }) => setMeetings(data ?? []))
      .catch(() => setMeetings([]));
  useEffect(() => void loadMeetings(), [group.id]);

  async function togglePublished(): Promise<void> {
    const { data, error } = await api.PATCH('/api/v1/groups/{groupId}', {
      params: { path: { groupId: group.id } },
      body: { published: !group.published },
    });
    if (data) {
      setFailure(null);
      onChange(data);
    } else setFailure(failureFrom(error, t('searchFailed')));
  }

  const replace = (m: Meeting): void => setMeetings((list) => (list ?? []).map((x) => (x.id === m.id ? m : x)));

  return (
    <article class="card group" aria-labelledby={titleId}>
      <h2 id={titleId}>{group.name}</h2>
      <p class="meta">
        {group.fellowship} · {group.published ? t('leadPublished') : t('leadUnpublished')}
      </p>
      <button type="button" class={group.published ? '' : 'primary'} onClick={() => void togglePublished()}>
        {group.published ? t('leadUnpublish', { name: group.name }) : t('leadPublish', { name: group.name })}
      </button>
      <FormFailure failure={failure} />
      <GroupNews groupId={group.id} />
      <button type="button" aria-expanded={caring} onClick={() => setCaring(!caring)}>
        {caring ? t('careHide', { name: group.name }) : t('careShow', { name: group.name })}
      </button>
      {caring && <ListingCare group={group} meetings={meetings ?? []} reloadMeetings={loadMeetings} />}
      <h3>{t('leadMeetings')}</h3>
      {meetings?.length === 0 && <p>{t('leadNoMeetings')}</p>}
      <ul class="plain">
        {meetings?.map((m) => (
          <MeetingItem key={m.id} meeting={m} onChange={replace} />
        ))}
      </ul>
      {adding ? (
        <MeetingForm
          groupId={group.id}
          onDone={(m) => {
            setAdding(false);
            if (m) setMeetings([...(meetings ?? []), m]);
          }}
        />
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          {t('leadAddMeeting', { name: group.name })}
        </button>
      )}
    </article>
  );
}

function attendanceText(a: Attendance): string {
  return a === 'online' ? t('online') : a === 'hybrid' ? t('hybrid') : t('inPerson');
}

function MeetingItem({ meeting: m, onChange }: { meeting: Meeting; onChange: (m: Meeting) => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'exception'>('view');
  const days = m.weekdays.map((d) => weekdayName(d)).join(', ');
  return (
    <li class="lead-meeting" data-id={m.id}>
      <h4>{m.name}</h4>
      <p class="meta">
        {days} · {m.startTime}–{m.endTime} ({m.timezone}) · {attendanceText(m.attendance)}
      </p>
      {m.exceptions && m.exceptions.length > 0 && (
        <ul>
          {m.exceptions.map((x) => (
            <li key={x.id}>
              {x.kind === 'cancel' ? t('leadCancelledOn', { date: x.date }) : t('leadMovedOn', { date: x.date, to: x.movedStartLocal?.slice(0, 16).replace('T', ' ') ?? '' })}
              {x.note ? ` · ${x.note}` : ''}
            </li>
          ))}
        </ul>
      )}
      <Verification meeting={m} onChange={onChange} />
      {mode === 'view' && (
        <div class="actions">
          <button type="button" onClick={() => setMode('edit')}>
            {t('leadEditMeeting', { name: m.name })}
          </button>
          <button type="button" onClick={() => setMode('exception')}>
            {t('leadAddException', { name: m.name })}
          </button>
        </div>
      )}
      {mode === 'edit' && (
        <MeetingForm
          meeting={m}
          onDone={(next) => {
            setMode('view');
            if (next) onChange(next);
          }}
        />
      )}
      {mode === 'exception' && (
        <ExceptionForm
          meeting={m}
          onDone={(next) => {
            setMode('view');
            if (next) onChange(next);
          }}
        />
      )}
    </li>
  );
}

/** Post a weekly meeting (groupId) or edit one (meeting). */
function MeetingForm({ groupId, meeting, onDone }: { groupId?: string; meeting?: Meeting; onDone: (m: Meeting | null) => void }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [attendance, setAttendance] = useState<Attendance>(meeting?.attendance ?? 'in_person');
  const p = meeting ? `meeting-${meeting.id}` : `meeting-new-${groupId}`;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const loc = meeting?.location;
  const conf = meeting?.conference;

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string): string | undefined => field(form, name).trim() || undefined;
    const list = (name: string): string[] =>
      field(form, name)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    const number = (name: string): number | undefined => (text(name) === undefined ? undefined : Number(text(name)));
    const duration = field(form, 'durationMinutes');
    const location = {
      name: text('location.name'),
      formattedAddress: text('location.formattedAddress') ?? '',
      city: text('location.city'),
      postalCode: text('location.postalCode'),
      country: text('location.country'),
      lat: number('location.lat'),
      lng: number('location.lng'),
    };
    const conference = { url: text('conference.url'), phone: text('conference.phone'), notes: text('conference.notes') };
    const hasLocation = Object.values(location).some(Boolean);
    const hasConference = Object.values(conference).some(Boolean);
    const body: MeetingBody = {
      name: field(form, 'name'),
      timezone: field(form, 'timezone'),
      weekdays: form.getAll('weekdays').map(Number),
      startTime: field(form, 'startTime'),
      attendance,
      ...(duration ? { durationMinutes: Number(duration) } : {}),
      types: list('types'),
      languages: list('languages'),
      ...(attendance !== 'online' && hasLocation ? { location } : {}),
      ...(attendance !== 'in_person' && hasConference ? { conference } : {}),
      ...(text('notes') ? { notes: text('notes') } : {}),
    };
    setBusy(true);
    try {
      const result = meeting
        ? await api.PATCH('/api/v1/meetings/{id}', {
            params: { path: { id: meeting.id } },
            body: {
              ...body,
              location: attendance !== 'online' && hasLocation ? location : null,
              conference: attendance !== 'in_person' && hasConference ? conference : null,
              notes: text('notes') ?? null,
            },
          })
        : await api.POST('/api/v1/groups/{groupId}/meetings', { params: { path: { groupId: groupId ?? '' } }, body });
      if (result.data) onDone(result.data);
      else setFailure(failureFrom(result.error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
    setBusy(false);
  }

  const input = (name: string, label: string, value: string | null | undefined, extra: Record<string, unknown> = {}) => (
    <>
      <label for={`${p}-${name}`}>{label}</label>
      <input id={`${p}-${name}`} name={name} defaultValue={value ?? undefined} {...extra} {...invalid(failure, p, name)} />
      <FieldError failure={failure} prefix={p} name={name} />
    </>
  );

  return (
    <form class="card" noValidate aria-label={meeting ? t('leadEditMeeting', { name: meeting.name }) : t('leadNewMeeting')} onSubmit={(e) => void submit(e)}>
      <label for={`${p}-name`}>{t('leadMeetingName')}</label>
      <input id={`${p}-name`} name="name" ref={first} defaultValue={meeting?.name} aria-required="true" {...invalid(failure, p, 'name')} />
      <FieldError failure={failure} prefix={p} name="name" />
      <fieldset class="days" {...(failure?.fields.weekdays ? { 'aria-describedby': `${p}-weekdays-error` } : {})}>
        <legend>{t('leadDays')}</legend>
        {WEEKDAYS.map((d) => (
          <label key={d} class="check">
            <input type="checkbox" name="weekdays" value={String(d)} defaultChecked={meeting?.weekdays.includes(d)} />{weekdayName(d)}
          </label>
        ))}
      </fieldset>
      <FieldError failure={failure} prefix={p} name="weekdays" />
      {input('startTime', t('leadStartTime'), meeting?.startTime, { type: 'time', 'aria-required': 'true' })}
      {input('durationMinutes', t('leadDuration'), String(meeting?.durationMinutes ?? 60), { type: 'number', min: 5, max: 360, step: 5 })}
      <label for={`${p}-timezone`}>{t('leadTimezone')}</label>
      <select id={`${p}-timezone`} name="timezone" {...invalid(failure, p, 'timezone')}>
        {zones.map((z) => (
          <option key={z} value={z} selected={z === (meeting?.timezone ?? viewerZone)}>
            {z}
          </option>
        ))}
      </select>
      <FieldError failure={failure} prefix={p} name="timezone" />
      <fieldset class="resolve">
        <legend>{t('leadAttendance')}</legend>
        {(['in_person', 'online', 'hybrid'] as const).map((a) => (
          <label key={a} class="check">
            <input type="radio" name="attendance" value={a} checked={attendance === a} onChange={() => setAttendance(a)} />{attendanceText(a)}
          </label>
        ))}
      </fieldset>
      <FieldError failure={failure} prefix={p} name="attendance" />
      {attendance !== 'online' && (
        <fieldset>
          <legend>{t('leadLocation')}</legend>
          <FieldError failure={failure} prefix={p} name="location" />
          {input('location.name', t('leadPlaceName'), loc?.name)}
          {input('location.formattedAddress', t('leadAddress'), loc?.formattedAddress, { autocomplete: 'off' })}
          {input('location.city', t('leadCity'), loc?.city)}
          {input('location.postalCode', t('leadPostalCode'), loc?.postalCode)}
          {input('location.country', t('leadCountry'), loc?.country)}
          <p class="small">{t('leadCoordinatesHint')}</p>
          {input('location.lat', t('leadLatitude'), loc?.lat?.toString(), { type: 'number', step: 'any', min: -90, max: 90 })}
          {input('location.lng', t('leadLongitude'), loc?.lng?.toString(), { type: 'number', step: 'any', min: -180, max: 180 })}
        </fieldset>
      )}
      {attendance !== 'in_person' && (
        <fieldset>
          <legend>{t('leadConference')}</legend>
          <FieldError failure={failure} prefix={p} name="conference" />
          {input('conference.url', t('leadConferenceUrl'), conf?.url, { type: 'url' })}
          {input('conference.phone', t('leadConferencePhone'), conf?.phone, { type: 'tel' })}
          {input('conference.notes', t('leadConferenceNotes'), conf?.notes)}
        </fieldset>
      )}
      {input('types', t('leadTypes'), meeting?.types.join(', '))}
      {input('languages', t('leadLanguages'), meeting ? meeting.languages.join(', ') : t('langCode'))}
      {input('notes', t('leadNotes'), meeting?.notes)}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {meeting ? t('leadSave') : t('leadPostMeeting')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('leadCancel')}
        </button>
      </div>
      <FormFailure failure={failure} known={MEETING_FIELDS} />
    </form>
  );
}

function ExceptionForm({ meeting, onDone }: { meeting: Meeting; onDone: (m: Meeting | null) => void }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [kind, setKind] = useState<'cancel' | 'move'>('cancel');
  const p = `exception-${meeting.id}`;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const note = field(form, 'note').trim();
    const moveDate = field(form, 'moveTo.date');
    try {
      const { data, error } = await api.POST('/api/v1/meetings/{id}/exceptions', {
        params: { path: { id: meeting.id } },
        body: {
          date: field(form, 'date'),
          kind,
          ...(kind === 'move' ? { moveTo: { startTime: field(form, 'moveTo.startTime'), ...(moveDate ? { date: moveDate } : {}) } } : {}),
          ...(note ? { note } : {}),
        },
      });
      if (!data) {
        setFailure(failureFrom(error, t('searchFailed')));
        return;
      }
      // The exception's answer is the exception; the meeting (with its exceptions from today on) is read again.
      const again = await api.GET('/api/v1/meetings/{id}', { params: { path: { id: meeting.id } } });
      onDone(again.data ?? null);
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
  }

  return (
    <form class="card" noValidate aria-label={t('leadAddException', { name: meeting.name })} onSubmit={(e) => void submit(e)}>
      <label for={`${p}-date`}>{t('leadExceptionDate')}</label>
      <input id={`${p}-date`} name="date" type="date" ref={first} aria-required="true" {...invalid(failure, p, 'date')} />
      <FieldError failure={failure} prefix={p} name="date" />
      <fieldset class="resolve">
        <legend>{t('leadExceptionKind')}</legend>
        <label class="check">
          <input type="radio" name="kind" value="cancel" checked={kind === 'cancel'} onChange={() => setKind('cancel')} />{t('leadCancelIt')}
        </label>
        <label class="check">
          <input type="radio" name="kind" value="move" checked={kind === 'move'} onChange={() => setKind('move')} />{t('leadMoveIt')}
        </label>
      </fieldset>
      {kind === 'move' && (
        <>
          <label for={`${p}-moveDate`}>{t('leadMoveDate')}</label>
          <input id={`${p}-moveDate`} name="moveTo.date" type="date" {...invalid(failure, p, 'moveTo.date')} />
          <FieldError failure={failure} prefix={p} name="moveTo.date" />
          <label for={`${p}-moveTime`}>{t('leadMoveTime')}</label>
          <input id={`${p}-moveTime`} name="moveTo.startTime" type="time" {...invalid(failure, p, 'moveTo.startTime')} />
          <FieldError failure={failure} prefix={p} name="moveTo.startTime" />
        </>
      )}
      <label for={`${p}-note`}>{t('leadExceptionNote')}</label>
      <input id={`${p}-note`} name="note" />
      <div class="actions">
        <button type="submit" class="primary">
          {t('leadSaveException')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('leadCancel')}
        </button>
      </div>
      <FormFailure failure={failure} known={['date', 'moveTo.date', 'moveTo.startTime']} />
    </form>
  );
}
