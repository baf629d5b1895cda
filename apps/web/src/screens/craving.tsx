import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText, type Schemas } from '../api/client';
import { t } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { elapsed, field } from '../format';
import { onOwnerEvents, ownOpenAlertId } from '../live';
import { user } from '../session';
import { CallPeople, CopingList, MeetingsNow, OverdoseCard } from './craving-now';

type Craving = Schemas['CravingResponseDto'];
type Recipient = Schemas['CravingRecipientDto'];
type CrisisResource = Schemas['CrisisResourceDto'];
type OverdoseRisk = Schemas['OverdoseRiskCardDto'];
type Trigger = 'environmental' | 'emotional' | 'physical' | 'other';
type Outcome = 'passed' | 'struggling' | 'used';

/** How often the owner's view re-reads its alert for delivery receipts (no event carries them to the owner). */
const RECEIPT_POLL_MS = 4000;

/**
 * "I'm craving": crisis lines, grounding and the wave timer at once (before any answer, never gated on delivery);
 * then live who was paged, who received it, who is responding; resolve without judgement.
 */
export function CravingScreen() {
  const [crisis, setCrisis] = useState<{ lines: CrisisResource[]; disclaimer: string } | null>(null);
  const [craving, setCraving] = useState<Craving | null>(null);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [startedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [escalated, setEscalated] = useState<string | null>(null);
  const [intensity, setIntensity] = useState(5);
  const [resolved, setResolved] = useState<Outcome | 'auto' | null>(null);
  const [overdose, setOverdose] = useState<{ card: OverdoseRisk; resources: CrisisResource[] } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    const country = user.value?.country ?? undefined;
    void api.GET('/api/v1/crisis-resources', { params: { query: country ? { country } : {} } }).then(({ data }) => {
      if (data) setCrisis((current) => current ?? { lines: data.crisisResources, disclaimer: data.disclaimer });
    });
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);

  // Back on this screen (or after a reload) with an alert still open: show it instead of a new form.
  const openId = ownOpenAlertId.value;
  useEffect(() => {
    if (!openId || craving) return;
    void api.GET('/api/v1/cravings/{id}', { params: { path: { id: openId } } }).then(({ data }) => {
      if (data && 'recipients' in data && data.state !== 'resolved') setCraving((c) => c ?? data);
    });
  }, [openId]);

  // Live: responders (with their message) as they answer; escalation; the end; receipts by re-reading.
  useEffect(() => {
    if (!craving || resolved) return;
    const id = craving.id;
    const reload = (): void => {
      void api.GET('/api/v1/cravings/{id}', { params: { path: { id } } }).then(({ data }) => {
        if (data && 'recipients' in data) setCraving((c) => (c ? { ...data, recipients: mergeMessages(data.recipients, c.recipients) } : c));
      });
    };
    const off = onOwnerEvents({
      acknowledged: (p) => {
        if (p.cravingId !== id) return;
        setCraving((c) =>
          c
            ? {
                ...c,
                state: 'acknowledged',
                recipients: c.recipients.map((r) => (r.user.id === p.by.id ? { ...r, status: 'responding', message: p.message ?? r.message } : r)),
              }
            : c,
        );
        reload();
      },
      escalated: (p) => {
        if (p.cravingId !== id) return;
        setEscalated(p.message ?? t('escalated'));
        reload();
      },
      resolved: (p) => {
        if (p.cravingId === id) setResolved(p.outcome ?? 'auto');
      },
      status: (p) => {
        if (p.cravingId === id) reload();
      },
    });
    const poll = setInterval(reload, RECEIPT_POLL_MS);
    return () => {
      off();
      clearInterval(poll);
    };
  }, [craving?.id, resolved]);

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const trigger = field(form, 'trigger');
    const note = field(form, 'note').trim();
    setSending(true);
    setFailure(null);
    try {
      const { data, error } = await api.POST('/api/v1/cravings', {
        body: {
          intensity: Number(field(form, 'intensity') || 5),
          ...(trigger ? { trigger: trigger as Trigger } : {}),
          ...(note ? { note } : {}),
        },
      });
      if (data) {
        if (data.state !== 'resolved') ownOpenAlertId.value = data.id;
        setCraving(data);
        setCrisis({ lines: data.crisisResources, disclaimer: data.disclaimer });
      } else setFailure(t('sendFailed', { message: errorText(error) }));
    } catch {
      setFailure(t('sendFailed', { message: errorText(null) }));
    } finally {
      setSending(false);
    }
  }

  async function resolve(outcome: Outcome): Promise<void> {
    if (!craving) return;
    const { data } = await api.POST('/api/v1/cravings/{id}/resolve', { params: { path: { id: craving.id } }, body: { outcome } });
    if (data) {
      setResolved(outcome);
      // Only after "used", and only when the member opted in (the API decides): shown first, with its lines.
      if (data.overdoseRisk) setOverdose({ card: data.overdoseRisk, resources: data.crisisResources });
      if (ownOpenAlertId.value === craving.id) ownOpenAlertId.value = null;
    }
  }

  const responding = craving?.recipients.filter((r) => r.status === 'responding') ?? [];
  const paged = craving?.recipients.filter((r) => r.status !== 'pending') ?? [];
  // People without the app, texted at their step (ADR 0049): "Jo (by text) is responding".
  const textResponding = craving?.textRecipients.filter((r) => r.status === 'responding') ?? [];
  const texted = craving?.textRecipients.filter((r) => r.status !== 'waiting') ?? [];

  return (
    <section aria-labelledby="craving-title" class="craving">
      <h1 id="craving-title" tabIndex={-1} ref={heading}>
        {t('cravingTitle')}
      </h1>
      <p>{t('cravingIntro')}</p>

      {overdose && <OverdoseCard card={overdose.card} resources={overdose.resources} />}

      {!craving && (
        <form class="card" onSubmit={(e) => void send(e)}>
          <label for="intensity">{t('intensity')}</label>
          <div class="range">
            <input
              id="intensity"
              name="intensity"
              type="range"
              min={1}
              max={10}
              step={1}
              value={intensity}
              onInput={(e) => setIntensity(Number((e.currentTarget).value))}
            />
            <output for="intensity" aria-hidden="true">
              {intensity}
            </output>
          </div>
          <label for="trigger">{t('trigger')}</label>
          <select id="trigger" name="trigger">
            <option value="">{t('triggerNone')}</option>
            <option value="environmental">{t('triggerEnvironmental')}</option>
            <option value="emotional">{t('triggerEmotional')}</option>
            <option value="physical">{t('triggerPhysical')}</option>
            <option value="other">{t('triggerOther')}</option>
          </select>
          <label for="note">{t('note')}</label>
          <textarea id="note" name="note" rows={2} maxLength={1000} />
          <button type="submit" class="primary big" disabled={sending}>
            {sending ? t('sending') : t('sendCraving')}
          </button>
          {failure && (
            <p class="error" role="alert">
              {failure}
            </p>
          )}
        </form>
      )}

      {craving && (
        <section aria-labelledby="live-title" class="card live">
          <h2 id="live-title">{t('liveTitle')}</h2>
          {escalated && <p>{escalated}</p>}
          <div aria-live="polite" data-testid="responders">
            {responding.length + textResponding.length === 0 && !resolved && <p class="nobody">{t('nobodyYet')}</p>}
            {textResponding.map((r) => (
              <p key={r.id} class="responding">
                <strong>{`${t('byText', { name: r.name })} ${t('statusResponding')}`}</strong>
              </p>
            ))}
            {responding.map((r) => (
              <p key={r.user.id} class="responding">
                <strong>{r.message ? t('respondingWithMessage', { name: r.user.displayName, message: r.message }) : `${r.user.displayName} ${t('statusResponding')}`}</strong>
              </p>
            ))}
          </div>
          <ul class="recipients">
            {paged.map((r) => (
              <li key={r.user.id}>
                {r.user.displayName} ({r.role.includes('sponsor') ? t('roleSponsor') : t('roleContact')}): {t(statusKey(r.status))}
              </li>
            ))}
            {texted.map((r) => (
              <li key={r.id}>
                {t('byText', { name: r.name })}: {t(textStatusKey(r.status))}
              </li>
            ))}
          </ul>
          {!resolved ? (
            <fieldset class="resolve">
              <legend>{t('resolveTitle')}</legend>
              <button type="button" onClick={() => void resolve('passed')}>
                {t('resolvePassed')}
              </button>
              <button type="button" onClick={() => void resolve('struggling')}>
                {t('resolveStruggling')}
              </button>
              <button type="button" onClick={() => void resolve('used')}>
                {t('resolveUsed')}
              </button>
            </fieldset>
          ) : (
            <div role="status">
              <p>{t('resolvedThanks')}</p>
              {resolved === 'used' && <p>{t('resolvedUsedCare')}</p>}
              <button
                type="button"
                onClick={() => {
                  setCraving(null);
                  setResolved(null);
                  setEscalated(null);
                  setOverdose(null);
                }}
              >
                {t('newCraving')}
              </button>
            </div>
          )}
        </section>
      )}

      <CallPeople />

      <section aria-labelledby="crisis-title" class="card crisis">
        <h2 id="crisis-title">{t('crisisTitle')}</h2>
        <ul>
          {crisis?.lines.map((line) => (
            <li key={`${line.name}-${line.phone ?? ''}`}>
              {line.phone && <a href={`tel:${line.phone.replace(/[^\d+]/g, '')}`}>{t('call', { name: line.name, phone: line.phone })}</a>}
              {line.sms && (
                <>
                  {' '}
                  <a href={`sms:${line.sms.replace(/[^\d+]/g, '')}`}>{t('text', { name: line.name, sms: line.sms })}</a>
                </>
              )}
            </li>
          ))}
        </ul>
        <p class="small">{crisis?.disclaimer ?? t('notEmergency')}</p>
      </section>

      <CopingList />

      <section aria-labelledby="timer-title" class="card">
        <h2 id="timer-title">{t('timerTitle')}</h2>
        <p>
          <span role="timer" aria-live="off">
            {t('timerText', { elapsed: elapsed(now - (craving ? Date.parse(craving.createdAt) : startedAt)) })}
          </span>
        </p>
      </section>

      <section aria-labelledby="grounding-title" class="card">
        <h2 id="grounding-title">{t('groundingTitle')}</h2>
        <ol class="grounding">
          <li>{t('grounding5')}</li>
          <li>{t('grounding4')}</li>
          <li>{t('grounding3')}</li>
          <li>{t('grounding2')}</li>
          <li>{t('grounding1')}</li>
        </ol>
      </section>

      <MeetingsNow />
    </section>
  );
}

type TextStatus = Schemas['CravingTextRecipientDto']['status'];

function textStatusKey(status: TextStatus): MessageKey {
  const keys: Record<TextStatus, MessageKey> = {
    waiting: 'statusPending',
    skipped: 'textStatusSkipped',
    texted: 'textStatusTexted',
    delivered: 'statusDelivered',
    failed: 'textStatusFailed',
    responding: 'statusResponding',
  };
  return keys[status];
}

function statusKey(status: Recipient['status']): MessageKey {
  const keys: Record<Recipient['status'], MessageKey> = {
    pending: 'statusPending',
    skipped: 'statusSkipped',
    notified: 'statusNotified',
    delivered: 'statusDelivered',
    responding: 'statusResponding',
  };
  return keys[status];
}

/** A re-read may race an acknowledgement event: keep a message we already have. */
function mergeMessages(fresh: Recipient[], known: Recipient[]): Recipient[] {
  return fresh.map((r) => {
    const before = known.find((k) => k.user.id === r.user.id);
    return r.message || !before?.message ? r : { ...r, message: before.message, status: before.status === 'responding' ? 'responding' : r.status };
  });
}

