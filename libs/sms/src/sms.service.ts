import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@homegroup/config';
import { Clock } from '@homegroup/operations';
import type { SmsKind, SmsStatus } from './entities/sms-message.entity';
import { SmsCountryNotAllowedError, SmsInvalidNumberError, SmsMemberLimitError, SmsOptedOutError, SmsRecipientLimitError } from './errors';
import { normalisePhone, type SmsNumber } from './phone';
import { SmsMessagesRepository, type ChargedMessage, type LatestText } from './sms-messages.repository';
import { SmsProvider, SmsProviderFailure, type ProviderAccepted } from './sms-provider';
import type { SmsRef } from './sms-registries';

/** Where Twilio posts the webhooks (below PUBLIC_URL). */
export const TWILIO_WEBHOOK_PATHS = {
  sms: '/api/v1/webhooks/twilio/sms',
  status: '/api/v1/webhooks/twilio/status',
  voice: '/api/v1/webhooks/twilio/voice',
} as const;

/** The longest text sent: ten concatenated segments of GSM-7 (Twilio refuses over 1600 characters). */
export const SMS_MAX_BODY_LENGTH = 1600;
/** `purpose` values are short words such as consent, alert, checkin, reply. */
const PURPOSE = /^[a-z][a-z0-9-]{0,31}$/;

export type SendTextInput = {
  to: string;
  body: string;
  purpose: string;
  /** Who it is charged to (the per-member limit); null for the service's own texts. */
  memberId: string | null;
  ref?: SmsRef | null;
  /** Only for the answers to STOP/START/HELP themselves: a number that opted out still gets the confirmation. */
  bypassOptOut?: boolean;
};

export type PlaceCallInput = {
  to: string;
  purpose: string;
  memberId: string | null;
  /** Required: the voice webhook dispatches to the handler registered for `ref.kind`. */
  ref: SmsRef;
};

/**
 * What a send did. `sent: false` means the provider did not take it (its answer is on the row as `failed`): the
 * caller moves on (the ladder tries the next rung). Refusals before sending (number, country, opt-out, limits)
 * are thrown as the errors in errors.ts instead, and nothing is recorded or sent.
 */
export type SmsSendResult =
  | { sent: true; messageId: string; sid: string; status: SmsStatus }
  | { sent: false; messageId: string; reason: 'refused' | 'unreachable' | 'timeout'; errorCode: number | null };

