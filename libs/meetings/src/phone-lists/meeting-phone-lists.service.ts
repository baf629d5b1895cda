import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AccountDataRegistry, type AuthUser } from '@homegroup/identity';
import { Clock, RateLimiterService, type RateLimitRule } from '@homegroup/operations';
import { ContactLinkRefusedError, ContactLinksService, type LinkOutcome } from '@homegroup/phone-list';
import type { MeetingContactRequestResponseDto } from './dto/meeting-contact-request.response.dto';
import type { MeetingContactRequestsResponseDto } from './dto/meeting-contact-requests.response.dto';
import type { PhoneListMemberResponseDto } from './dto/phone-list-member.response.dto';
import { MeetingPhoneListsRepository, type ContactRequestRow } from './meeting-phone-lists.repository';
import { MeetingsService } from '../schedule/meetings.service';

export const CONTACT_REQUESTS_PER_MEMBER: RateLimitRule = { name: 'meeting-contact-request', points: 30, windowSeconds: 3600 };

/** One answer whether the member is not on the list, does not exist, or one blocked the other. */
const NOT_ON_LIST = 'That member is not on this meeting’s phone list';

function requestView(r: ContactRequestRow, contactId: string | null = null): MeetingContactRequestResponseDto {
  return {
    id: r.id,
    meeting: { id: r.meetingId, name: r.meetingName },
    from: { id: r.requesterId, displayName: r.requesterName },
    to: { id: r.recipientId, displayName: r.recipientName },
    status: r.status,
    createdAt: new Date(r.createdAt).toISOString(),
    respondedAt: r.respondedAt ? new Date(r.respondedAt).toISOString() : null,
    contactId,
  };
}

/**
 * A meeting's phone list: members put their name on it (and take it off); members on the same list see
 * each other's display names and may send a contact request, which the other accepts. Accepting makes
 * the same contact link as an invite code (ContactLinksService: consent and phone sharing off until each
 * side gives them, blocks respected), with source `meeting`.
 */
@Injectable()
export class MeetingPhoneListsService {
  constructor(
    private readonly lists: MeetingPhoneListsRepository,
    private readonly meetings: MeetingsService,
    private readonly links: ContactLinksService,
    private readonly limiter: RateLimiterService,
    private readonly clock: Clock,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('meetingPhoneLists', (userId, manager) => this.lists.exportFor(userId, manager));
    // Inside the block's transaction (nobody is told: a withdrawn request simply disappears).
    registry.onMemberBlocked((manager, blockerId, blockedId) =>
      this.lists.withdrawPending(manager, { userId: blockerId, otherId: blockedId }, this.clock.now()),
    );
  }

  async join(auth: AuthUser, meetingId: string): Promise<PhoneListMemberResponseDto[]> {
    await this.meetings.readable(meetingId, auth);
    await this.lists.join(meetingId, auth.id, this.clock.now());
    return this.members(auth, meetingId);
  }

  async leave(auth: AuthUser, meetingId: string): Promise<void> {
    await this.meetings.readable(meetingId, auth);
    await this.lists.transaction(async (manager) => {
      if (!(await this.lists.leave(manager, meetingId, auth.id))) throw new NotFoundException('You are not on this meeting’s phone list');
      await this.lists.withdrawPending(manager, { meetingId, userId: auth.id }, this.clock.now());
    });
  }

  async members(auth: AuthUser, meetingId: string): Promise<PhoneListMemberResponseDto[]> {
    await this.meetings.readable(meetingId, auth);
    if (!(await this.lists.isOnList(meetingId, auth.id))) {
      throw new ForbiddenException('Put your name on this meeting’s phone list (POST) to see who else is on it');
    }
    return (await this.lists.members(meetingId, auth.id)).map((r) => ({
      user: { id: r.userId, displayName: r.displayName },
      since: new Date(r.since).toISOString(),
      isMe: r.userId === auth.id,
      contactId: r.contactId,
      pendingRequest: r.requestId ? (r.requestFromMe ? 'sent' : 'received') : null,
      pendingRequestId: r.requestId,
    }));
  }

