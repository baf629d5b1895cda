import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ServerEventName, ServerEventPayload } from '@homegroup/contracts';
import { cravingNotificationText, NotificationPreferences, PushService } from '@homegroup/notifications';
import { Clock } from '@homegroup/operations';
import { ConnectedClient, RealtimeService } from '@homegroup/realtime';
import { CravingsRepository, type CravingWithOwner, type RecipientView } from './cravings.repository';
import { DeliveryReceiptsService } from './delivery-receipts.service';

/** What delivering an alert needs to know of it. */
export type AlertSubject = Pick<
  CravingWithOwner,
  'id' | 'ownerId' | 'ownerDisplayName' | 'intensity' | 'createdAt'
>;
import { recipientStatus, textRecipientsView } from './craving-views';
import { CravingTextsRepository, type TextRecipientView } from './craving-texts.repository';

/** How long a client has to ack `craving.alert` before it counts as not delivered (it is replayed anyway). */
export const ALERT_ACK_TIMEOUT_MS = 10_000;

const errorName = (error: unknown): string => (error instanceof Error ? error.name : 'unknown error');

/**
 * Getting alerts to people after the database has them: emit with ack to each recipient's room (any api
 * process), delivery recorded from the client's ack; a push when they have no live socket; and on every
 * connect, the open alerts they should have. Never logs who, the intensity, the note or a message.
 */
@Injectable()
export class CravingDeliveryService implements OnModuleInit {
  private readonly logger = new Logger(CravingDeliveryService.name);

  constructor(
    private readonly repository: CravingsRepository,
    private readonly texts: CravingTextsRepository,
    private readonly receipts: DeliveryReceiptsService,
    private readonly realtime: RealtimeService,
    private readonly push: PushService,
    private readonly preferences: NotificationPreferences,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.realtime.onConnect((client) => this.replay(client));
  }

  /**
   * Sends `craving.alert` to each of `userIds` (acked; any api process) and resolves when each was confirmed
   * or pushed. A member whose sockets all confirm gets `delivered_at`; one with no socket, or whose sockets did
   * not confirm within ALERT_ACK_TIMEOUT_MS (a dead connection), gets a web push instead. Either way the alert
   * is replayed on their next connect until it is resolved.
   */
  async alert(craving: AlertSubject, userIds: string[], step: number): Promise<void> {
    const payload: ServerEventPayload<'craving.alert'> = {
      cravingId: craving.id,
      from: { id: craving.ownerId, displayName: craving.ownerDisplayName },
      intensity: craving.intensity,
      createdAt: craving.createdAt.toISOString(),
      step,
    };
    await Promise.all(
      userIds.map(async (userId) => {
        try {
          let outcome = await this.realtime.emitToUserWithAck(
            userId,
            'craving.alert',
            payload,
            ALERT_ACK_TIMEOUT_MS,
          );
          // No ack and some process never answered (Redis restarting, a process gone): once more before the push.
          if (outcome.acks.length === 0 && !outcome.complete)
            outcome = await this.realtime.emitToUserWithAck(
              userId,
              'craving.alert',
              payload,
              ALERT_ACK_TIMEOUT_MS,
            );
          if (outcome.acks.length > 0) {
            this.receipts.delivered(craving.id, userId, this.clock.now());
            return;
          }
          const text = cravingNotificationText({
            kind: 'alert',
            fromDisplayName: craving.ownerDisplayName,
            intensity: craving.intensity,
            showDetails: await this.preferences.showCravingDetails(userId),
          });
          const pushed = await this.push.sendToUser(userId, {
            ...text,
            data: { type: 'craving.alert', cravingId: craving.id },
            urgency: 'high',
            ttlSeconds: 3600,
          });
          if (pushed.delivered > 0) await this.repository.markPushed(craving.id, userId, this.clock.now());
        } catch (error) {
          this.logger.warn(
            `craving.alert for ${craving.id} not handed over (${errorName(error)}); replayed on reconnect`,
          );
        }
      }),
    );
  }

