import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { DateTime } from 'luxon';
import { QUEUES } from '@homegroup/contracts';
import { AccountDataRegistry, BlocksService } from '@homegroup/identity';
import { JobsService, type JobSpec } from '@homegroup/jobs';
import { Clock, CursorCodec, cursorField, RateLimiterService, RateLimitRule } from '@homegroup/operations';
import { isAvailableAt, zoneOrUtc } from '@homegroup/phone-list';
import { AlertCircleService } from './alert-circle.service';
import { cravingPatterns } from './craving-patterns';
import { CravingDeliveryService } from './craving-delivery.service';
import { ownerView, recipientView } from './craving-views';
import { CravingsRepository, type CravingWithOwner, type RecipientView } from './cravings.repository';
import { CrisisResourcesService } from './crisis-resources.service';
import { crisisTexts } from './crisis-texts';
import type { CreateCravingDto } from './dto/create-craving.dto';
import type {
  CravingAsRecipientResponseDto,
  CravingHistoryResponseDto,
  CravingResponseDto,
} from './dto/craving.response.dto';
import type { ResolveCravingDto } from './dto/resolve-craving.dto';
import type { PolicySnapshot } from './entities/craving.entity';
import { EscalationPolicyService, policyOrDefaults } from './escalation-policy.service';
import { nextStep, planLadderWithTexts, STEP_FIRST } from './ladder';
import { CravingTextsRepository, type TextRecipientView } from './craving-texts.repository';
import { CravingTextsService } from './craving-texts.service';

export const NO_SUCH_CRAVING = 'No such alert, or it was not sent to you';
/** 409 for an acknowledgement of an alert its owner (or the hour) has already resolved: nothing is recorded. */
export const ALREADY_RESOLVED =
  'This alert is already resolved, so your response was not recorded; reach out to them directly if you like.';
/** A second tap within this window returns the open alert instead of paging everyone again. */
export const REUSE_WINDOW_MS = 10 * 60_000;
export const CHECKIN_AFTER_SECONDS = 30 * 60;
export const AUTO_RESOLVE_AFTER_SECONDS = 60 * 60;
const CREATE_RULE: RateLimitRule = { name: 'craving-create', points: 10, windowSeconds: 3600 };
/** Where a page of `GET /cravings` stopped (created_at, id): the one codec of libs/operations. */
const HISTORY_CURSOR = new CursorCodec({ t: cursorField.instant(), i: cursorField.uuid() });

export type CreateResult = { body: CravingResponseDto; created: boolean };

/**
 * Craving alerts: raise (one statement: alert, policy snapshot, recipients, timers), acknowledge, resolve,
 * read. Authorization per alert: the owner, and recipients once notified (unless either blocked the other); anyone
 * else gets 404.
 */
@Injectable()
export class CravingsService {
  constructor(
    private readonly repository: CravingsRepository,
    private readonly policies: EscalationPolicyService,
    private readonly crisis: CrisisResourcesService,
    private readonly delivery: CravingDeliveryService,
    private readonly jobs: JobsService,
    private readonly limiter: RateLimiterService,
    private readonly clock: Clock,
    private readonly blocks: BlocksService,
    private readonly texts: CravingTextsService,
    private readonly textRecipients: CravingTextsRepository,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('cravings', (userId, manager) => this.repository.exportOwned(userId, manager));
    registry.registerExporter('cravingResponses', (userId, manager) =>
      this.repository.exportResponses(userId, manager),
    );
  }