/**
 * The one way to send a text or place a call (ADR 0044): checks the number, its country, the opt-outs and the
 * daily limits under a lock, records the message (number encrypted, body never stored), then hands it to the
 * provider. Logs carry ids, kinds and error codes only.
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger(SmsService.name);

  constructor(
    private readonly repository: SmsMessagesRepository,
    private readonly provider: SmsProvider,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The keyed hash of a number as every SMS table and handler keys it (E.164 in; see normalisePhone). */
  phoneHash(e164: string): string {
    return this.repository.phoneHash(e164);
  }

  /** Whether a number texted STOP (and not START since). */
  async isOptedOut(e164: string): Promise<boolean> {
    return this.repository.isOptedOut(this.phoneHash(e164));
  }

  /**
   * The newest text sent to this number for one of `purposes`: reply handlers answer only the text a reply
   * can be answering (a YES after a consent ask; a 1 after an alert), so two features never both take it.
   */
  async latestTextTo(phoneHash: string, purposes: readonly string[]): Promise<LatestText | null> {
    return this.repository.latestTextTo(phoneHash, purposes);
  }

  /**
   * What was charged to the member for `purpose` since `since` (sent, or refused by the provider), oldest first:
   * a feature's own rate limit (e.g. consent asks per member and day) counts its texts with it.
   */
  async chargedSince(memberId: string, purpose: string, since: Date): Promise<ChargedMessage[]> {
    return this.repository.chargedSince(memberId, purpose, since);
  }

  async sendText(input: SendTextInput): Promise<SmsSendResult> {
    if (typeof input.body !== 'string' || input.body.trim() === '' || input.body.length > SMS_MAX_BODY_LENGTH) {
      throw new RangeError(`an SMS body must be 1-${SMS_MAX_BODY_LENGTH} characters`);
    }
    const statusCallback = this.webhookUrl('status');
    return this.send('sms', input, (number) => this.provider.sendText({ to: number.e164, body: input.body, statusCallback }));
  }

  async placeCall(input: PlaceCallInput): Promise<SmsSendResult> {
    const statusCallback = this.webhookUrl('status');
    return this.send('call', input, (number, messageId) =>
      this.provider.placeCall({
        to: number.e164,
        url: `${this.webhookUrl('voice') ?? TWILIO_WEBHOOK_PATHS.voice}?ref=${messageId}`,
        statusCallback,
      }),
    );
  }

  /** The number as the service takes it, or the refusal a person can act on. */
  checkNumber(to: string): SmsNumber {
    const number = normalisePhone(to);
    if (!number) throw new SmsInvalidNumberError('to');
    const allowed = this.config.sms.allowedCountries;
    if (!number.country || !allowed.includes(number.country)) throw new SmsCountryNotAllowedError(number.country, allowed);
    return number;
  }

  private webhookUrl(which: keyof typeof TWILIO_WEBHOOK_PATHS): string | null {
    const base = this.config.sms.publicUrl;
    return base ? `${base}${TWILIO_WEBHOOK_PATHS[which]}` : null;
  }

  private async send(
    kind: SmsKind,
    input: SendTextInput | PlaceCallInput,
    deliver: (number: SmsNumber, messageId: string) => Promise<ProviderAccepted>,
  ): Promise<SmsSendResult> {
    if (!PURPOSE.test(input.purpose)) throw new RangeError('an SMS purpose is a short lower-case word');
    const number = this.checkNumber(input.to);
    const toHash = this.phoneHash(number.e164);
    const memberId = input.memberId ?? null;
    const bypass = 'bypassOptOut' in input && input.bypassOptOut === true;
    const now = this.clock.now();
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const untilTomorrow = Math.max(1, Math.ceil((dayStart.getTime() + 86_400_000 - now.getTime()) / 1000));
    const { maxPerMemberPerDay, maxPerRecipientPerDay } = this.config.sms;

    // Check and record under the member's and the number's locks: two sends at once cannot both pass the limit.
    const messageId = await this.repository.transaction(async (manager) => {
      // Four round trips in all (begin, locks, check-and-record, commit): this is on every alert text's path.
      await this.repository.lockSenders(manager, memberId, toHash);
      const recorded = await this.repository.recordIfAllowed(
        manager,
        {
          kind,
          purpose: input.purpose,
          memberId,
          toE164: number.e164,
          toHash,
          refKind: input.ref?.kind ?? null,
          refId: input.ref?.id ?? null,
        },
        { since: dayStart, honourOptOut: !bypass, maxPerMember: maxPerMemberPerDay, maxPerRecipient: maxPerRecipientPerDay },
      );
      if (recorded.id) return recorded.id;
      if (recorded.optedOut) throw new SmsOptedOutError();
      if (memberId && recorded.member >= maxPerMemberPerDay) throw new SmsMemberLimitError(maxPerMemberPerDay, untilTomorrow);
      throw new SmsRecipientLimitError(maxPerRecipientPerDay, untilTomorrow);
    });

    try {
      const accepted = await deliver(number, messageId);
      await this.repository.accepted(messageId, accepted.sid, accepted.status);
      return { sent: true, messageId, sid: accepted.sid, status: accepted.status };
    } catch (error) {
      const failure = error instanceof SmsProviderFailure ? error : new SmsProviderFailure('unreachable', null);
      await this.repository.failed(messageId, failure.errorCode ?? (failure.reason === 'refused' ? null : 0));
      this.logger.warn(`${kind} ${messageId} (${input.purpose}) not taken by the provider: ${failure.message}`);
      return { sent: false, messageId, reason: failure.reason, errorCode: failure.errorCode };
    }
  }
}
