import { Injectable, Logger } from '@nestjs/common';
import { PushService } from '@homegroup/notifications';
import { RealtimeService } from '@homegroup/realtime';
import { ListingVerificationRepository, type DueListing } from './listing-verification.repository';

const PAGE_SIZE = 500;
/** Lock-screen text: says nothing about recovery, only that a listing wants a look. */
export const VERIFICATION_PUSH = { title: 'Homegroup', body: 'A meeting listing you look after is due for a check.' } as const;

/**
 * The daily reminder (ADR 0042): every listing past its group's cadence is claimed once per cycle (and again a week
 * later while still unchecked); each lead of its group gets one `listing.verification-due` event per group on their
 * sockets and one Web Push.
 */
@Injectable()
export class ListingVerificationService {
  private readonly logger = new Logger(ListingVerificationService.name);

  constructor(
    private readonly listings: ListingVerificationRepository,
    private readonly realtime: RealtimeService,
    private readonly push: PushService,
  ) {}

  /** Sends the reminders due at `now`; answers how many listings were included. Safe to run concurrently. */
  async remindDue(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const page = await this.listings.claimDue(now, PAGE_SIZE);
      total += page.length;
      const byGroup = new Map<string, DueListing[]>();
      for (const listing of page) byGroup.set(listing.groupId, [...(byGroup.get(listing.groupId) ?? []), listing]);
      for (const [groupId, listings] of byGroup) await this.remindLeads(groupId, listings);
      if (page.length < PAGE_SIZE) break;
    }
    if (total > 0) this.logger.log(`verification reminders: ${total} listings due`);
    return total;
  }

  private async remindLeads(groupId: string, listings: DueListing[]): Promise<void> {
    const payload = {
      groupId,
      groupName: listings[0].groupName,
      meetings: listings.map((l) => ({ id: l.id, name: l.name, dueAt: l.dueAt.toISOString() })),
    };
    for (const leadId of await this.listings.leadIds(groupId)) {
      this.realtime.emitToUser(leadId, 'listing.verification-due', payload);
      try {
        await this.push.sendToUser(leadId, {
          ...VERIFICATION_PUSH,
          data: { type: 'listing.verification-due', groupId },
          urgency: 'low',
          ttlSeconds: 86_400,
        });
      } catch (error) {
        // A push that cannot be sent must not stop the other leads' reminders.
        this.logger.warn(`verification push failed: ${(error as Error).name}`);
      }
    }
  }
}
