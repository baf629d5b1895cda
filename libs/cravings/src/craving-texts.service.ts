import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, DomainRefusal } from '@homegroup/operations';
import { SmsInboundRegistry, SmsService, SmsStatusRegistry, type InboundSms, type SmsReplyResult, type SmsStatusEvent } from '@homegroup/sms';
import { CravingDeliveryService, statusPayload } from './craving-delivery.service';
import { CravingsRepository } from './cravings.repository';
import { CravingTextsRepository, type ClaimedText } from './craving-texts.repository';
import { STEP_EVERYONE } from './ladder';

/** `ref.kind` of an alert text (and of its closing text) in sms_messages. */
export const CRAVING_TEXT_REF = 'craving-text-recipient';
/** What a reply that means "I'm calling" is, normalised by libs/sms (case-folded, punctuation removed). */
export const ACK_KEYWORDS: ReadonlySet<string> = new Set(['1', 'yes', 'ok']);

/** Lock-screen safe: the owner's name only, never the note, intensity or trigger. */
export const alertText = (ownerName: string): string =>
  `${ownerName} could use a call right now — reply 1 if you're calling. Homegroup`;
export const ackReply = (ownerName: string): string => `Thanks — we told ${ownerName} you're calling.`;
export const resolvedReply = (ownerName: string): string => `${ownerName} is OK now — no action needed. Thank you.`;
export const closingText = (ownerName: string): string => `${ownerName} is OK now — thank you. Homegroup`;

const errorName = (error: unknown): string => (error instanceof Error ? error.name : 'error');

/**
 * The ladder's texts to outside contacts (ADR 0049): sending a step's texts after its commit, their delivery
 * statuses, a reply "1" acknowledging as that recipient, and the closing text. Logs ids and kinds only, never a
 * number, a name or a text.
 */
@Injectable()
export class CravingTextsService implements OnModuleInit {
  private readonly logger = new Logger(CravingTextsService.name);
  /** Fires an escalation step (CravingEscalationService.fireStep, which sets it: the two call each other). */
  private fireStep: ((cravingId: string, step: number) => Promise<boolean>) | null = null;

  constructor(
    private readonly repository: CravingTextsRepository,
    private readonly cravings: CravingsRepository,
    private readonly delivery: CravingDeliveryService,
    private readonly sms: SmsService,
    private readonly inbound: SmsInboundRegistry,
    private readonly statuses: SmsStatusRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.statuses.register((event) => this.onStatus(event));
    this.inbound.register((message) => this.onReply(message));
  }

  useLadder(fireStep: (cravingId: string, step: number) => Promise<boolean>): void {
    this.fireStep = fireStep;
  }

  /**
   * Texts everyone of the alert due at `step` or earlier and not texted yet, while nobody has acknowledged (the
   * claim is one conditional update: the job, its retries and the sweeper text each person once). Call after the
   * step's commit and do not await it on the app path: the provider is an HTTP call away. A text refused or not
   * taken moves the ladder on (moveOn). Never throws.
   */
  async sendDue(cravingId: string, step: number): Promise<void> {
    try {
      const claimed = await this.repository.claimDue(cravingId, step, this.clock.now());
      await Promise.all(claimed.map((text) => this.sendOne(text)));
    } catch (error) {
      this.logger.error(`alert texts for ${cravingId} not sent (${errorName(error)})`);
    }
  }

  private async sendOne(text: ClaimedText): Promise<void> {
    if (!text.phone || text.consent !== 'given') {
      await this.repository.markSkipped(text.id, this.clock.now());
      return;
    }
    let messageId: string | null = null;
    try {
      const result = await this.sms.sendText({
        to: text.phone,
        body: alertText(text.ownerName),
        purpose: 'alert',
        memberId: text.ownerId,
        ref: { kind: CRAVING_TEXT_REF, id: text.id },
      });
      messageId = result.messageId;
      if (result.sent) {
        await this.repository.markSent(text.id, result.messageId, result.status, this.clock.now());
        return;
      }
    } catch (error) {
      // A refusal before sending (opted out, limits, country, number): nothing was sent.
      if (!(error instanceof DomainRefusal)) this.logger.error(`alert text ${text.id} failed (${errorName(error)})`);
      else this.logger.warn(`alert text ${text.id} refused (${error.code})`);
    }
    const failed = await this.repository.markFailed(text.id, messageId, this.clock.now());
    if (failed) await this.moveOn(failed.cravingId, failed.step);
  }