  /** Asks another member on the same list; if they already asked the caller, this accepts theirs. */
  async request(auth: AuthUser, meetingId: string, otherId: string): Promise<MeetingContactRequestResponseDto> {
    await this.meetings.readable(meetingId, auth);
    if (otherId === auth.id) throw new BadRequestException('That is you: ask another member on the list');
    if (!(await this.lists.isOnList(meetingId, auth.id))) {
      throw new ForbiddenException('Put your name on this meeting’s phone list first');
    }
    await this.limiter.consume(CONTACT_REQUESTS_PER_MEMBER, auth.id, 'You sent many contact requests in the last hour.');
    const result = await this.lists.transaction(async (manager) => {
      await this.lists.lockPair(manager, auth.id, otherId);
      if (!(await this.lists.isOnList(meetingId, otherId, manager)) || (await this.lists.blocked(auth.id, otherId, manager))) {
        throw new NotFoundException(NOT_ON_LIST);
      }
      if (await this.lists.linked(auth.id, otherId, manager)) {
        throw new ConflictException('You are already on each other’s phone lists (GET /phone-list)');
      }
      const pending = await this.lists.pendingBetween(manager, auth.id, otherId);
      if (pending?.requesterId === auth.id) throw new ConflictException('You already asked them; they have not answered yet');
      if (pending) {
        // They asked first: asking back is saying yes.
        const accepted = await this.acceptInTransaction(manager, pending.id, auth.id);
        return { id: pending.id, link: accepted };
      }
      return { id: await this.lists.insertRequest(manager, meetingId, auth.id, otherId, this.clock.now()), link: undefined };
    });
    if (result.link) await this.links.announceLink(result.link);
    return this.view(result.id, auth.id, result.link);
  }

  async pending(auth: AuthUser): Promise<MeetingContactRequestsResponseDto> {
    const rows = await this.lists.pendingFor(auth.id);
    return {
      incoming: rows.filter((r) => r.recipientId === auth.id).map((r) => requestView(r)),
      outgoing: rows.filter((r) => r.requesterId === auth.id).map((r) => requestView(r)),
    };
  }

  async accept(auth: AuthUser, requestId: string): Promise<MeetingContactRequestResponseDto> {
    const link = await this.lists.transaction((manager) => this.acceptInTransaction(manager, requestId, auth.id));
    await this.links.announceLink(link);
    return this.view(requestId, auth.id, link);
  }

  async decline(auth: AuthUser, requestId: string): Promise<MeetingContactRequestResponseDto> {
    await this.lists.transaction(async (manager) => {
      if (!(await this.lists.respond(manager, requestId, 'recipient_id', auth.id, 'declined', this.clock.now()))) {
        await this.explainNotPending(requestId, auth.id, 'recipient', manager);
      }
    });
    return this.view(requestId, auth.id);
  }

  async withdraw(auth: AuthUser, requestId: string): Promise<MeetingContactRequestResponseDto> {
    await this.lists.transaction(async (manager) => {
      if (!(await this.lists.respond(manager, requestId, 'requester_id', auth.id, 'withdrawn', this.clock.now()))) {
        await this.explainNotPending(requestId, auth.id, 'requester', manager);
      }
    });
    return this.view(requestId, auth.id);
  }

  private async acceptInTransaction(
    manager: Parameters<MeetingPhoneListsRepository['lockPair']>[0],
    requestId: string,
    recipientId: string,
  ): Promise<LinkOutcome> {
    const changed = await this.lists.respond(manager, requestId, 'recipient_id', recipientId, 'accepted', this.clock.now());
    if (!changed) return this.explainNotPending(requestId, recipientId, 'recipient', manager);
    try {
      return await this.links.linkInTransaction(manager, changed.requesterId, changed.recipientId, 'meeting');
    } catch (error) {
      // A block since the request: the request simply is not there any more (a block is never revealed).
      if (error instanceof ContactLinkRefusedError) throw new NotFoundException('No such contact request');
      throw error;
    }
  }

  /**
   * 404 when it is not the caller's to answer; 409 with its state when it was answered already. Read with the
   * caller's transaction (a second connection taken while it holds one can wait forever once the pool is held so).
   */
  private async explainNotPending(
    requestId: string,
    userId: string,
    role: 'recipient' | 'requester',
    manager: Parameters<MeetingPhoneListsRepository['lockPair']>[0],
  ): Promise<never> {
    const request = await this.lists.findRequest(requestId, manager);
    const mine = request && (role === 'recipient' ? request.recipientId : request.requesterId) === userId;
    if (!request || !mine) throw new NotFoundException('No such contact request');
    throw new ConflictException({ statusCode: 409, error: 'Conflict', message: `This request is already ${request.status}`, status: request.status });
  }

  private async view(requestId: string, callerId: string, link?: LinkOutcome): Promise<MeetingContactRequestResponseDto> {
    const row = await this.lists.findRequest(requestId);
    if (!row) throw new NotFoundException('No such contact request');
    return requestView(row, link?.contacts[callerId]?.id ?? null);
  }
}
