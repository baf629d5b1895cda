import { Injectable, Logger } from '@nestjs/common';
import { QUEUES, type CravingCheckinKind } from '@homegroup/contracts';
import { JobsService } from '@homegroup/jobs';
import { Clock } from '@homegroup/operations';
import { isAvailableAt, zoneOrUtc } from '@homegroup/phone-list';
import { ALERT_ACK_TIMEOUT_MS, CravingDeliveryService } from './craving-delivery.service';
import { CravingVoiceCallService } from './craving-voice-call.service';
import { CravingsRepository } from './cravings.repository';
import { CrisisResourcesService } from './crisis-resources.service';
import { crisisTexts } from './crisis-texts';
import { nextStep, STEP_NOBODY_ANSWERED } from './ladder';
import { CravingTextsService } from './craving-texts.service';

/** A step whose job is this late is presumed lost: the sweeper fires it (a job still running it is harmless). */
export const SWEEP_GRACE_SECONDS = 60;
/** Alerts looked at per pass; a sweep makes passes until nothing is overdue (each pass moves each alert a step). */
const SWEEP_BATCH = 200;
/** Steps 1–3 of one alert, plus a pass lost to a job that fired a step first. */
const SWEEP_MAX_PASSES = 4;

/**
 * What the timers do (pg-boss jobs written in the creating transaction). Each handler is a conditional
 * update first, so a job that runs twice, late, or after an acknowledgement changes nothing.
 */
@Injectable()
export class CravingEscalationService {
  constructor(
    private readonly repository: CravingsRepository,
    private readonly delivery: CravingDeliveryService,
    private readonly crisis: CrisisResourcesService,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    private readonly voiceCalls: CravingVoiceCallService,
    private readonly texts: CravingTextsService,
  ) {
    // A failed alert text moves the ladder on through fireStep (ADR 0049).
    texts.useLadder((cravingId, step) => this.fireStep(cravingId, step));
  }

  private readonly logger = new Logger(CravingEscalationService.name);

  /**
   * The safety net of the ladder (issue 9, defect 8d): the steps are a chain of jobs, so a step whose job
   * exhausted its retries (or was lost) would end the chain, and the later steps and "nobody has answered yet"
   * with it. Every minute this finds open, unacknowledged alerts whose next step is overdue by more than
   * SWEEP_GRACE_SECONDS and fires it through fireStep — the same conditional update as the job, so a step the job
   * and the sweeper both run is sent once. Several overdue steps of one alert fire in order, one per pass. A step
   * that fails here is logged (no ids or content) and tried again by the next sweep. Returns how many fired.
   */
  async sweepOverdueSteps(): Promise<number> {
    let fired = 0;
    for (let pass = 0; pass < SWEEP_MAX_PASSES; pass += 1) {
      const overdue = await this.repository.overdueSteps(this.clock.now(), SWEEP_GRACE_SECONDS, SWEEP_BATCH);
      if (overdue.length === 0) break;
      for (const { cravingId, step } of overdue) {
        try {
          if (await this.fireStep(cravingId, step)) fired += 1;
        } catch (error) {
          this.logger.error(
            `sweep: escalation step ${step} failed: ${error instanceof Error ? error.name : 'error'}`,
          );
        }
      }
    }
    return fired;
  }

