import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { keywordOf, normaliseReply } from './keywords';
import { normalisePhone } from './phone';
import { SmsMessagesRepository } from './sms-messages.repository';
import { SmsInboundRegistry, SmsOptOutRegistry } from './sms-registries';

export const STOP_REPLY =
  'Homegroup: you will get no more texts or calls from us. Text START to receive them again.';
export const START_REPLY = 'Homegroup: texts and calls are back on. Text STOP at any time to stop them.';
export const HELP_REPLY =
  'Homegroup sends texts for members of a recovery community who put you on their phone list. Text STOP to stop all texts and calls, START to resume.';

/** An inbound text's answer: what to reply (null: nothing, an empty <Response/>). */
export type InboundOutcome = { reply: string | null };

/**
 * Inbound texts, from the Twilio webhook and the development page alike: STOP-words opt the number out,
 * START/UNSTOP opt it back in, HELP/INFO explain; anything else goes to the registered reply handlers, and a text
 * no handler takes (an unknown number, an unexpected word) gets no answer at all.
 */
@Injectable()
export class SmsInboundService {
  constructor(
    private readonly repository: SmsMessagesRepository,
    private readonly replies: SmsInboundRegistry,
    private readonly optOuts: SmsOptOutRegistry,
  ) {}

  async handle(from: string, body: string): Promise<InboundOutcome> {
    const number = normalisePhone(from);
    if (!number) return { reply: null };
    const fromHash = this.repository.phoneHash(number.e164);
    const normalised = normaliseReply(body);
    const keyword = keywordOf(normalised);
    if (keyword === 'stop') {
      await this.repository.optOut(fromHash);
      await this.optOuts.notify({ phoneHash: fromHash, e164: number.e164, optedOut: true, keyword });
      return { reply: STOP_REPLY };
    }
    if (keyword === 'start') {
      await this.repository.optIn(fromHash);
      await this.optOuts.notify({ phoneHash: fromHash, e164: number.e164, optedOut: false, keyword });
      return { reply: START_REPLY };
    }
    if (keyword === 'help') return { reply: HELP_REPLY };
    const result = await this.replies.dispatch({
      fromHash,
      fromE164: number.e164,
      text: (body ?? '').trim(),
      keyword: normalised,
    });
    return { reply: result.handled && result.reply ? result.reply : null };
  }
}

/** TwiML answering an inbound text: one <Message>, or an empty <Response/>. */
export function messagingTwiml(reply: string | null): string {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return response.toString();
}
