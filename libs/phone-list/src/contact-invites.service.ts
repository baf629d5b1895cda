import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AccountDataRegistry } from '@homegroup/identity';
import { Clock, RateLimiterService, RateLimitRule } from '@homegroup/operations';
import { ContactLinkRefusedError, ContactLinksService } from './contact-links.service';
import { ContactInvitesRepository } from './contact-invites.repository';
import { ContactsService } from './contacts.service';
import type { ContactResponseDto } from './dto/contact.response.dto';
import type { InviteResponseDto } from './dto/invite.response.dto';
import { generateInviteCode, hashInviteCode, isWellFormedInviteCode, normalizeInviteCode } from './invite-code';

export const INVITE_TTL_MS = 24 * 3600_000;
export const MAX_LIVE_INVITES = 20;
/** Spent before every accept is checked and given back on success: wrong codes are what runs it out. */
export const ACCEPT_PER_MEMBER: RateLimitRule = { name: 'invite-accept-member', points: 10, windowSeconds: 600 };
/** Several members share one address at a meeting's wifi, so the address gets a larger budget. */
export const ACCEPT_PER_IP: RateLimitRule = { name: 'invite-accept-ip', points: 30, windowSeconds: 600 };
export const CREATE_PER_MEMBER: RateLimitRule = { name: 'invite-create-member', points: 30, windowSeconds: 3600 };

/** One answer for unknown, expired, used and blocked codes, so a code's state cannot be probed. */
export const INVITE_NOT_VALID =
  'This invite code does not work: check it with the person who gave it to you, or ask them for a new one (codes work once, for 24 hours)';

/** One-time invite codes, handed over in person, that link two members as contacts. */
@Injectable()
export class ContactInvitesService {
  constructor(
    private readonly invites: ContactInvitesRepository,
    private readonly links: ContactLinksService,
    private readonly contacts: ContactsService,
    private readonly limiter: RateLimiterService,
    private readonly clock: Clock,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('contactInvites', (userId, manager) => this.invites.exportFor(userId, manager));
  }

  async create(inviterId: string): Promise<InviteResponseDto> {
    await this.limiter.consume(CREATE_PER_MEMBER, inviterId, 'You created many invite codes in the last hour.');
    const code = generateInviteCode();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
    await this.invites.transaction(async (manager) => {
      await this.invites.lockInviter(manager, inviterId);
      if ((await this.invites.countLive(manager, inviterId, now)) >= MAX_LIVE_INVITES) {
        throw new ConflictException(
          `You already have ${MAX_LIVE_INVITES} unused invite codes; hand those out first (each one expires 24 hours after you made it)`,
        );
      }
      await this.invites.insert(manager, inviterId, hashInviteCode(code), expiresAt);
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Spends the code and links the two members in one transaction; the invite row is locked, so two
   * accepts of one code make one link. Attempts are rate limited per member and per address before the
   * code is looked at (so a locked-out guesser learns nothing, and parallel guesses cannot overrun).
   */
  async accept(acceptor: { id: string }, rawCode: string, ip: string): Promise<ContactResponseDto> {
    await this.limiter.consume(ACCEPT_PER_IP, ip, 'Too many invite codes tried from this network.');
    await this.limiter.consume(ACCEPT_PER_MEMBER, acceptor.id, 'Too many invite codes tried.');
    const code = normalizeInviteCode(rawCode);
    if (!isWellFormedInviteCode(code)) throw new NotFoundException(INVITE_NOT_VALID);
    const now = this.clock.now();
    const outcome = await this.invites.transaction(async (manager) => {
      const invite = await this.invites.findByHashForUpdate(manager, hashInviteCode(code));
      if (!invite || invite.usedAt || invite.expiresAt.getTime() <= now.getTime()) {
        throw new NotFoundException(INVITE_NOT_VALID);
      }
      if (invite.inviterId === acceptor.id) {
        throw new BadRequestException('This is your own invite code: give it to the person you want on your phone list');
      }
      let linked;
      try {
        linked = await this.links.linkInTransaction(manager, invite.inviterId, acceptor.id, 'invite');
      } catch (error) {
        if (error instanceof ContactLinkRefusedError) throw new NotFoundException(INVITE_NOT_VALID);
        throw error;
      }
      if (!linked.created) {
        throw new ConflictException('You are already on each other’s phone lists; the code was not used');
      }
      await this.invites.markUsed(manager, invite.id, acceptor.id, now);
      return linked;
    });
    await this.limiter.reset(ACCEPT_PER_MEMBER, acceptor.id);
    await this.limiter.reset(ACCEPT_PER_IP, ip);
    await this.links.announceLink(outcome);
    return this.contacts.get(acceptor.id, outcome.contacts[acceptor.id].id);
  }

  /** Deletes invites that expired more than a day ago (used ones included). */
  deleteExpired(): Promise<number> {
    return this.invites.deleteExpiredBefore(new Date(this.clock.nowMs() - 24 * 3600_000));
  }
}
