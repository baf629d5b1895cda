import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { AccountDataRegistry, type AuthUser, toE164Phone } from '@homegroup/identity';
import { Clock } from '@homegroup/operations';
import type { CreateOutsideContactDto, UpdateOutsideContactDto } from './dto/outside-contact.dto';
import { OutsideContactResponseDto } from './dto/outside-contact.response.dto';
import { OUTSIDE_CONTACTS_PER_OWNER } from './entities/outside-contact.entity';
import { DuplicateOutsidePhoneError, OutsideContactsRepository } from './outside-contacts.repository';

export const NO_SUCH_OUTSIDE_CONTACT = 'This person is not on your phone list';
const DUPLICATE_PHONE = 'This number is already on your phone list';
const NO_SUCH_MEETING = 'meetingId is not a meeting you can see: pick a listed meeting, or leave it out';

/**
 * Contacts without an account (ADR 0045): the caller's own list of people who never installed the app. Scoped to
 * the caller: another member's id answers 404, the same as an id that does not exist.
 */
@Injectable()
export class OutsideContactsService {
  constructor(
    private readonly contacts: OutsideContactsRepository,
    private readonly clock: Clock,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('outsideContacts', (userId, manager) =>
      this.contacts.exportFor(userId, manager),
    );
  }

  async list(ownerId: string): Promise<OutsideContactResponseDto[]> {
    return (await this.contacts.list(ownerId)).map((view) => OutsideContactResponseDto.from(view));
  }

  async get(ownerId: string, id: string): Promise<OutsideContactResponseDto> {
    const view = await this.contacts.view(ownerId, id);
    if (!view) throw new NotFoundException(NO_SUCH_OUTSIDE_CONTACT);
    return OutsideContactResponseDto.from(view);
  }

  async create(auth: AuthUser, dto: CreateOutsideContactDto): Promise<OutsideContactResponseDto> {
    const phone = this.phoneOf(dto.phone, auth);
    if (dto.meetingId) await this.checkMeeting(dto.meetingId);
    let id: string | null;
    try {
      id = await this.contacts.insert(
        auth.id,
        { name: dto.name, phone, meetingId: dto.meetingId ?? null, notes: dto.notes ?? null },
        OUTSIDE_CONTACTS_PER_OWNER,
      );
    } catch (error) {
      if (error instanceof DuplicateOutsidePhoneError) throw new ConflictException(DUPLICATE_PHONE);
      throw error;
    }
    if (id === null) {
      throw new UnprocessableEntityException(
        `Your phone list already holds ${OUTSIDE_CONTACTS_PER_OWNER} people without the app: remove someone first`,
      );
    }
    return this.get(auth.id, id);
  }

  /** A new number resets `alertConsent` to `none` (consent belongs to a number, not to a name). */
  async update(auth: AuthUser, id: string, dto: UpdateOutsideContactDto): Promise<OutsideContactResponseDto> {
    const phone = dto.phone === undefined ? undefined : this.phoneOf(dto.phone, auth);
    if (dto.meetingId) await this.checkMeeting(dto.meetingId);
    let found: boolean;
    try {
      found = await this.contacts.update(
        auth.id,
        id,
        {
          ...(dto.name !== undefined ? { name: dto.name } : {}),
          ...(phone !== undefined ? { phone } : {}),
          ...(dto.meetingId !== undefined ? { meetingId: dto.meetingId } : {}),
          ...(dto.notes !== undefined ? { notes: dto.notes } : {}),
        },
        this.clock.now(),
      );
    } catch (error) {
      if (error instanceof DuplicateOutsidePhoneError) throw new ConflictException(DUPLICATE_PHONE);
      throw error;
    }
    if (!found) throw new NotFoundException(NO_SUCH_OUTSIDE_CONTACT);
    return this.get(auth.id, id);
  }

  async remove(ownerId: string, id: string): Promise<void> {
    if (!(await this.contacts.delete(ownerId, id))) throw new NotFoundException(NO_SUCH_OUTSIDE_CONTACT);
  }

  /** E.164, a national number read in the member's own country. */
  private phoneOf(input: string, auth: AuthUser): string {
    const phone = toE164Phone(input, auth.user.country);
    if (phone) return phone;
    throw new BadRequestException(
      auth.user.country
        ? `phone must be a valid phone number: international (+14155550123) or national in ${auth.user.country}`
        : 'phone must be a valid phone number in international form (+14155550123), or set your country in your profile to type national numbers',
    );
  }

  private async checkMeeting(meetingId: string): Promise<void> {
    if ((await this.contacts.readableMeetingName(meetingId)) === null)
      throw new NotFoundException(NO_SUCH_MEETING);
  }
}
