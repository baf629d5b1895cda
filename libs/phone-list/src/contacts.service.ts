import { Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '@homegroup/operations';
import { RealtimeService } from '@homegroup/realtime';
import { ContactLinksService } from './contact-links.service';
import { ContactsRepository } from './contacts.repository';
import { ContactResponseDto } from './dto/contact.response.dto';
import type { UpdateContactDto } from './dto/update-contact.dto';

export const NO_SUCH_CONTACT = 'This contact is not on your phone list';

/**
 * The caller's phone list. Every method is scoped to the caller's own rows: another member's contact id
 * answers 404, the same as an id that does not exist.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly links: ContactLinksService,
    private readonly realtime: RealtimeService,
    private readonly clock: Clock,
  ) {}

  async list(ownerId: string): Promise<ContactResponseDto[]> {
    const now = this.clock.now();
    return (await this.contacts.listForOwner(ownerId)).map((view) => ContactResponseDto.from(view, now));
  }

  async get(ownerId: string, contactId: string): Promise<ContactResponseDto> {
    const view = await this.contacts.viewForOwner(ownerId, contactId);
    if (!view) throw new NotFoundException(NO_SUCH_CONTACT);
    return ContactResponseDto.from(view, this.clock.now());
  }

  /**
   * Changes the caller's own row only. A change of consent is in force as soon as this returns, and the
   * other member is told (`contact.consent-changed`), after the commit.
   */
  async update(owner: { id: string; displayName: string }, contactId: string, dto: UpdateContactDto): Promise<ContactResponseDto> {
    const change = await this.contacts.transaction(async (manager) => {
      const mine = await this.contacts.findOwned(manager, owner.id, contactId, true);
      if (!mine) return undefined;
      const consentChanged = dto.acceptsAlerts !== undefined && dto.acceptsAlerts !== mine.acceptsAlerts;
      await this.contacts.updateSettings(manager, mine.id, {
        ...(dto.acceptsAlerts !== undefined ? { acceptsAlerts: dto.acceptsAlerts } : {}),
        ...(dto.sharePhone !== undefined ? { sharePhone: dto.sharePhone } : {}),
        ...(dto.availability !== undefined
          ? { availability: dto.availability.map((w) => ({ days: [...w.days].sort((a, b) => a - b), start: w.start, end: w.end })) }
          : {}),
      });
      const theirs = consentChanged ? await this.contacts.findCounterpart(manager, mine) : null;
      return { theirs, acceptsAlerts: dto.acceptsAlerts };
    });
    if (!change) throw new NotFoundException(NO_SUCH_CONTACT);
    if (change.theirs && change.acceptsAlerts !== undefined) {
      this.realtime.emitToUser(change.theirs.ownerId, 'contact.consent-changed', {
        contactId: change.theirs.id,
        user: { id: owner.id, displayName: owner.displayName },
        acceptsMyAlerts: change.acceptsAlerts,
      });
    }
    return this.get(owner.id, contactId);
  }

  async remove(ownerId: string, contactId: string): Promise<void> {
    if (!(await this.links.removeOwned(ownerId, contactId))) throw new NotFoundException(NO_SUCH_CONTACT);
  }
}
