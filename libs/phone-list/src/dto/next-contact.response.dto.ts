import { ApiPropertyOptional } from '@nestjs/swagger';
import { ContactResponseDto } from './contact.response.dto';
import { OutsideContactResponseDto } from './outside-contact.response.dto';

export const NO_NEXT_CONTACT_REASONS = ['no_contacts', 'nobody_available'] as const;
export type NoNextContactReason = (typeof NO_NEXT_CONTACT_REASONS)[number];

/** Always 200: either the contact (or contact without the app) to call next, or both null with the reason. */
export class NextContactResponseDto {
  @ApiPropertyOptional({
    type: () => ContactResponseDto,
    nullable: true,
    description: 'Available now in their own window and least recently called by you (never called first)',
  })
  contact: ContactResponseDto | null;

  @ApiPropertyOptional({
    type: () => OutsideContactResponseDto,
    nullable: true,
    description:
      'Or someone without the app (no available hours: always callable), when they are the least recently called. At most one of contact and outsideContact is set',
  })
  outsideContact: OutsideContactResponseDto | null;

  @ApiPropertyOptional({ enum: NO_NEXT_CONTACT_REASONS, nullable: true, description: 'Why contact is null' })
  reason: NoNextContactReason | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'What to do when contact is null' })
  message: string | null;
}
