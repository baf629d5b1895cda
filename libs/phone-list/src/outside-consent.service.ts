import { Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '@homegroup/identity';
import { PushService } from '@homegroup/notifications';
import { Clock, DomainRefusal } from '@homegroup/operations';
import { RealtimeService } from '@homegroup/realtime';
import {
  SmsInboundRegistry,
  SmsOptOutRegistry,
  SmsService,
  type InboundSms,
  type SmsOptOutEvent,
  type SmsReplyResult,
} from '@homegroup/sms';
import { ConsentAskResponseDto } from './dto/consent-ask.response.dto';
import { OutsideContactsRepository } from './outside-contacts.repository';
import { NO_SUCH_OUTSIDE_CONTACT } from './outside-contacts.service';

/** What a consent ask's text is (`purpose`) and what it refers to (`ref.kind`, with the outsideContactId). */
export const CONSENT_PURPOSE = 'consent';
export const CONSENT_REF_KIND = 'outside-contact';
/** The purposes a reply from an outside number can be answering: only the newest of them is. */
export const REPLY_PURPOSES = ['consent', 'alert'] as const;
/** A contact still `asked` is asked again at most once in this long. */
export const CONSENT_REASK_AFTER_MS = 24 * 3_600_000;
/** How many different people one member may ask in 24 hours. */
export const CONSENT_ASKS_PER_MEMBER_PER_DAY = 5;
/** The words that agree (normalised: case, spaces and punctuation do not matter). */
export const CONSENT_YES_WORDS = ['yes', 'y'] as const;
/** The member's name as the text says it (one SMS segment with the rest). */
const NAME_IN_TEXT_MAX = 30;

/** The consent ask, in GSM-7 characters only (one segment for a name of up to 30 characters). */
export function consentAskText(memberName: string): string {
  return `${shortName(memberName)} added you to their Homegroup phone list: may we text you when they could use a call? Reply YES to agree, STOP to opt out.`;
}

/** The answer to a YES. */
export function consentThanksText(memberName: string): string {
  return `Thanks. You'll get a text from Homegroup if ${shortName(memberName)} could use a call. Reply STOP at any time to stop.`;
}

/** Lock-screen safe: the contact's name (the member's own label) and nothing about why. */
export function consentPushText(contactName: string, state: 'given' | 'withdrawn'): string {
  return state === 'given'
    ? `${contactName} agreed to get your alerts by text`
    : `${contactName} will not get your alerts by text`;
}

function shortName(name: string): string {
  const plain = name.replace(/\s+/g, ' ').trim();
  return plain.length > NAME_IN_TEXT_MAX ? `${plain.slice(0, NAME_IN_TEXT_MAX - 1).trimEnd()}.` : plain;
}

/** They already agreed: nothing to ask. */
export class ConsentAlreadyGivenError extends DomainRefusal {
  constructor() {
    super(409, 'consent_already_given', 'They already agreed to get your alerts by text');
  }
}

/** The number texted STOP (to anyone's ask or alert: never said whose). */
export class ConsentOptedOutError extends DomainRefusal {
  constructor() {
    super(
      409,
      'consent_opted_out',
      'This person has stopped texts from Homegroup. If they change their mind, they can text START to the number the texts came from; then you can ask again',
    );
  }
}

/** The contact was asked less than 24 hours ago and has not answered. */
export class ConsentAskedRecentlyError extends DomainRefusal {
  constructor(retryAfterSeconds: number) {
    super(
      429,
      'consent_asked_recently',
      'You asked them less than 24 hours ago; give them time to answer, or ask again later',
      retryAfterSeconds,
    );
  }
}

/** The member asked their 24 hours' worth of people. */
export class ConsentDailyLimitError extends DomainRefusal {
  constructor(retryAfterSeconds: number) {
    super(
      429,
      'consent_daily_limit',
      `You can ask at most ${CONSENT_ASKS_PER_MEMBER_PER_DAY} people by text in 24 hours; try again later`,
      retryAfterSeconds,
    );
  }
}

/** The number changed while the ask was being made. */
export class ConsentNumberChangedError extends DomainRefusal {
  constructor() {
    super(409, 'consent_number_changed', 'Their number changed while asking; look at it and ask again');
  }
}

/** The provider did not take the text: nothing changed. */
export class SmsNotDeliveredError extends DomainRefusal {
  constructor() {
    super(
      422,
      'sms_not_delivered',
      'The text could not be sent to that number; check the number, or try again later. Nothing was changed',
    );
  }
}

const secondsUntil = (at: number, now: number): number => Math.max(1, Math.ceil((at - now) / 1000));

/**
 * Consent by text (ADR 0048): the owner asks one of their outside contacts (a text with the owner's name, YES/STOP);
 * a YES to the newest consent-or-alert text to that number, when it is a consent ask, makes the asked contact
 * `given`; a STOP withdraws every owner's `asked`/`given` contact with that number. The owner hears of each change
 * on their sockets and by Web Push, never why.
 */
@Injectable()
export class OutsideConsentService implements OnModuleInit {
  private readonly logger = new Logger(OutsideConsentService.name);

  constructor(
    private readonly contacts: OutsideContactsRepository,
    private readonly sms: SmsService,
    private readonly inbound: SmsInboundRegistry,
    private readonly optOuts: SmsOptOutRegistry,
    private readonly realtime: RealtimeService,
    private readonly push: PushService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.inbound.register((message) => this.onReply(message));
    this.optOuts.register((event) => this.onOptOut(event));
  }

  /**
   * Texts the consent ask and marks the contact `asked`. The state changes only if the text went: a refusal before
   * sending (opt-out, limits, country) or the provider not taking it leaves it as it was.
   */
  async ask(auth: AuthUser, id: string): Promise<ConsentAskResponseDto> {
    const view = await this.contacts.view(auth.id, id);
    if (!view) throw new NotFoundException(NO_SUCH_OUTSIDE_CONTACT);
    if (view.alertConsent === 'given') throw new ConsentAlreadyGivenError();
    if (await this.sms.isOptedOut(view.phone)) throw new ConsentOptedOutError();
    // Refuses a number the service never texts (format, country) before anything is claimed.
    this.sms.checkNumber(view.phone);

    const now = this.clock.now();
    const since = new Date(now.getTime() - CONSENT_REASK_AFTER_MS);
    const charged = await this.sms.chargedSince(auth.id, CONSENT_PURPOSE, since);
    const expectedHash = this.contacts.phoneHash(view.phone);
    const previous = await this.contacts.claimConsentAsk(auth.id, id, now, since, (current, askedSince) => {
      if (current.phoneHash !== expectedHash) throw new ConsentNumberChangedError();
      if (current.alertConsent === 'given') throw new ConsentAlreadyGivenError();
      if (current.alertConsent === 'asked' && current.consentAskedAt && current.consentAskedAt >= since) {
        throw new ConsentAskedRecentlyError(
          secondsUntil(current.consentAskedAt.getTime() + CONSENT_REASK_AFTER_MS, now.getTime()),
        );
      }
      // Every ask in the window counts once: the contacts asked (in flight or sent), and the texts of asks whose
      // contact no longer shows it (a new number resets the contact, not the member's count).
      const asked = new Set(askedSince.map((row) => row.id));
      const times = [
        ...askedSince.map((row) => row.askedAt.getTime()),
        ...charged.filter((c) => !c.refId || !asked.has(c.refId)).map((c) => c.createdAt.getTime()),
      ].sort((a, b) => a - b);
      if (times.length >= CONSENT_ASKS_PER_MEMBER_PER_DAY) {
        const freesAt = times[times.length - CONSENT_ASKS_PER_MEMBER_PER_DAY] + CONSENT_REASK_AFTER_MS;
        throw new ConsentDailyLimitError(secondsUntil(freesAt, now.getTime()));
      }
    });
    if (!previous) throw new NotFoundException(NO_SUCH_OUTSIDE_CONTACT);

    let sent: boolean;
    try {
      const result = await this.sms.sendText({
        to: view.phone,
        body: consentAskText(auth.displayName),
        purpose: CONSENT_PURPOSE,
        memberId: auth.id,
        ref: { kind: CONSENT_REF_KIND, id },
      });
      sent = result.sent;
    } catch (error) {
      await this.contacts.revertConsentAsk(id, now, previous);
      throw error;
    }
    if (!sent) {
      await this.contacts.revertConsentAsk(id, now, previous);
      throw new SmsNotDeliveredError();
    }
    return { id, alertConsent: 'asked', consentAskedAt: now.toISOString() };
  }

  /** A YES answers the newest consent-or-alert text to that number, when it is a consent ask; anything else is not ours. */
  private async onReply(message: InboundSms): Promise<SmsReplyResult> {
    if (!(CONSENT_YES_WORDS as readonly string[]).includes(message.keyword)) return { handled: false };
    const latest = await this.sms.latestTextTo(message.fromHash, REPLY_PURPOSES);
    if (!latest || latest.purpose !== CONSENT_PURPOSE || latest.refKind !== CONSENT_REF_KIND || !latest.refId) {
      return { handled: false };
    }
    const answer = await this.contacts.giveConsent(
      latest.refId,
      this.contacts.phoneHash(message.fromE164),
      this.clock.now(),
    );
    if (!answer) return { handled: false };
    if (answer.changed) await this.tell(answer.ownerId, answer.id, answer.name, 'given');
    return { handled: true, reply: consentThanksText(answer.ownerName) };
  }

  /** STOP withdraws consent for every owner of the number; START restores nothing (they must be asked again). */
  private async onOptOut(event: SmsOptOutEvent): Promise<void> {
    if (!event.optedOut) return;
    const withdrawn = await this.contacts.withdrawConsent(this.contacts.phoneHash(event.e164), this.clock.now());
    for (const contact of withdrawn) await this.tell(contact.ownerId, contact.id, contact.name, 'withdrawn');
    if (withdrawn.length > 0) this.logger.log(`consent withdrawn for ${withdrawn.length} outside contacts`);
  }

  /** The owner's sockets and their Web Push subscriptions: the new state, never the reason. */
  private async tell(ownerId: string, id: string, name: string, state: 'given' | 'withdrawn'): Promise<void> {
    this.realtime.emitToUser(ownerId, 'phone-list.outside-consent', { outsideContactId: id, alertConsent: state });
    try {
      await this.push.sendToUser(ownerId, {
        title: 'Homegroup',
        body: consentPushText(name, state),
        data: { type: 'phone-list.outside-consent', outsideContactId: id },
        urgency: 'normal',
        ttlSeconds: 86_400,
      });
    } catch (error) {
      this.logger.warn(`consent push failed: ${(error as Error).name}`);
    }
  }
}
