import { Injectable, Logger } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { generateRequestDetails, type RequestOptions } from 'web-push';
import { AppConfig } from '@homegroup/config';
import { Clock } from '@homegroup/operations';
import type { PushSubscriptionEntity } from './entities/push-subscription.entity';
import { guardedLookup, hostAllowed, isPublicAddress, PushEndpointRefused } from './push-endpoint-guard';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';

export type PushNotification = {
  /** Shown on the lock screen: neutral unless the recipient opted in to details (see cravingNotificationText). */
  title: string;
  body: string;
  /** Opaque data for the app (e.g. { type: 'craving.alert', cravingId }). */
  data: Record<string, string>;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** Seconds the push service may hold it for an offline device. */
  ttlSeconds: number;
};

/** attempted: subscriptions tried; delivered: accepted by their push service; removed: subscriptions deleted. */
export type PushResult = { attempted: number; delivered: number; removed: number };

/** Each push-service request is abandoned after this long (connect, send and answer). */
export const PUSH_REQUEST_TIMEOUT_MS = 5_000;
/**
 * Largest `{ title, body, data }` JSON: a push body is at most 4096 bytes, less the aes128gcm header (86),
 * tag (16) and padding delimiter (1).
 */
export const PUSH_MAX_PAYLOAD_BYTES = 3993;
/** A subscription whose sends fail this many times in a row is deleted. */
export const PUSH_MAX_CONSECUTIVE_FAILURES = 5;

type Outcome = 'delivered' | 'gone' | 'failed' | 'refused';

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) to every subscription of a member, in parallel. `web-push` builds
 * each request (VAPID JWT, aes128gcm encryption of `{ title, body, data }` for that browser's keys, TTL and
 * Urgency headers); the request itself goes out with fetch under a 5 s deadline. 404/410 mean the browser
 * unsubscribed: the subscription is deleted. Other failures count; five in a row delete it. A success resets
 * the count. Logs carry counts only: never endpoints, keys or text.
 *
 * The request can never reach inside (ADR 0030): the endpoint's host must be on PUSH_ALLOWED_HOSTS when that is
 * set, and it is resolved when the connection is made, refusing any private, loopback, link-local or metadata
 * address (an IP literal is checked the same way), so a subscription that was fine at subscribe time and a host
 * re-pointed later are both refused at send. A refused subscription is deleted.
 */
@Injectable()
export class PushService {
  private readonly logger = new Logger(PushService.name);

  constructor(
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Throws a RangeError, sending nothing, when the payload is too large for Web Push. */
  async sendToUser(userId: string, notification: PushNotification): Promise<PushResult> {
    const payload = JSON.stringify({
      title: notification.title,
      body: notification.body,
      data: notification.data,
    });
    if (Buffer.byteLength(payload) > PUSH_MAX_PAYLOAD_BYTES) {
      // Push services refuse larger bodies (413); sending would only count failures against good subscriptions.
      throw new RangeError(
        `push payload is over ${PUSH_MAX_PAYLOAD_BYTES} bytes: send ids in data, not content`,
      );
    }
    const targets = await this.subscriptions.listForUser(userId);
    if (targets.length === 0) return { attempted: 0, delivered: 0, removed: 0 };
    const options: RequestOptions = {
      vapidDetails: {
        subject: this.config.push.subject,
        publicKey: this.config.push.vapid.publicKey,
        privateKey: this.config.push.vapid.privateKey,
      },
      TTL: Math.max(0, Math.floor(notification.ttlSeconds)),
      urgency: notification.urgency,
      contentEncoding: 'aes128gcm',
    };
    const outcomes = await Promise.all(targets.map((target) => this.deliver(target, payload, options)));
    const result: PushResult = { attempted: targets.length, delivered: 0, removed: 0 };
    let failed = 0;
    for (let i = 0; i < targets.length; i += 1) {
      const outcome = outcomes[i];
      if (outcome === 'delivered') {
        result.delivered += 1;
      } else if (outcome === 'gone' || outcome === 'refused') {
        if (await this.subscriptions.delete(targets[i].id)) result.removed += 1;
      } else {
        failed += 1;
        const dropped = await this.subscriptions.recordFailure(targets[i].id, PUSH_MAX_CONSECUTIVE_FAILURES);
        if (dropped) result.removed += 1;
      }
    }
    if (failed > 0 || result.removed > 0) {
      this.logger.warn(
        `push: ${result.delivered}/${result.attempted} delivered, ${failed} failed, ${result.removed} subscriptions removed`,
      );
    } else {
      this.logger.debug(`push: ${result.delivered}/${result.attempted} delivered`);
    }
    return result;
  }

  private async deliver(
    target: PushSubscriptionEntity,
    payload: string,
    options: RequestOptions,
  ): Promise<Outcome> {
    let status: number;
    try {
      const request = generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        options,
      );
      const url = new URL(request.endpoint);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const { allowedHosts, allowPrivateAddresses } = this.config.push;
      if (!hostAllowed(host, allowedHosts)) return 'refused';
      if (isIP(host) !== 0 && !allowPrivateAddresses && !isPublicAddress(host)) return 'refused';
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers[name] = String(value);
      }
      headers['Content-Length'] = String(request.body.length);
      status = await this.post(url, headers, request.body);
    } catch (error) {
      // Timeout, refused connection, TLS or DNS failure, an inside address, or keys web-push cannot encrypt
      // for. Not logged: the error may quote the endpoint.
      return error instanceof PushEndpointRefused ? 'refused' : 'failed';
    }
    if (status >= 200 && status < 300) {
      await this.subscriptions.recordSuccess(target.id, this.clock.now());
      return 'delivered';
    }
    return status === 404 || status === 410 ? 'gone' : 'failed';
  }

  /** POSTs to a push service through the guarded lookup; no redirects followed; 5 s for the whole exchange. */
  private post(url: URL, headers: Record<string, string>, body: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        {
          method: 'POST',
          headers,
          lookup: guardedLookup(this.config.push.allowPrivateAddresses),
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      const deadline = setTimeout(
        () => req.destroy(new Error('push request timed out')),
        PUSH_REQUEST_TIMEOUT_MS,
      );
      req.on('close', () => clearTimeout(deadline));
      req.on('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      req.end(body);
    });
  }
}
