import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ECDH } from 'node:crypto';
import { isIP } from 'node:net';
import { AppConfig } from '@homegroup/config';
import { AccountDataRegistry } from '@homegroup/identity';
import type { CreatePushSubscriptionDto } from './dto/create-push-subscription.dto';
import type { PushSubscriptionResponseDto } from './dto/push-subscription.response.dto';
import type { PushSubscriptionEntity } from './entities/push-subscription.entity';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';

/** Subscriptions a member may hold; registering one more drops the least recently useful. */
export const MAX_PUSH_SUBSCRIPTIONS_PER_MEMBER = 10;
export const NO_SUCH_PUSH_SUBSCRIPTION = 'This push subscription is not registered to your account';
const BAD_ENDPOINT =
  'endpoint must be the https URL of a push service, as PushSubscription.toJSON() gives it';

function toResponse(row: PushSubscriptionEntity): PushSubscriptionResponseDto {
  return {
    id: row.id,
    endpointOrigin: new URL(row.endpoint).origin,
    createdAt: row.createdAt.toISOString(),
    lastSuccessAt: row.lastSuccessAt ? row.lastSuccessAt.toISOString() : null,
    failureCount: row.failureCount,
  };
}

/**
 * A member's push subscriptions (one per browser or device). Each route touches only the caller's own
 * subscriptions: another member's id answers 404, as an unknown one does.
 */
@Injectable()
export class PushSubscriptionsService {
  private readonly logger = new Logger(PushSubscriptionsService.name);

  constructor(
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly config: AppConfig,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('pushSubscriptions', (userId, manager) =>
      this.subscriptions.exportFor(userId, manager),
    );
  }

  vapidPublicKey(): { publicKey: string } {
    return { publicKey: this.config.push.vapid.publicKey };
  }

  async subscribe(userId: string, dto: CreatePushSubscriptionDto): Promise<PushSubscriptionResponseDto> {
    const endpoint = this.checkEndpoint(dto.endpoint);
    const p256dh = dto.keys.p256dh.replace(/=+$/, '');
    const auth = dto.keys.auth.replace(/=+$/, '');
    checkKeys(p256dh, auth);
    const row = await this.subscriptions.upsert({ userId, endpoint, p256dh, auth });
    const dropped = await this.subscriptions.trimToNewest(userId, MAX_PUSH_SUBSCRIPTIONS_PER_MEMBER);
    if (dropped > 0) this.logger.log(`dropped ${dropped} old push subscriptions over the per-member limit`);
    return toResponse(row);
  }

  async list(userId: string): Promise<PushSubscriptionResponseDto[]> {
    return (await this.subscriptions.listForUser(userId)).map(toResponse);
  }

  async remove(userId: string, id: string): Promise<void> {
    const removed = await this.subscriptions.deleteOwned(userId, id);
    if (!removed) throw new NotFoundException(NO_SUCH_PUSH_SUBSCRIPTION);
  }

  /**
   * The server will POST to this URL, so only push-service-shaped URLs are taken: https, a host name (no IP
   * address, no localhost), no credentials. Tests (NODE_ENV=test) may use a local http endpoint.
   */
  private checkEndpoint(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw new BadRequestException(BAD_ENDPOINT);
    }
    const testing = this.config.nodeEnv === 'test';
    const allowedProtocols = testing ? ['https:', 'http:'] : ['https:'];
    if (!allowedProtocols.includes(url.protocol) || url.username || url.password) {
      throw new BadRequestException(BAD_ENDPOINT);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (
      !testing &&
      (isIP(host) !== 0 || host === 'localhost' || host.endsWith('.localhost') || !host.includes('.'))
    ) {
      throw new BadRequestException(BAD_ENDPOINT);
    }
    // Stored exactly as the browser gave it: the same endpoint string is the same subscription.
    return raw.trim();
  }
}

/** The browser's keys must be a P-256 public point (65 bytes) and a 16-byte secret, or nothing can be encrypted. */
function checkKeys(p256dh: string, auth: string): void {
  try {
    ECDH.convertKey(Buffer.from(p256dh, 'base64url'), 'prime256v1');
    if (Buffer.from(p256dh, 'base64url').length !== 65) throw new Error('length');
  } catch {
    throw new BadRequestException(
      'keys.p256dh is not a P-256 public key: send keys.p256dh from PushSubscription.toJSON()',
    );
  }
  if (Buffer.from(auth, 'base64url').length !== 16) {
    throw new BadRequestException(
      'keys.auth must be a 16-byte secret: send keys.auth from PushSubscription.toJSON()',
    );
  }
}
