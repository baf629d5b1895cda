import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { SmsKind, SmsStatus } from './entities/sms-message.entity';
import { maskPhone } from './phone';
import { SmsProvider, type OutboundCall, type OutboundText, type ProviderAccepted } from './sms-provider';

/** How many texts and calls the log provider keeps for the development page. */
export const LOG_PROVIDER_KEPT = 100;

/** One entry of the development page: an outbound text or call, or an inbound text typed on the page. */
export type LoggedMessage = {
  sid: string;
  direction: 'out' | 'in';
  kind: SmsKind;
  /** E.164, in memory only: the page shows it masked; the reply form answers as this number. */
  to: string;
  body: string;
  at: Date;
  status: SmsStatus | 'received';
};

/**
 * The development provider (SMS_PROVIDER=log, the default): nothing leaves the machine. Each text or call is kept
 * in memory (the last 100) for `GET /dev/messages`, and logged as one line with the number masked and never the
 * body (logs leave the machine more easily than memory does).
 */
export class LogProvider extends SmsProvider {
  readonly name = 'log' as const;
  private readonly logger = new Logger('SmsLogProvider');
  private readonly kept: LoggedMessage[] = [];

  sendText(text: OutboundText): Promise<ProviderAccepted> {
    return Promise.resolve(this.keep('sms', 'out', text.to, text.body, 'SM'));
  }

  placeCall(call: OutboundCall): Promise<ProviderAccepted> {
    return Promise.resolve(this.keep('call', 'out', call.to, '(a voice call)', 'CA'));
  }

  /** An inbound text typed on the development page, kept beside the outbound ones. */
  received(from: string, body: string): void {
    this.keep('sms', 'in', from, body, 'SM');
  }

  /** Newest first. */
  recent(): readonly LoggedMessage[] {
    return [...this.kept].reverse();
  }

  find(sid: string): LoggedMessage | undefined {
    return this.kept.find((m) => m.sid === sid);
  }

  private keep(kind: SmsKind, direction: 'out' | 'in', to: string, body: string, prefix: string): ProviderAccepted {
    const sid = `${prefix}${randomBytes(16).toString('hex')}`;
    const status: SmsStatus = kind === 'call' ? 'queued' : 'sent';
    this.kept.push({ sid, direction, kind, to, body, at: new Date(), status: direction === 'in' ? 'received' : status });
    if (this.kept.length > LOG_PROVIDER_KEPT) this.kept.splice(0, this.kept.length - LOG_PROVIDER_KEPT);
    if (direction === 'out') this.logger.log(`${kind === 'call' ? 'call' : 'text'} to ${maskPhone(to)} kept for /dev/messages (${sid})`);
    return { sid, status };
  }
}
