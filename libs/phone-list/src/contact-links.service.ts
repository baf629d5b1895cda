import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountDataRegistry } from '@homegroup/identity';
import { RealtimeService } from '@homegroup/realtime';
import { ContactsRepository, LinkedPair } from './contacts.repository';
import type { ContactLinkSource } from './entities/contact-link.entity';

/** Why two members cannot be linked. Callers turn it into their own answer (never revealing a block). */
export class ContactLinkRefusedError extends Error {
  constructor(readonly reason: 'self' | 'blocked') {
    super(reason === 'self' ? 'a member cannot be their own contact' : 'one member blocked the other');
    this.name = 'ContactLinkRefusedError';
  }
}

export type LinkOutcome = LinkedPair & { created: boolean };

type Member = { id: string; displayName: string };

/**
 * The contact link between two members, whatever made it (an invite code now; a meeting's phone list
 * later). Linking is idempotent and refuses blocked pairs; unlinking removes both sides at once.
 */
@Injectable()
export class ContactLinksService {
  private readonly logger = new Logger(ContactLinksService.name);

  constructor(
    private readonly contacts: ContactsRepository,
    private readonly realtime: RealtimeService,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('contacts', (userId, manager) => this.contacts.exportFor(userId, manager));
    // Inside the block's transaction; both members are told once it committed.
    registry.onMemberBlocked(async (manager, blockerId, blockedId) => {
      const removed = await this.unlinkPairIn(manager, blockerId, blockedId);
      return removed ? () => this.announceRemoval(removed) : undefined;
    });
  }

  /**
   * Links two members (both hold each other as contacts, consent and phone sharing off). Idempotent: an
   * existing link is returned as it is. Throws ContactLinkRefusedError for the same member or a blocked
   * pair. Both members are told (`contact.added`) when a link was created.
   */
  async link(memberA: string, memberB: string, source: ContactLinkSource): Promise<LinkOutcome> {
    const outcome = await this.contacts.transaction((manager) => this.linkInTransaction(manager, memberA, memberB, source));
    if (outcome.created) await this.announceLink(outcome);
    return outcome;
  }

  /** The same inside the caller's transaction; the caller announces the link after its commit. */
  async linkInTransaction(
    manager: EntityManager,
    memberA: string,
    memberB: string,
    source: ContactLinkSource,
  ): Promise<LinkOutcome> {
    if (memberA === memberB) throw new ContactLinkRefusedError('self');
    await this.contacts.lockPair(manager, memberA, memberB);
    // Checked under the pair lock, which the block listener takes too: a block and a link cannot cross.
    if (await this.contacts.eitherBlocked(manager, memberA, memberB)) throw new ContactLinkRefusedError('blocked');
    const existing = await this.contacts.findLink(manager, memberA, memberB);
    if (existing) return { link: existing, contacts: await this.contacts.sidesOf(manager, existing), created: false };
    return { ...(await this.contacts.insertLink(manager, memberA, memberB, source)), created: true };
  }

  /** Tells both members about a new link, each with their own contactId. */
  async announceLink(outcome: LinkOutcome): Promise<void> {
    const members = await this.members(Object.keys(outcome.contacts));
    for (const [ownerId, row] of Object.entries(outcome.contacts)) {
      const other = members.get(row.otherId);
      if (!other) continue;
      this.realtime.emitToUser(ownerId, 'contact.added', { contactId: row.id, user: other, source: outcome.link.source });
    }
  }

  /**
   * Removes the link between two members, if any (one blocked the other), inside the caller's transaction:
   * what was removed, for the caller to announce after its commit.
   */
  private async unlinkPairIn(
    manager: EntityManager,
    a: string,
    b: string,
  ): Promise<{ ownerId: string; contactId: string; otherId: string }[] | undefined> {
    await this.contacts.lockPair(manager, a, b);
    const link = await this.contacts.findLink(manager, a, b);
    if (!link) return undefined;
    const sides = await this.contacts.sidesOf(manager, link);
    await this.contacts.deleteLink(manager, link.id);
    this.logger.debug('contact link removed');
    return Object.values(sides).map((row) => ({ ownerId: row.ownerId, contactId: row.id, otherId: row.otherId }));
  }

  /**
   * Removes the owner's contact and the other side with it. Returns false when `contactId` is not one of
   * the owner's contacts. Only the other member is told (the owner asked for it).
   */
  async removeOwned(ownerId: string, contactId: string): Promise<boolean> {
    const removed = await this.contacts.transaction(async (manager) => {
      const mine = await this.contacts.findOwned(manager, ownerId, contactId);
      if (!mine) return undefined;
      await this.contacts.lockPair(manager, mine.ownerId, mine.otherId);
      const theirs = await this.contacts.findCounterpart(manager, mine);
      const deleted = await this.contacts.deleteLink(manager, mine.linkId);
      return deleted ? { mine, theirs } : undefined;
    });
    if (!removed) return false;
    if (removed.theirs) {
      await this.announceRemoval([
        { ownerId: removed.theirs.ownerId, contactId: removed.theirs.id, otherId: removed.theirs.otherId },
      ]);
    }
    return true;
  }

  private async announceRemoval(rows: { ownerId: string; contactId: string; otherId: string }[]): Promise<void> {
    const members = await this.members(rows.map((r) => r.otherId));
    for (const row of rows) {
      const other = members.get(row.otherId);
      if (!other) continue;
      this.realtime.emitToUser(row.ownerId, 'contact.removed', { contactId: row.contactId, user: other });
    }
  }

  private async members(ids: string[]): Promise<Map<string, Member>> {
    const rows = await this.contacts.displayNames(ids);
    return new Map(rows.map((r) => [r.id, r]));
  }
}
