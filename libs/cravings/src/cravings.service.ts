import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import { QUEUES } from '@homegroup/contracts';
import { AccountDataRegistry } from '@homegroup/identity';
import { JobsService } from '@homegroup/jobs';
import { Clock, RateLimiterService, RateLimitRule } from '@homegroup/operations';
import { isAvailableAt, zoneOrUtc } from '@homegroup/phone-list';
import { AlertCircleService } from './alert-circle.service';
import { cravingPatterns } from './craving-patterns';
import { CravingDeliveryService } from './craving-delivery.service';
import { OVERDOSE_RISK_CARD, ownerView, recipientView } from './craving-views';
import { CravingsRepository, type CravingWithOwner } from './cravings.repository';
import { CrisisResourcesService, NOT_AN_EMERGENCY_SERVICE } from './crisis-resources.service';
import type { CreateCravingDto } from './dto/create-craving.dto';
import type {
  CravingAsRecipientResponseDto,
  CravingHistoryResponseDto,
  CravingResponseDto,
} from './dto/craving.response.dto';
import type { ResolveCravingDto } from './dto/resolve-craving.dto';
import type { PolicySnapshot } from './entities/craving.entity';
import { EscalationPolicyService } from './escalation-policy.service';
import { planLadder, STEP_EVERYONE, STEP_FIRST, STEP_NEXT_CONTACTS, STEP_NOBODY_ANSWERED } from './ladder';

export const NO_SUCH_CRAVING = 'No such alert, or it was not sent to you';
/** A second tap within this window returns the open alert instead of paging everyone again. */
export const REUSE_WINDOW_MS = 10 * 60_000;
export const CHECKIN_AFTER_SECONDS = 30 * 60;
export const AUTO_RESOLVE_AFTER_SECONDS = 60 * 60;
export const NOBODY_ANSWERED =
  'Nobody has answered yet. Call someone from your list, or 988 (call or text); in an emergency, call 911.';
const NOBODY_IN_CIRCLE =
  'Nobody is in your alert circle yet, so nobody was paged. Call 988 (call or text) now; in an emergency, call 911. ' +
  'Ask your sponsor or phone-list contacts to accept your alerts so they can be there next time.';
const CREATE_RULE: RateLimitRule = { name: 'craving-create', points: 10, windowSeconds: 3600 };
const BAD_CURSOR =
  'cursor is not valid: pass the nextCursor of the previous page, or leave it out for the first page';

export type CreateResult = { body: CravingResponseDto; created: boolean };

/**
 * Craving alerts: raise (one transaction: alert, policy snapshot, recipients, timers), acknowledge, resolve,
 * read. Authorization per alert: the owner, and recipients once notified; anyone else gets 404.
 */
@Injectable()
export class CravingsService {
  constructor(
    private readonly repository: CravingsRepository,
    private readonly circle: AlertCircleService,
    private readonly policies: EscalationPolicyService,
    private readonly crisis: CrisisResourcesService,
    private readonly delivery: CravingDeliveryService,
    private readonly jobs: JobsService,
    private readonly limiter: RateLimiterService,
    private readonly clock: Clock,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('cravings', (userId, manager) => this.repository.exportOwned(userId, manager));
    registry.registerExporter('cravingResponses', (userId, manager) =>
      this.repository.exportResponses(userId, manager),
    );
  }