  /**
   * A text of step `step` failed: the next step fires now instead of at its timer, while the alert is still
   * triggered (fireStep's conditional update keeps it once; the steps after keep their own times). A failure at
   * step 2 brings nothing forward: "nobody has answered" is about time, not about who could be reached.
   */
  private async moveOn(cravingId: string, step: number): Promise<void> {
    const next = step + 1;
    if (next > STEP_EVERYONE || !this.fireStep) return;
    try {
      await this.fireStep(cravingId, next);
    } catch (error) {
      // The step's own timer (and the sweeper) still fire it.
      this.logger.error(`escalation step ${next} after a failed text not fired (${errorName(error)})`);
    }
  }

  private async onStatus(event: SmsStatusEvent): Promise<void> {
    if (event.ref?.kind !== CRAVING_TEXT_REF || event.kind !== 'sms') return;
    const subject = await this.repository.applyStatus(event.ref.id, event.status, this.clock.now());
    if (!subject) return;
    void this.tellOwner(subject.cravingId);
    if (subject.newlyFailed) await this.moveOn(subject.cravingId, subject.step);
  }

  private async onReply(message: InboundSms): Promise<SmsReplyResult> {
    if (!ACK_KEYWORDS.has(message.keyword)) return { handled: false };
    // Only the newest text this number got (of the kinds a reply can answer) says what "1" means.
    const latest = await this.sms.latestTextTo(message.fromHash, ['consent', 'alert']);
    if (!latest || latest.purpose !== 'alert' || latest.refKind !== CRAVING_TEXT_REF || !latest.refId)
      return { handled: false };
    const subject = await this.repository.replySubject(latest.refId);
    if (!subject || !subject.notifiedAt) return { handled: false };
    if (subject.state === 'resolved') return { handled: true, reply: resolvedReply(subject.ownerName) };
    const outcome = await this.repository.acknowledge(subject.id, subject.cravingId, this.clock.now());
    if (outcome.resolved) return { handled: true, reply: resolvedReply(subject.ownerName) };
    if (outcome.acknowledged) {
      // The name is the owner's own label for them: only the owner is told (ADR 0045, 0049).
      this.delivery.toUsers([subject.ownerId], 'craving.acknowledged', {
        cravingId: subject.cravingId,
        by: { id: subject.id, displayName: subject.name, via: 'sms' },
      });
    }
    return { handled: true, reply: ackReply(subject.ownerName) };
  }

  /**
   * The alert is over: everyone who was texted it gets one closing text, only while their consent is still `given`
   * and their number has not said STOP (SmsService refuses it then; nothing is sent). Never throws.
   */
  async close(cravingId: string): Promise<void> {
    try {
      const claimed = await this.repository.claimClosing(cravingId, this.clock.now());
      await Promise.all(
        claimed.map(async (text) => {
          if (!text.phone) return;
          try {
            await this.sms.sendText({
              to: text.phone,
              body: closingText(text.ownerName),
              purpose: 'alert',
              memberId: text.ownerId,
              ref: { kind: CRAVING_TEXT_REF, id: text.id },
            });
          } catch (error) {
            this.logger.warn(`closing text ${text.id} not sent (${error instanceof DomainRefusal ? error.code : errorName(error)})`);
          }
        }),
      );
    } catch (error) {
      this.logger.error(`closing texts for ${cravingId} not sent (${errorName(error)})`);
    }
  }

  /** The owner's screen follows the texts' statuses live (the same event as on connect). */
  private async tellOwner(cravingId: string): Promise<void> {
    try {
      const [craving, recipients, texts] = await Promise.all([
        this.cravings.find(cravingId),
        this.cravings.recipients(cravingId),
        this.repository.forCraving(cravingId),
      ]);
      if (craving) this.delivery.toUsers([craving.ownerId], 'craving.status', statusPayload(craving, recipients, texts));
    } catch (error) {
      this.logger.warn(`craving.status for ${cravingId} not sent (${errorName(error)})`);
    }
  }
}
