import { Injectable } from '@nestjs/common';
import type { CravingCheckinKind } from '@homegroup/contracts';
import { Clock } from '@homegroup/operations';
import { isAvailableAt } from '@homegroup/phone-list';
import { CravingDeliveryService } from './craving-delivery.service';
import { CravingsRepository } from './cravings.repository';
import { NOBODY_ANSWERED } from './cravings.service';
import { CrisisResourcesService, NOT_AN_EMERGENCY_SERVICE } from './crisis-resources.service';
import { STEP_NOBODY_ANSWERED } from './ladder';

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
    private readonly clock: Clock,
  ) {}

  /**
   * Fires escalation step `step` while nobody has acknowledged: recipients of this step and earlier who have
   * not been notified yet are alerted if available now (sponsors who break through always), skipped
   * otherwise; the owner is told. Step 3 tells the owner that nobody has answered yet. Returns whether it fired.
   */
  async fireStep(cravingId: string, step: number): Promise<boolean> {
    const now = this.clock.now();
    const notified = await this.repository.transaction(async (manager) => {
      const changed = await this.repository.advanceStep(manager, cravingId, step);
      if (changed.length === 0) return null;
      if (step === STEP_NOBODY_ANSWERED) {
        await this.repository.markEscalated(manager, cravingId, now);
        return [];
      }
      const due = (await this.repository.recipients(cravingId, manager)).filter((r) => r.step <= step && !r.notifiedAt);
      const available = due.filter((r) => r.breaksThrough || isAvailableAt(r.availability, r.timezone, now));
      const availableIds = new Set(available.map((r) => r.userId));
      await this.repository.markNotified(manager, cravingId, [...availableIds], now);
      await this.repository.markSkipped(
        manager,
        cravingId,
        due.filter((r) => !availableIds.has(r.userId)).map((r) => r.userId),
        now,
      );
      return [...availableIds];
    });
    if (notified === null) return false;
    const craving = await this.repository.find(cravingId);
    if (!craving) return false;
    if (notified.length > 0) void this.delivery.alert(craving, notified, step);
    await this.delivery.toOwner(
      craving,
      'craving.escalated',
      {
        cravingId,
        step,
        ...(step === STEP_NOBODY_ANSWERED ? { message: NOBODY_ANSWERED } : {}),
        crisisResources: await this.crisis.forCountry(),
        disclaimer: NOT_AN_EMERGENCY_SERVICE,
      },
      step === STEP_NOBODY_ANSWERED ? 'escalated' : undefined,
    );
    return true;
  }

  /** +30 minutes (only while open) and the next morning (always): "how are you doing?". Each once. */
  async checkin(cravingId: string, kind: CravingCheckinKind): Promise<boolean> {
    const column = kind === 'half-hour' ? 'checkin_sent_at' : 'morning_checkin_sent_at';
    const changed = await this.repository.transaction((manager) =>
      this.repository.markCheckin(manager, cravingId, column, this.clock.now(), kind === 'half-hour'),
    );
    if (changed.length === 0) return false;
    const craving = await this.repository.find(cravingId);
    if (!craving) return false;
    await this.delivery.toOwner(craving, 'craving.checkin', { cravingId, kind }, 'checkin');
    return true;
  }

  /** Still open 60 minutes on: resolved without an outcome (the owner can still record one). */
  async autoResolve(cravingId: string): Promise<boolean> {
    const changed = await this.repository.transaction((manager) =>
      this.repository.autoResolve(manager, cravingId, this.clock.now()),
    );
    if (changed.length === 0) return false;
    const craving = await this.repository.find(cravingId);
    if (!craving) return false;
    const recipients = (await this.repository.recipients(cravingId)).filter((r) => r.notifiedAt).map((r) => r.userId);
    this.delivery.toUsers([craving.ownerId, ...recipients], 'craving.resolved', { cravingId, autoResolved: true });
    return true;
  }
}