  /**
   * Raises an alert: ONE read (the owner, their circle, policy and open alert), then ONE statement that writes
   * the alert, its recipients and its timers (see CravingsRepository.createAlert);
   * after it, step 0 is paged and the answer is built from what was written, without reading it back.
   */
  async create(ownerId: string, dto: CreateCravingDto): Promise<CreateResult> {
    const now = this.clock.now();
    const context = await this.repository.createContext(ownerId, now);
    // The route verifies the token only (@TokenOnly): this read is the check that the member still exists.
    if (!context) throw new UnauthorizedException('This account does not exist any more');
    if (context.openCravingId) return this.reused(context.openCravingId);
    const circle = AlertCircleService.fromColumns(context, now);
    // The owner's country's lines (cached in memory): every text below names them (issue 9, defect 9).
    const resources = await this.crisis.forCountry(context.country);
    const texts = crisisTexts(resources);
    await this.limiter.consume(CREATE_RULE, ownerId, texts.tooManyAlerts);

    const policy = policyOrDefaults(context.policy);
    const ladder = planLadderWithTexts(circle, policy.firstResponderIds, context.textContacts);
    const plan = ladder.members;
    const snapshot: PolicySnapshot = {
      nextContactsAfterSeconds: policy.nextContactsAfterSeconds,
      everyoneAfterSeconds: policy.everyoneAfterSeconds,
      nobodyAnsweredAfterSeconds: policy.nobodyAnsweredAfterSeconds,
      overdoseRiskCard: policy.overdoseRiskCard,
    };
    const optedOut = new Set(context.sponsorsWithoutBreakthrough);
    const id = randomUUID();
    const notified: string[] = [];
    const recipients: RecipientView[] = plan.map((p) => {
      const breaksThrough = p.role.endsWith('sponsor') && !optedOut.has(p.member.user.id);
      const timezone = zoneOrUtc(p.member.timezone);
      const available = breaksThrough || isAvailableAt(p.member.availability, timezone, now);
      const atStepZero = p.step === STEP_FIRST;
      if (atStepZero && available) notified.push(p.member.user.id);
      return {
        id: randomUUID(),
        cravingId: id,
        userId: p.member.user.id,
        displayName: p.member.user.displayName,
        role: p.role,
        priority: p.priority,
        step: p.step,
        breaksThrough,
        availability: p.member.availability,
        timezone,
        notifiedAt: atStepZero && available ? now : null,
        skippedAt: atStepZero && !available ? now : null,
        pushedAt: null,
        deliveredAt: null,
        acknowledgedAt: null,
        calledAt: null,
        message: null,
      };
    });
    // The owner's outside contacts who consented: texted at their step, after the commit (ADR 0049).
    const textPlan: TextRecipientView[] = ladder.texts.map((t) => ({
      id: randomUUID(),
      name: t.contact.name,
      step: t.step,
      priority: t.priority,
      notifiedAt: null,
      skippedAt: null,
      deliveryStatus: null,
      failedAt: null,
      acknowledgedAt: null,
    }));
    const outsideIds = new Map(textPlan.map((t, index) => [t.id, ladder.texts[index].contact.id]));
    const anyone = plan.length + textPlan.length > 0;
    const craving: CravingWithOwner = {
      id,
      ownerId,
      state: 'triggered',
      intensity: dto.intensity,
      trigger: dto.trigger ?? null,
      note: dto.note ?? null,
      policy: snapshot,
      step: STEP_FIRST,
      createdAt: now,
      acknowledgedAt: null,
      escalatedAt: anyone ? null : now,
      resolvedAt: null,
      outcome: null,
      outcomeNote: null,
      shareOutcome: false,
      autoResolved: false,
      checkinSentAt: null,
      morningCheckinSentAt: null,
      ownerDisplayName: context.displayName,
      ownerCountry: context.country,
    };

    // Every timer of this alert goes into the same statement: they exist exactly when the alert does. The
    // ladder's steps are a chain (nextStep): step 1 now, each step that fires writes the next.
    const timers: JobSpec[] = [];
    const first = anyone ? nextStep(snapshot, STEP_FIRST, now, now) : null;
    if (first) {
      timers.push({
        queue: QUEUES.cravingEscalation,
        payload: { cravingId: id, step: first.step },
        startAfterSeconds: first.startAfterSeconds,
      });
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
        startAfterSeconds: secondsUntilNextMorning(now, context.timezone),
      },
      {
        queue: QUEUES.cravingAutoResolve,
        payload: { cravingId: id },
        startAfterSeconds: AUTO_RESOLVE_AFTER_SECONDS,
      },
    );

    const written = await this.repository.createAlert(
      { ...craving, reuseUntil: new Date(now.getTime() + REUSE_WINDOW_MS) },
      recipients,
      textPlan.map((t) => ({
        id: t.id,
        outsideContactId: outsideIds.get(t.id) as string,
        name: t.name,
        priority: t.priority,
        step: t.step,
      })),
      (firstParam, guard) => this.jobs.insertFragment(timers, firstParam, guard),
    );
    if (!written.created) {
      // Another tap of the same member won the window a moment ago: join its alert.
      const open = written.openCravingId ?? (await this.repository.openCravingOf(ownerId, now));
      if (open) return this.reused(open);
      throw new ConflictException(
        'Your alert is being raised by another tap right now; try again in a second.',
      );
    }

