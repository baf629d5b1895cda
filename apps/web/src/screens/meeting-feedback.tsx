import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText, type Schemas } from '../api/client';
import { addStrings, t } from '../i18n';
import { listingsEn } from '../i18n/listings.en';
import { listingsEs } from '../i18n/listings.es';
import { field, weekdayName } from '../format';
import { FieldError, failureFrom, invalid, type Failure } from '../form-errors';

addStrings({ en: listingsEn, es: listingsEs });

type Meeting = Schemas['MeetingSearchItemResponseDto'];
type Reason = Schemas['CreateMeetingReportDto']['reason'];
type Changes = Schemas['ProposedMeetingChangesDto'];

const REASONS: Reason[] = ['nobody_there', 'link_broken', 'wrong_time', 'wrong_place'];

/**
 * The finder's "Report a problem" and "Suggest a change" (ADR 0046): a chunk of its own, fetched the first time a
 * member opens one, so the finder's first load stays as it was. Inline in the meeting's card, like the lead screen's
 * forms: focus moves to the form's first control, and back to the button that opened it when it closes.
 */
export function MeetingFeedback({ kind, meeting, onClose }: { kind: 'report' | 'suggest'; meeting: Meeting; onClose: () => void }) {
  return kind === 'report' ? <ReportForm meeting={meeting} onClose={onClose} /> : <SuggestForm meeting={meeting} onClose={onClose} />;
}

/** Done: a sentence that is focused (so it is read), and a way back. */
function Done({ text, onClose }: { text: string; onClose: () => void }) {
  const note = useRef<HTMLParagraphElement>(null);
  useEffect(() => note.current?.focus(), []);
  return (
    <div class="card feedback">
      <p role="status" tabIndex={-1} ref={note}>
        {text}
      </p>
      <button type="button" onClick={onClose}>
        {t('feedbackClose')}
      </button>
    </div>
  );
}