  async create(ownerId: string, dto: CreateCravingDto): Promise<CreateResult> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - REUSE_WINDOW_MS);
    const open = await this.repository.findOpenSince(this.repository.manager, ownerId, since);
    if (open) return { body: { ...(await this.ownerBody(open)), reused: true }, created: false };
    await this.limiter.consume(
      CREATE_RULE,
      ownerId,
      'You raised many alerts in the last hour, so this one was not sent again. Call someone from your list directly, ' +
        'or 988 (call or text); in an emergency, call 911.',
    );

    const [circle, policy, owner] = await Promise.all([
      this.circle.circleOf(ownerId, now),
      this.policies.get(ownerId),
      this.repository.ownerProfile(ownerId),
    ]);
    const plan = planLadder(circle, policy.firstResponderIds);
    const snapshot: PolicySnapshot = {
      nextContactsAfterSeconds: policy.nextContactsAfterSeconds,
      everyoneAfterSeconds: policy.everyoneAfterSeconds,
      nobodyAnsweredAfterSeconds: policy.nobodyAnsweredAfterSeconds,
      overdoseRiskCard: policy.overdoseRiskCard,
    };

    const result = await this.repository.transaction(async (manager) => {
      await this.repository.lockOwner(manager, ownerId);
      const raced = await this.repository.findOpenSince(manager, ownerId, since);
      if (raced) return { id: raced, created: false, notified: [] as string[] };
      const id = await this.repository.insertCraving(manager, {
        ownerId,
        state: 'triggered',
        intensity: dto.intensity,
        trigger: dto.trigger ?? null,
        note: dto.note ?? null,
        policy: snapshot,
        step: STEP_FIRST,
        createdAt: now,
        escalatedAt: plan.length === 0 ? now : null,
      });
      const sponsorIds = plan.filter((p) => p.role.endsWith('sponsor')).map((p) => p.member.user.id);
      const optedOut = await this.policies.sponsorsWithoutBreakthrough(manager, sponsorIds);
      const notified: string[] = [];
      const rows = plan.map((p) => {
        const breaksThrough = p.role.endsWith('sponsor') && !optedOut.has(p.member.user.id);
        const timezone = zoneOrUtc(p.member.timezone);
        const available = breaksThrough || isAvailableAt(p.member.availability, timezone, now);
        const atStepZero = p.step === STEP_FIRST;
        if (atStepZero && available) notified.push(p.member.user.id);
        return {
          cravingId: id,
          userId: p.member.user.id,
          role: p.role,
          priority: p.priority,
          step: p.step,
          breaksThrough,
          availability: p.member.availability,
          timezone,
          notifiedAt: atStepZero && available ? now : null,
          skippedAt: atStepZero && !available ? now : null,
        };
      });
      await this.repository.insertRecipients(manager, rows);
      // Every timer of this alert in one statement, in this transaction: they exist only if the alert does.
      const timers: Parameters<JobsService['insertInTransaction']>[1] = [];
      if (plan.length > 0) {
        const delays: [number, number][] = [
          [STEP_NEXT_CONTACTS, snapshot.nextContactsAfterSeconds],
          [STEP_EVERYONE, snapshot.everyoneAfterSeconds],
          [STEP_NOBODY_ANSWERED, snapshot.nobodyAnsweredAfterSeconds],
        ];
        for (const [step, seconds] of delays) {
          timers.push({
            queue: QUEUES.cravingEscalation,
            payload: { cravingId: id, step },
            startAfterSeconds: seconds,
          });
        }
      }
      timers.push(
        {
          queue: QUEUES.cravingCheckin,
          payload: { cravingId: id, kind: 'half-hour' },
          startAfterSeconds: CHECKIN_AFTER_SECONDS,
        },
        {
          queue: QUEUES.cravingCheckin,
          payload: { cravingId: id, kind: 'next-morning' },
          startAfterSeconds: secondsUntilNextMorning(now, owner?.timezone ?? 'UTC'),
        },
        {
          queue: QUEUES.cravingAutoResolve,
          payload: { cravingId: id },
          startAfterSeconds: AUTO_RESOLVE_AFTER_SECONDS,
        },
      );
      await this.jobs.insertInTransaction(manager, timers);
      return { id, created: true, notified };
    });

    const craving = await this.mustFind(result.id);
    if (result.created) {
      // After COMMIT: the alert is durable before anyone is told; a failed emit is replayed on reconnect.
      void this.delivery.alert(craving, result.notified, STEP_FIRST);
      if (plan.length === 0) {
        void this.delivery.toOwner(
          craving,
          'craving.escalated',
          {
            cravingId: craving.id,
            step: STEP_FIRST,
            message: NOBODY_IN_CIRCLE,
            crisisResources: await this.crisis.forCountry(),
            disclaimer: NOT_AN_EMERGENCY_SERVICE,
          },
          'escalated',
        );
      }
    }
    const body = await this.ownerBody(craving.id, craving);
    return { body: result.created ? body : { ...body, reused: true }, created: result.created };
  }

  async get(userId: string, id: string): Promise<CravingResponseDto | CravingAsRecipientResponseDto> {
    const craving = await this.repository.find(id);
    if (!craving) throw new NotFoundException(NO_SUCH_CRAVING);
    if (craving.ownerId === userId) return this.ownerBody(id, craving);
    return this.recipientBody(craving, userId);
  }

  async acknowledge(
    userId: string,
    id: string,
    message: string | undefined,
  ): Promise<CravingAsRecipientResponseDto> {
    const craving = await this.repository.find(id);
    if (!craving) throw new NotFoundException(NO_SUCH_CRAVING);
    if (craving.ownerId === userId) {
      throw new ForbiddenException(
        'This is your own alert: the people you alerted respond to it. Resolve it when you are through.',
      );
    }
    await this.recipientBody(craving, userId); // 404 unless they were notified of it
    if (craving.state === 'resolved') return this.recipientBody(craving, userId);
    const now = this.clock.now();
    const acknowledged = await this.repository.transaction(async (manager) => {
      const changed = await this.repository.acknowledgeRecipient(manager, id, userId, message ?? null, now);
      if (changed.length > 0) await this.repository.moveToAcknowledged(manager, id, now);
      return changed.length > 0;
    });
    const fresh = await this.mustFind(id);
    if (acknowledged) {
      const recipients = await this.repository.recipients(id);
      const by = recipients.find((r) => r.userId === userId);
      const ref = { id: userId, displayName: by?.displayName ?? '' };
      this.delivery.toUsers([craving.ownerId], 'craving.acknowledged', {
        cravingId: id,
        by: ref,
        ...(message ? { message } : {}),
      });
      const others = recipients.filter((r) => r.notifiedAt && r.userId !== userId).map((r) => r.userId);
      this.delivery.toUsers(others, 'craving.acknowledged', { cravingId: id, by: ref });
    }
    return this.recipientBody(fresh, userId);
  }

  async resolve(ownerId: string, id: string, dto: ResolveCravingDto): Promise<CravingResponseDto> {
    const craving = await this.repository.find(id);
    if (!craving || craving.ownerId !== ownerId) throw new NotFoundException(NO_SUCH_CRAVING);
    const share = dto.shareOutcome ?? false;
    const changed = await this.repository.transaction((manager) =>
      this.repository.resolveByOwner(
        manager,
        id,
        ownerId,
        { outcome: dto.outcome, note: dto.note ?? null, share },
        this.clock.now(),
      ),
    );
    const fresh = await this.mustFind(id);
    if (changed.length > 0) {
      const recipients = (await this.repository.recipients(id))
        .filter((r) => r.notifiedAt)
        .map((r) => r.userId);
      this.delivery.toUsers(recipients, 'craving.resolved', {
        cravingId: id,
        ...(share ? { outcome: dto.outcome } : {}),
        autoResolved: false,
      });
    }
    const body = await this.ownerBody(id, fresh);
    const policy = await this.policies.get(ownerId);
    return fresh.outcome === 'used' && policy.overdoseRiskCard
      ? { ...body, overdoseRisk: OVERDOSE_RISK_CARD }
      : body;
  }

  async history(ownerId: string, cursor: string | undefined, limit = 20): Promise<CravingHistoryResponseDto> {
    const after = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.repository.page(ownerId, limit + 1, after);
    const items = rows.slice(0, limit);
    const counts = await this.repository.recipientCounts(items.map((c) => c.id));
    const owner = await this.repository.ownerProfile(ownerId);
    const all = await this.repository.allForPatterns(ownerId);
    const last = items[items.length - 1];
    return {
      items: items.map((c) => ({
        id: c.id,
        state: c.state,
        intensity: c.intensity,
        trigger: c.trigger,
        note: c.note,
        createdAt: c.createdAt.toISOString(),
        outcome: c.outcome,
        autoResolved: c.autoResolved,
        notified: counts.get(c.id)?.recipients ?? 0,
        responders: counts.get(c.id)?.responders ?? 0,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
      patterns: cravingPatterns(all, zoneOrUtc(owner?.timezone), owner?.cleanDate ?? null),
    };
  }

  private async ownerBody(id: string, known?: CravingWithOwner): Promise<CravingResponseDto> {
    const craving = known ?? (await this.mustFind(id));
    const [recipients, resources] = await Promise.all([
      this.repository.recipients(id),
      this.crisis.forCountry(),
    ]);
    return ownerView(craving, recipients, resources);
  }

  private async recipientBody(
    craving: CravingWithOwner,
    userId: string,
  ): Promise<CravingAsRecipientResponseDto> {
    const recipients = await this.repository.recipients(craving.id);
    const me = recipients.find((r) => r.userId === userId && r.notifiedAt);
    if (!me) throw new NotFoundException(NO_SUCH_CRAVING);
    return recipientView(craving, recipients, me, await this.crisis.forCountry());
  }

  private async mustFind(id: string): Promise<CravingWithOwner> {
    const craving = await this.repository.find(id);
    if (!craving) throw new NotFoundException(NO_SUCH_CRAVING);
    return craving;
  }
}

/** 09:00 the next morning in the member's zone (the same morning when raised before 05:00). */
export function secondsUntilNextMorning(now: Date, timezone: string): number {
  const local = DateTime.fromJSDate(now, { zone: zoneOrUtc(timezone) });
  const day = local.hour < 5 ? local : local.plus({ days: 1 });
  const target = day.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  return Math.max(60, Math.round((target.toMillis() - now.getTime()) / 1000));
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime()))
    throw new BadRequestException(BAD_CURSOR);
  return { createdAt, id };
}
