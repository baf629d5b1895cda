import { SMS_STATUS_RANK, type SmsStatus } from './entities/sms-message.entity';
import { SmsProvider, SmsProviderFailure, type OutboundCall, type OutboundText, type ProviderAccepted } from './sms-provider';

/** Each request to Twilio is abandoned after this long. */
export const TWILIO_REQUEST_TIMEOUT_MS = 10_000;

export type TwilioCredentials = { accountSid: string; authToken: string; fromNumber: string; apiBaseUrl: string };

/**
 * Twilio's REST API with fetch (ADR 0044): form-encoded POSTs to `/2010-04-01/Accounts/{sid}/Messages.json` and
 * `Calls.json`, HTTP Basic auth with the account SID and auth token, against TWILIO_API_BASE_URL.
 */
export class TwilioProvider extends SmsProvider {
  readonly name = 'twilio' as const;

  constructor(private readonly credentials: TwilioCredentials) {
    super();
  }

  sendText(text: OutboundText): Promise<ProviderAccepted> {
    const form = new URLSearchParams({ To: text.to, From: this.credentials.fromNumber, Body: text.body });
    if (text.statusCallback) form.set('StatusCallback', text.statusCallback);
    return this.post('Messages.json', form);
  }

  placeCall(call: OutboundCall): Promise<ProviderAccepted> {
    const form = new URLSearchParams({ To: call.to, From: this.credentials.fromNumber, Url: call.url, Method: 'POST' });
    if (call.statusCallback) {
      form.set('StatusCallback', call.statusCallback);
      form.set('StatusCallbackMethod', 'POST');
      for (const event of ['initiated', 'ringing', 'answered', 'completed']) form.append('StatusCallbackEvent', event);
    }
    return this.post('Calls.json', form);
  }

  private async post(resource: string, form: URLSearchParams): Promise<ProviderAccepted> {
    const { accountSid, authToken, apiBaseUrl } = this.credentials;
    const url = `${apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/${resource}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(TWILIO_REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const name = (error as Error)?.name;
      throw new SmsProviderFailure(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable', null);
    }
    let payload: { sid?: unknown; status?: unknown; code?: unknown } = {};
    try {
      payload = (await response.json()) as typeof payload;
    } catch {
      payload = {};
    }
    if (!response.ok || typeof payload.sid !== 'string') {
      throw new SmsProviderFailure('refused', typeof payload.code === 'number' ? payload.code : null, response.status);
    }
    const status = typeof payload.status === 'string' && payload.status in SMS_STATUS_RANK ? (payload.status as SmsStatus) : 'queued';
    return { sid: payload.sid, status };
  }
}