/** One tap: each reason is a button that sends the report; a note for the leads may be written first. */
function ReportForm({ meeting, onClose }: { meeting: Meeting; onClose: () => void }) {
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const p = `report-${meeting.id}`;
  useEffect(() => first.current?.focus(), []);

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const reason = (event.submitter as HTMLButtonElement | null)?.value as Reason | undefined;
    if (!reason) return;
    const note = field(new FormData(event.currentTarget as HTMLFormElement), 'note').trim();
    setBusy(true);
    try {
      const { data, error, response } = await api.POST('/api/v1/meetings/{id}/reports', {
        params: { path: { id: meeting.id } },
        body: { reason, ...(note ? { note } : {}) },
      });
      if (data) setDone(data.listingReported ? `${t('reportThanks')} ${t('reportFlagged')}` : t('reportThanks'));
      else if (response.status === 409) setDone(t('reportAlready'));
      else if (response.status === 429) setProblem(t('reportTooMany'));
      else setProblem(t('requestFailed', { message: errorText(error) }));
    } catch {
      setProblem(t('searchFailed'));
    }
    setBusy(false);
  }

  if (done) return <Done text={done} onClose={onClose} />;
  return (
    <form class="card feedback" noValidate aria-label={t('reportTitle', { name: meeting.name })} onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{t('reportWhat')}</legend>
        <div class="actions">
          {REASONS.map((r, i) => (
            <button key={r} type="submit" name="reason" value={r} ref={i === 0 ? first : undefined} disabled={busy}>
              {t(`reason_${r}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <label for={`${p}-note`}>{t('reportNote')}</label>
      <textarea id={`${p}-note`} name="note" rows={2} maxLength={500} />
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <button type="button" onClick={onClose}>
        {t('leadCancel')}
      </button>
    </form>
  );
}

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];
const SUGGEST_FIELDS = ['name', 'weekdays', 'startTime', 'durationMinutes', 'location.formattedAddress', 'conference.url', 'note'];

/** Field by field, prefilled with the listing: only what the member changed is sent, with a note for the leads. */
function SuggestForm({ meeting: m, onClose }: { meeting: Meeting; onClose: () => void }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const p = `suggest-${m.id}`;
  useEffect(() => first.current?.focus(), []);
  const place = m.attendance !== 'online' && m.location && !m.location.approximate ? m.location : null;

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const changes: Changes = {};
    const name = field(form, 'name').trim();
    if (name && name !== m.name) changes.name = name;
    const startTime = field(form, 'startTime');
    if (startTime && startTime !== m.startTime) changes.startTime = startTime;
    const duration = Number(field(form, 'durationMinutes'));
    if (duration && duration !== m.durationMinutes) changes.durationMinutes = duration;
    const weekdays = form.getAll('weekdays').map(Number);
    if (weekdays.join() !== [...m.weekdays].sort().join()) changes.weekdays = weekdays;
    const address = field(form, 'location.formattedAddress').trim();
    if (place && address && address !== place.formattedAddress) {
      // A new address: its coordinates are the leads' to set (the old ones would point at the old place).
      const { name: placeName, city, postalCode, country } = place;
      changes.location = {
        formattedAddress: address,
        ...(placeName ? { name: placeName } : {}),
        ...(city ? { city } : {}),
        ...(postalCode ? { postalCode } : {}),
        ...(country ? { country } : {}),
      };
    }
    const url = field(form, 'conference.url').trim();
    if (m.attendance !== 'in_person' && url && url !== (m.conference?.url ?? '')) {
      changes.conference = {
        url,
        ...(m.conference?.phone ? { phone: m.conference.phone } : {}),
        ...(m.conference?.notes ? { notes: m.conference.notes } : {}),
      };
    }
    setBusy(true);
    try {
      const { data, error } = await api.POST('/api/v1/meetings/{id}/proposals', {
        params: { path: { id: m.id } },
        body: { changes, note: field(form, 'note') },
      });
      if (data) setDone(true);
      else setFailure(failureFrom(error, t('searchFailed')));
    } catch {
      setFailure(failureFrom(null, t('searchFailed')));
    }
    setBusy(false);
  }

  if (done) return <Done text={t('suggestThanks')} onClose={onClose} />;
  const named = failure ? Object.keys(failure.fields) : [];
  const elsewhere = named.filter((n) => !SUGGEST_FIELDS.includes(n)).map((n) => failure?.fields[n]);
  const input = (name: string, label: string, value: string | number | undefined, extra: Record<string, unknown> = {}) => (
    <>
      <label for={`${p}-${name}`}>{label}</label>
      <input id={`${p}-${name}`} name={name} defaultValue={value === undefined ? undefined : String(value)} {...extra} {...invalid(failure, p, name)} />
      <FieldError failure={failure} prefix={p} name={name} />
    </>
  );
  return (
    <form class="card feedback" noValidate aria-label={t('suggestTitle', { name: m.name })} onSubmit={(e) => void submit(e)}>
      <p class="small">{t('suggestIntro')}</p>
      {input('name', t('leadMeetingName'), m.name, { ref: first, maxLength: 200 })}
      <fieldset class="days">
        <legend>{t('leadDays')}</legend>
        {WEEKDAYS.map((d) => (
          <label key={d} class="check">
            <input type="checkbox" name="weekdays" value={String(d)} defaultChecked={m.weekdays.includes(d)} />
            {weekdayName(d)}
          </label>
        ))}
      </fieldset>
      <FieldError failure={failure} prefix={p} name="weekdays" />
      {input('startTime', t('suggestStartTime', { zone: m.timezone }), m.startTime, { type: 'time' })}
      {input('durationMinutes', t('leadDuration'), m.durationMinutes, {
        type: 'number',
        min: 5,
        max: 360,
        step: 5,
      })}
      {place && input('location.formattedAddress', t('leadAddress'), place.formattedAddress, { autocomplete: 'off' })}
      {m.attendance !== 'in_person' && input('conference.url', t('leadConferenceUrl'), m.conference?.url ?? '', { type: 'url' })}
      <label for={`${p}-note`}>{t('suggestNote')}</label>
      <textarea id={`${p}-note`} name="note" rows={2} maxLength={1000} aria-required="true" {...invalid(failure, p, 'note')} />
      <FieldError failure={failure} prefix={p} name="note" />
      {failure && (
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
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('suggestSend')}
        </button>
        <button type="button" onClick={onClose}>
          {t('leadCancel')}
        </button>
      </div>
    </form>
  );
}
