import { ConflictException, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import twilio from 'twilio';
import { AccountDataRegistry } from '@homegroup/identity';
import { Clock, DomainRefusal } from '@homegroup/operations';
import { SmsService, SmsStatusRegistry, SmsVoiceRegistry, type SmsStatusEvent, type VoiceRequest } from '@homegroup/sms';
import { CravingVoiceCallsRepository, type CallSubject } from './craving-voice-calls.repository';
import { CravingsService } from './cravings.service';

/** The ref kind of a "nobody has answered" call; its id is the sponsor's craving_recipients row. */
export const CRAVING_CALL_REF_KIND = 'craving-call';
/** The `purpose` of those calls in sms_messages. */
export const CRAVING_CALL_PURPOSE = 'voice-alert';
/** Call outcomes worth a log line: the sponsor did not pick up, or the call never rang. */
const UNANSWERED = new Set(['no-answer', 'busy', 'failed', 'canceled']);
const VOICE = { language: 'en-US' as const };

/**
 * "Nobody has answered" by phone (ADR 0050): when the ladder's last step fires on an alert nobody has
 * acknowledged, each of its sponsors who opted in (notification preferences, with a phone on their profile) is
 * called once; pressing 1 acknowledges the alert as them, through CravingsService.acknowledge like the app's
 * button. The call says nothing of the craving: only who asked, how long ago, and that nobody has answered.
 */
@Injectable()
export class CravingVoiceCallService implements OnModuleInit {
  private readonly logger = new Logger(CravingVoiceCallService.name);

  constructor(
    private readonly repository: CravingVoiceCallsRepository,
    private readonly cravings: CravingsService,
    private readonly sms: SmsService,
    private readonly voice: SmsVoiceRegistry,
    private readonly statuses: SmsStatusRegistry,
    private readonly clock: Clock,
    registry: AccountDataRegistry,
  ) {
    // The calls to a sponsor leave with the sponsor's account (ADR 0038), in the erasure's transaction.
    registry.onAccountErasing(async (manager, userId) => {
      const phone = await this.repository.phoneOf(manager, userId);
      await this.repository.eraseCallsTo(manager, userId, CRAVING_CALL_REF_KIND, phone ? this.sms.phoneHash(phone) : null);
    });
  }

  onModuleInit(): void {
    this.voice.register(CRAVING_CALL_REF_KIND, (request) => this.answer(request));
    this.statuses.register((event) => this.statusChanged(event));
  }

  /**
   * Calls the opted-in sponsors of an alert that reached "nobody has answered" (after the step's commit). Each is
   * claimed first (craving_recipients.called_at), so a second run calls nobody again. A refusal (the number said
   * STOP, a daily limit, a country not allowed) or a provider failure is logged by id and code, and the others
   * are still called. Never throws.
   */
  async callSponsors(cravingId: string, ownerId: string): Promise<number> {
    let placed = 0;
    try {
      const claimed = await this.repository.claimSponsorsToCall(cravingId, this.clock.now());
      for (const sponsor of claimed) {
        if (!sponsor.phone) continue;
        try {
          const result = await this.sms.placeCall({
            to: sponsor.phone,
            purpose: CRAVING_CALL_PURPOSE,
            memberId: ownerId,
            ref: { kind: CRAVING_CALL_REF_KIND, id: sponsor.recipientId },
          });
          if (result.sent) placed += 1;
          else this.logger.warn(`nobody-answered call ${result.messageId} not placed: ${result.reason}`);
        } catch (error) {
          const code = error instanceof DomainRefusal ? error.code : error instanceof Error ? error.name : 'error';
          this.logger.warn(`nobody-answered call to a sponsor refused: ${code}`);
        }
      }
    } catch (error) {
      this.logger.error(`nobody-answered calls failed: ${error instanceof Error ? error.name : 'error'}`);
    }
    return placed;
  }

  /** The call's TwiML: the message in a Gather; 1 acknowledges, another key repeats it. */
  async answer(request: VoiceRequest): Promise<string> {
    const subject = await this.repository.subject(request.ref.id);
    if (!subject) return say('This is Homegroup. This alert is already resolved. Thank you.');
    if (subject.state === 'resolved')
      return say(`This is Homegroup. ${subject.ownerDisplayName}'s alert is already resolved. Thank you.`);
    if (request.digits === '1') return this.acknowledge(subject);
    if (subject.state === 'acknowledged' && request.digits === null)
      return say(`This is Homegroup. Someone has already answered ${subject.ownerDisplayName}'s alert. Thank you.`);
    const minutes = Math.max(1, Math.round((this.clock.now().getTime() - new Date(subject.createdAt).getTime()) / 60_000));
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({ numDigits: 1, action: request.actionUrl, method: 'POST', timeout: 8 });
    gather.say(
      { ...VOICE, loop: 2 },
      `This is Homegroup. ${subject.ownerDisplayName} asked for help ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago ` +
        'and nobody has answered yet. Press 1 if you are calling them.',
    );
    response.say(VOICE, 'Goodbye.');
    response.hangup();
    return response.toString();
  }

  private async acknowledge(subject: CallSubject): Promise<string> {
    try {
      await this.cravings.acknowledge(subject.userId, subject.cravingId, undefined);
      return say(`Thank you. We told ${subject.ownerDisplayName} you are calling.`);
    } catch (error) {
      if (error instanceof ConflictException) return say(`${subject.ownerDisplayName}'s alert is already resolved. Thank you.`);
      if (error instanceof NotFoundException) return say('This alert is no longer open to you. Goodbye.');
      throw error;
    }
  }

  /** No answer, busy, failed: logged by message id and status (the row has it too), never the number. */
  private statusChanged(event: SmsStatusEvent): Promise<void> {
    if (event.kind === 'call' && event.ref?.kind === CRAVING_CALL_REF_KIND && UNANSWERED.has(event.status))
      this.logger.warn(
        `nobody-answered call ${event.messageId} ended ${event.status}${event.errorCode ? ` (${event.errorCode})` : ''}`,
      );
    return Promise.resolve();
  }
}

/** Says `text` and hangs up. */
function say(text: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(VOICE, text);
  response.hangup();
  return response.toString();
}