  /**
   * Fires escalation step `step` while nobody has acknowledged: recipients of this step and earlier who have
   * not been notified yet are alerted if available now (sponsors who break through always), skipped
   * otherwise; the owner is told. Step 3 tells the owner that nobody has answered yet. Returns whether it fired.
   */
  async fireStep(cravingId: string, step: number): Promise<boolean> {
    const now = this.clock.now();
    // One read (the alert, its owner, who is due), one conditional write: the step moves only while the
    // alert is triggered and below this step, and the recipients change only if it moved. A retry, a late
    // job or a job after an acknowledgement changes nothing.
    // Who was notified longer ago than the ack window (real time: the window is a real timer) and never
    // confirmed is sent the alert again, whether or not this step fires: a live emit lost to a Redis restart or
    // to an api process that died between the commit and the emit reaches a socket that never reconnects.
    const subject = await this.repository.escalationSubject(
      cravingId,
      step,
      new Date(Date.now() - ALERT_ACK_TIMEOUT_MS),
    );
    if (subject && subject.state !== 'resolved' && subject.unconfirmed.length > 0)
      void this.delivery.redeliver(subject, subject.unconfirmed);
    // Texts (ADR 0049): a repeat of a step that fired catches a text its first run claimed nobody for (a crash
    // between the commit and the send); the claim is conditional, so nobody is texted twice.
    if (subject?.textsDue && subject.state === 'triggered' && subject.step >= step)
      void this.texts.sendDue(cravingId, subject.step);
    if (!subject || subject.state !== 'triggered' || subject.step >= step) return false;
    const last = step === STEP_NOBODY_ANSWERED;
    const due = last ? [] : subject.due;
    const notify = due
      .filter((r) => r.breaksThrough || isAvailableAt(r.availability, zoneOrUtc(r.timezone), now))
      .map((r) => r.userId);
    const notifying = new Set(notify);
    const skip = due.filter((r) => !notifying.has(r.userId)).map((r) => r.userId);
    // The ladder is a chain: this step writes the next one's timer, in the same statement (see nextStep).
    const next = nextStep(subject.policy, step, new Date(subject.createdAt), now);
    const fired = await this.repository.fireStep(
      cravingId,
      step,
      { notify, skip, at: now, last },
      next
        ? (firstParam, guard) =>
            this.jobs.insertFragment(
              [
                {
                  queue: QUEUES.cravingEscalation,
                  payload: { cravingId, step: next.step },
                  startAfterSeconds: next.startAfterSeconds,
                },
              ],
              firstParam,
              guard,
            )
        : undefined,
    );
    if (!fired) return false;
    if (notify.length > 0) void this.delivery.alert(subject, notify, step);
    if (subject.textsDue) void this.texts.sendDue(cravingId, step);
    // "Nobody has answered": the opted-in sponsors are phoned (ADR 0050; claimed once, never throws).
    if (last) void this.voiceCalls.callSponsors(cravingId, subject.ownerId);
    // Every text from the owner's country (issue 9, defect 9).
    const crisisResources = await this.crisis.forCountry(subject.ownerCountry);
    const texts = crisisTexts(crisisResources);
    await this.delivery.toOwner(
      subject,
      'craving.escalated',
      {
        cravingId,
        step,
        ...(last ? { message: texts.nobodyAnswered } : {}),
        crisisResources,
        disclaimer: texts.disclaimer,
      },
      last ? 'escalated' : undefined,
    );
    return true;
  }

  /** +30 minutes (only while open) and the next morning (always): "how are you doing?". Each once. */
  async checkin(cravingId: string, kind: CravingCheckinKind): Promise<boolean> {
    const column = kind === 'half-hour' ? 'checkin_sent_at' : 'morning_checkin_sent_at';
    const changed = await this.repository.markCheckin(
      this.repository.manager,
      cravingId,
      column,
      this.clock.now(),
      kind === 'half-hour',
    );
    if (changed.length === 0) return false;
    const craving = await this.repository.find(cravingId);
    if (!craving) return false;
    await this.delivery.toOwner(craving, 'craving.checkin', { cravingId, kind }, 'checkin');
    return true;
  }

  /** Still open 60 minutes on: resolved without an outcome (the owner can still record one). */
  async autoResolve(cravingId: string): Promise<boolean> {
    const now = this.clock.now();
    const changed = await this.repository.transaction((manager) =>
      this.repository.autoResolve(manager, cravingId, now),
    );
    if (changed.length === 0) return false;
    const craving = await this.repository.find(cravingId);
    if (!craving) return false;
    const recipients = (await this.repository.recipients(cravingId))
      .filter((r) => r.notifiedAt)
      .map((r) => r.userId);
    this.delivery.toUsers([craving.ownerId, ...recipients], 'craving.resolved', {
      cravingId,
      autoResolved: true,
    });
    void this.texts.close(cravingId);
    return true;
  }
}