  /**
   * Sends `craving.alert` again to recipients who were notified but never confirmed it (called from the escalation
   * timers, see CravingEscalationService.fireStep); an ack records delivery. No push: that was tried the first time.
   * A client that had it already drops the repeat (clients de-duplicate by cravingId).
   */
  async redeliver(craving: AlertSubject, recipients: { userId: string; step: number }[]): Promise<void> {
    await Promise.all(
      recipients.map(async ({ userId, step }) => {
        try {
          const outcome = await this.realtime.emitToUserWithAck(
            userId,
            'craving.alert',
            {
              cravingId: craving.id,
              from: { id: craving.ownerId, displayName: craving.ownerDisplayName },
              intensity: craving.intensity,
              createdAt: craving.createdAt.toISOString(),
              step,
            },
            ALERT_ACK_TIMEOUT_MS,
          );
          if (outcome.acks.length > 0) this.receipts.delivered(craving.id, userId, this.clock.now());
        } catch (error) {
          this.logger.warn(`craving.alert for ${craving.id} not sent again (${errorName(error)})`);
        }
      }),
    );
  }

  /** An event for the owner; with no live socket, a neutral push for the moments that matter. */
  async toOwner<E extends ServerEventName>(
    craving: AlertSubject,
    event: E,
    payload: ServerEventPayload<E>,
    pushKind?: 'escalated' | 'checkin',
  ): Promise<void> {
    try {
      this.realtime.emitToUser(craving.ownerId, event, payload);
      if (pushKind && (await this.realtime.countUserSockets(craving.ownerId)) === 0) {
        await this.push.sendToUser(craving.ownerId, {
          ...cravingNotificationText({
            kind: pushKind,
            fromDisplayName: craving.ownerDisplayName,
            intensity: null,
            showDetails: false,
          }),
          data: { type: event, cravingId: craving.id },
          urgency: pushKind === 'escalated' ? 'high' : 'normal',
          ttlSeconds: 3600,
        });
      }
    } catch (error) {
      this.logger.warn(`${event} for ${craving.id} not handed over (${errorName(error)})`);
    }
  }

  /** A plain event for some recipients (acknowledged, resolved). */
  toUsers<E extends ServerEventName>(userIds: string[], event: E, payload: ServerEventPayload<E>): void {
    for (const userId of userIds) this.realtime.emitToUser(userId, event, payload);
  }

  /** On connect: every open alert the member was notified of, and the status of their own open alerts. */
  private async replay(client: ConnectedClient): Promise<void> {
    const [asRecipient, ownOpen] = await Promise.all([
      this.repository.openAlertsFor(client.userId),
      this.repository.openAlertIdsOwnedBy(client.userId),
    ]);
    for (const alert of asRecipient) {
      void client
        .emitWithAck(
          'craving.alert',
          {
            cravingId: alert.cravingId,
            from: { id: alert.ownerId, displayName: alert.ownerDisplayName },
            intensity: alert.intensity,
            createdAt: new Date(alert.createdAt).toISOString(),
            step: alert.step,
          },
          ALERT_ACK_TIMEOUT_MS,
        )
        .then((reply) => {
          if (reply !== null) this.receipts.delivered(alert.cravingId, client.userId, this.clock.now());
        })
        .catch((error: unknown) => this.logger.warn(`replay delivery not recorded (${errorName(error)})`));
    }
    for (const cravingId of ownOpen) {
      const [craving, recipients, texts] = await Promise.all([
        this.repository.find(cravingId),
        this.repository.recipients(cravingId),
        this.texts.forCraving(cravingId),
      ]);
      if (!craving) continue;
      client.emit('craving.status', statusPayload(craving, recipients, texts));
    }
  }
}

export function statusPayload(
  craving: CravingWithOwner,
  recipients: RecipientView[],
  texts: readonly TextRecipientView[] = [],
): ServerEventPayload<'craving.status'> {
  return {
    cravingId: craving.id,
    state: craving.state,
    intensity: craving.intensity,
    createdAt: craving.createdAt.toISOString(),
    step: craving.step,
    recipients: recipients.map((r) => ({
      user: { id: r.userId, displayName: r.displayName },
      role: r.role,
      step: r.step,
      status: recipientStatus(r),
    })),
    textRecipients: textRecipientsView(texts),
  };
}
