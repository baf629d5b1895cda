import { Injectable, Logger } from '@nestjs/common';
import type { SmsKind, SmsStatus } from './entities/sms-message.entity';
import type { SmsKeyword } from './keywords';

/** What a caller attaches to a text or call, and gets back in its status events and voice requests. */
export type SmsRef = { kind: string; id: string };

/** An inbound text that is not STOP/START/HELP, as the reply handlers see it. */
export type InboundSms = {
  /** Keyed hash of the sender's number (SmsService.phoneHash): what to look the sender up by. */
  fromHash: string;
  fromE164: string;
  /** The text as sent, trimmed. */
  text: string;
  /** The normalised text (trimmed, case-folded, punctuation removed): `yes`, `1`, `stop`. */
  keyword: string;
};

export type SmsReplyResult = { handled: true; reply?: string } | { handled: false };
export type SmsReplyHandler = (message: InboundSms) => Promise<SmsReplyResult>;

/** A number opted out (STOP…) or back in (START/UNSTOP). */
export type SmsOptOutEvent = { phoneHash: string; e164: string; optedOut: boolean; keyword: SmsKeyword };
export type SmsOptOutListener = (event: SmsOptOutEvent) => Promise<void>;

/** A text's or call's status moved forward (from a provider callback). */
export type SmsStatusEvent = {
  messageId: string;
  kind: SmsKind;
  ref: SmsRef | null;
  status: SmsStatus;
  errorCode: number | null;
};
export type SmsStatusListener = (event: SmsStatusEvent) => Promise<void>;

/** Twilio fetching a call's instructions, or posting the key pressed in a Gather. */
export type VoiceRequest = {
  ref: SmsRef;
  messageId: string;
  callSid: string | null;
  /** The key(s) pressed, when this is the Gather's action; null on the first fetch. */
  digits: string | null;
  /** The URL a Gather's `action` must post to (this call's voice webhook). */
  actionUrl: string;
};
/** Answers TwiML (e.g. built with `twilio.twiml.VoiceResponse`). */
export type VoiceHandler = (request: VoiceRequest) => Promise<string>;

/**
 * Reply handlers, tried in registration order; the first that says `handled` wins. Features register from
 * their module's onModuleInit (`registry.register(handler)`); the return value unregisters (tests).
 */
@Injectable()
export class SmsInboundRegistry {
  private readonly logger = new Logger(SmsInboundRegistry.name);
  private readonly handlers: SmsReplyHandler[] = [];

  register(handler: SmsReplyHandler): () => void {
    this.handlers.push(handler);
    return () => remove(this.handlers, handler);
  }

  async dispatch(message: InboundSms): Promise<SmsReplyResult> {
    for (const handler of this.handlers) {
      try {
        const result = await handler(message);
        if (result.handled) return result;
      } catch (error) {
        this.logger.error(`an SMS reply handler failed (${(error as Error)?.name ?? 'error'})`);
      }
    }
    return { handled: false };
  }
}

/** Told of every STOP and START (the consent feature withdraws consent for every member of that number). */
@Injectable()
export class SmsOptOutRegistry {
  private readonly logger = new Logger(SmsOptOutRegistry.name);
  private readonly listeners: SmsOptOutListener[] = [];

  register(listener: SmsOptOutListener): () => void {
    this.listeners.push(listener);
    return () => remove(this.listeners, listener);
  }

  async notify(event: SmsOptOutEvent): Promise<void> {
    await notifyAll(this.listeners, event, this.logger, 'an opt-out listener');
  }
}

/** Told of every status change (the ladder moves on at `failed`/`undelivered`). */
@Injectable()
export class SmsStatusRegistry {
  private readonly logger = new Logger(SmsStatusRegistry.name);
  private readonly listeners: SmsStatusListener[] = [];

  register(listener: SmsStatusListener): () => void {
    this.listeners.push(listener);
    return () => remove(this.listeners, listener);
  }

  async notify(event: SmsStatusEvent): Promise<void> {
    await notifyAll(this.listeners, event, this.logger, 'a status listener');
  }
}

/** One voice handler per ref kind (the kind given to SmsService.placeCall). */
@Injectable()
export class SmsVoiceRegistry {
  private readonly handlers = new Map<string, VoiceHandler>();

  register(refKind: string, handler: VoiceHandler): () => void {
    if (this.handlers.has(refKind)) throw new Error(`a voice handler for ${refKind} is already registered`);
    this.handlers.set(refKind, handler);
    return () => {
      if (this.handlers.get(refKind) === handler) this.handlers.delete(refKind);
    };
  }

  handlerFor(refKind: string): VoiceHandler | undefined {
    return this.handlers.get(refKind);
  }
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

/** Every listener runs; one that throws is logged by name only and does not stop the others. */
async function notifyAll<E>(listeners: ((event: E) => Promise<void>)[], event: E, logger: Logger, what: string): Promise<void> {
  for (const listener of [...listeners]) {
    try {
      await listener(event);
    } catch (error) {
      logger.error(`${what} failed (${(error as Error)?.name ?? 'error'})`);
    }
  }
}
