import type { SmsStatus } from './entities/sms-message.entity';

export type OutboundText = { to: string; body: string; statusCallback: string | null };
export type OutboundCall = { to: string; url: string; statusCallback: string | null };

/** What the provider answered when it took a text or call. */
export type ProviderAccepted = { sid: string; status: SmsStatus };

/**
 * The provider did not take it: `refused` (Twilio answered 4xx/5xx, with its error code when it gave one),
 * `unreachable` (no connection, DNS, TLS) or `timeout`. Its message never quotes the number or the body.
 */
export class SmsProviderFailure extends Error {
  constructor(
    readonly reason: 'refused' | 'unreachable' | 'timeout',
    readonly errorCode: number | null,
    readonly httpStatus: number | null = null,
  ) {
    super(`sms provider ${reason}${errorCode !== null ? ` (code ${errorCode})` : ''}${httpStatus ? ` [HTTP ${httpStatus}]` : ''}`);
    this.name = 'SmsProviderFailure';
  }
}

/** Where texts and calls go (SMS_PROVIDER): TwilioProvider or LogProvider. */
export abstract class SmsProvider {
  abstract readonly name: 'twilio' | 'log';
  abstract sendText(text: OutboundText): Promise<ProviderAccepted>;
  abstract placeCall(call: OutboundCall): Promise<ProviderAccepted>;
}