    // After the write: the alert is durable before anyone is told; a failed emit is replayed on reconnect.
    void this.delivery.alert(craving, notified, STEP_FIRST);
    // Texts due at step 0 (only when nobody with the app is): after the commit, never awaited here.
    if (textPlan.some((t) => t.step === STEP_FIRST)) {
      void this.texts.sendDue(craving.id, STEP_FIRST);
      for (const t of textPlan) if (t.step === STEP_FIRST) t.notifiedAt = now;
    }
    if (!anyone) {
      void this.delivery.toOwner(
        craving,
        'craving.escalated',
        {
          cravingId: craving.id,
          step: STEP_FIRST,
          message: texts.nobodyInCircle,
          crisisResources: resources,
          disclaimer: texts.disclaimer,
        },
        'escalated',
      );
    }
    return { body: ownerView(craving, recipients, resources, textPlan), created: true };
  }

  private async reused(id: string): Promise<CreateResult> {
    return { body: { ...(await this.ownerBody(id)), reused: true }, created: false };
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
    const [craving, recipients] = await Promise.all([
      this.repository.find(id),
      this.repository.recipients(id),
    ]);
    if (!craving) throw new NotFoundException(NO_SUCH_CRAVING);
    if (craving.ownerId === userId) {
      throw new ForbiddenException(
        'This is your own alert: the people you alerted respond to it. Resolve it when you are through.',
      );
    }
    const me = recipients.find((r) => r.userId === userId && r.notifiedAt);
    // Only people it was sent to may answer it, and not across a block (ADR 0018, resolved alerts included).
    if (!me || (await this.blocks.eitherBlocked(craving.ownerId, userId))) throw new NotFoundException(NO_SUCH_CRAVING);
    const resources = await this.crisis.forCountry(craving.ownerCountry);
    if (craving.state === 'resolved') throw new ConflictException(ALREADY_RESOLVED);
    const now = this.clock.now();
    const outcome = await this.repository.acknowledge(id, userId, message ?? null, now);
    // Resolved between the read and the write: the row lock made the write see it, and nothing was recorded.
    if (outcome.resolved) throw new ConflictException(ALREADY_RESOLVED);
    if (outcome.acknowledged) {
      // What the statement wrote, applied to what was read: no second read for the answer.
      me.acknowledgedAt = now;
      me.message = message ?? null;
      me.deliveredAt ??= now;
      if (craving.state === 'triggered')
        Object.assign(craving, { state: 'acknowledged', acknowledgedAt: now });
      const ref = { id: userId, displayName: me.displayName };
      this.delivery.toUsers([craving.ownerId], 'craving.acknowledged', {
        cravingId: id,
        by: ref,
        ...(message ? { message } : {}),
      });
      const others = recipients.filter((r) => r.notifiedAt && r.userId !== userId).map((r) => r.userId);
      this.delivery.toUsers(others, 'craving.acknowledged', { cravingId: id, by: ref });
    }
    return recipientView(craving, recipients, me, resources);
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
      void this.texts.close(id);
    }
    const body = await this.ownerBody(id, fresh);
    const policy = await this.policies.get(ownerId);
    return fresh.outcome === 'used' && policy.overdoseRiskCard
      ? { ...body, overdoseRisk: crisisTexts(body.crisisResources).overdoseRiskCard }
      : body;
  }

  async history(ownerId: string, cursor: string | undefined, limit = 20): Promise<CravingHistoryResponseDto> {
    const decoded = cursor === undefined ? undefined : HISTORY_CURSOR.decode(cursor);
    const after = decoded && { createdAt: decoded.t, id: decoded.i };
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
      nextCursor:
        rows.length > limit && last ? HISTORY_CURSOR.encode({ t: last.createdAt, i: last.id }) : null,
      patterns: cravingPatterns(all, zoneOrUtc(owner?.timezone), owner?.cleanDate ?? null),
    };
  }

  private async ownerBody(id: string, known?: CravingWithOwner): Promise<CravingResponseDto> {
    const craving = known ?? (await this.mustFind(id));
    const [recipients, resources, texts] = await Promise.all([
      this.repository.recipients(id),
      this.crisis.forCountry(craving.ownerCountry),
      this.textRecipients.forCraving(id),
    ]);
    return ownerView(craving, recipients, resources, texts);
  }

  private async recipientBody(
    craving: CravingWithOwner,
    userId: string,
  ): Promise<CravingAsRecipientResponseDto> {
    const recipients = await this.repository.recipients(craving.id);
    const me = recipients.find((r) => r.userId === userId && r.notifiedAt);
    // A block ends access to each other's alerts, resolved ones too: a block removes the recipient rows of open
    // alerts (ADR 0018); resolved ones keep theirs for the owner's history, so the block is checked here.
    if (!me || (await this.blocks.eitherBlocked(craving.ownerId, userId))) throw new NotFoundException(NO_SUCH_CRAVING);
    return recipientView(craving, recipients, me, await this.crisis.forCountry(craving.ownerCountry));
  }

  private async mustFind(id: string): Promise<CravingWithOwner> {
    const craving = await this.repository.find(id);
    if (!craving) throw new NotFoundException(NO_SUCH_CRAVING);
    return craving;
  }
}

const QUARTER_HOUR_MS = 15 * 60_000;
const nextMornings = new Map<string, number>();

/**
 * 09:00 the next morning in the member's zone (the same morning when raised before 05:00), in seconds from `now`.
 * Every zone's offset is a whole number of quarter hours, so within one UTC quarter hour the local hour (and so
 * the answer's instant) is the same: it is computed with luxon once per zone and quarter hour.
 */
export function secondsUntilNextMorning(now: Date, timezone: string): number {
  const zone = zoneOrUtc(timezone);
  const key = `${zone}|${Math.floor(now.getTime() / QUARTER_HOUR_MS)}`;
  let target = nextMornings.get(key);
  if (target === undefined) {
    const local = DateTime.fromJSDate(now, { zone });
    const day = local.hour < 5 ? local : local.plus({ days: 1 });
    target = day.set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).toMillis();
    if (nextMornings.size >= 5000) nextMornings.clear();
    nextMornings.set(key, target);
  }
  return Math.max(60, Math.round((target - now.getTime()) / 1000));
}
