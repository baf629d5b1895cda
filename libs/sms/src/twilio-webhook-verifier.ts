import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import twilio from 'twilio';
import { AppConfig } from '@homegroup/config';
import { DomainRefusal } from '@homegroup/operations';
import { SmsMessagesRepository } from './sms-messages.repository';

export type WebhookParams = Record<string, string | string[]>;

/** Refused webhooks all answer the same 403: the caller learns nothing about which check failed. */
export class TwilioWebhookRefused extends DomainRefusal {
  constructor() {
    super(403, 'twilio_signature_invalid', 'This endpoint only takes requests signed by Twilio');
  }
}

const ALGORITHMS = new Set(['HMAC_SHA1', 'HMAC_SHA256']);

/**
 * Checks a Twilio webhook (ADR 0044): `X-Twilio-Signature` against PUBLIC_URL + path + query and the form
 * parameters, with the auth token; then takes a receipt of it so the same signed request is refused the second
 * time (a replay). Without Twilio configured every webhook is refused. Refusals are logged by reason and path only.
 */
@Injectable()
export class TwilioWebhookVerifier {
  private readonly logger = new Logger('TwilioWebhooks');

  constructor(
    private readonly config: AppConfig,
    private readonly repository: SmsMessagesRepository,
  ) {}

  /** The URL Twilio signed for a request to `path` (with its query), or null without a PUBLIC_URL. */
  signedUrl(path: string): string | null {
    const base = this.config.sms.publicUrl;
    return base ? `${base}${path}` : null;
  }

  async verify(path: string, headers: Record<string, unknown>, params: WebhookParams): Promise<void> {
    const authToken = this.config.sms.twilio?.authToken;
    const url = this.signedUrl(path);
    const signature = headers['x-twilio-signature'];
    if (!authToken || !url) return this.refuse('twilio is not configured', path);
    if (typeof signature !== 'string' || signature.length === 0 || signature.length > 200) {
      return this.refuse('no signature', path);
    }
    const settings = headers['x-twilio-webhooks-signature-settings'];
    const algorithm = twilio.getSignatureAlgorithm(typeof settings === 'string' ? settings : undefined);
    if (!ALGORITHMS.has(algorithm.toUpperCase())) return this.refuse('unknown signature algorithm', path);
    let valid = false;
    try {
      valid = twilio.validateRequest(authToken, signature, url, params, algorithm);
    } catch {
      valid = false;
    }
    if (!valid) return this.refuse('wrong signature', path);
    if (!(await this.repository.takeReceipt(receiptDigest(signature, url, params)))) {
      return this.refuse('replayed', path);
    }
  }

  private refuse(reason: string, path: string): never {
    this.logger.warn(`twilio webhook refused: ${reason} (${path.replace(/\?.*$/, '')})`);
    throw new TwilioWebhookRefused();
  }
}

/** SHA-256 of signature, URL and the parameters sorted by name: one receipt per signed request. */
export function receiptDigest(signature: string, url: string, params: WebhookParams): string {
  const hash = createHash('sha256').update(signature).update('\n').update(url);
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    for (const v of Array.isArray(value) ? [...value].sort() : [value]) hash.update('\n').update(key).update('=').update(v);
  }
  return hash.digest('hex');
}
