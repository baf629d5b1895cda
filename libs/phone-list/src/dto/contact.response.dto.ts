import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isAvailableAt, zoneOrUtc } from '../availability';
import type { ContactView } from '../contacts.repository';
import { CONTACT_LINK_SOURCES, type ContactLinkSource } from '../entities/contact-link.entity';
import { AvailabilityWindowDto } from './availability-window.dto';
import { MemberRefResponseDto } from './member-ref.response.dto';
import { TheirAvailabilityResponseDto } from './their-availability.response.dto';

/** One entry of the caller's phone list. */
export class ContactResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The contactId (yours: the other member has their own)' })
  id: string;

  @ApiProperty({ type: () => MemberRefResponseDto })
  user: MemberRefResponseDto;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '+14155550123',
    description: 'Their phone number, only when they share it with you (and have one)',
  })
  phone: string | null;

  @ApiProperty({ description: 'You receive their craving alerts (your consent)' })
  acceptsAlerts: boolean;

  @ApiProperty({ description: 'They receive your craving alerts (their consent)' })
  theyAcceptMyAlerts: boolean;

  @ApiProperty({ description: 'You show them your phone number' })
  sharePhone: boolean;

  @ApiProperty({ description: 'They show you their phone number' })
  theyShareTheirPhone: boolean;

  @ApiProperty({ type: [AvailabilityWindowDto], description: 'When they may call you (your windows, your time zone)' })
  availability: AvailabilityWindowDto[];

  @ApiProperty({ type: () => TheirAvailabilityResponseDto, description: 'When you may call them' })
  theirAvailability: TheirAvailabilityResponseDto;

  @ApiProperty({ description: 'They are inside one of their windows right now' })
  availableNow: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Your last practice call to them (ISO time)' })
  lastPracticeCallAt: string | null;

  @ApiProperty({ description: 'How many practice calls you logged to them' })
  practiceCallCount: number;

  @ApiProperty({ enum: CONTACT_LINK_SOURCES })
  source: ContactLinkSource;

  @ApiProperty({ description: 'When you became contacts (ISO time)' })
  createdAt: string;

  /** The API shape of a contact; `now` decides `availableNow` (their windows, their zone). */
  static from(view: ContactView, now: Date): ContactResponseDto {
    const timezone = zoneOrUtc(view.timezone);
    return {
      id: view.id,
      user: { id: view.otherId, displayName: view.displayName },
      phone: view.phone,
      acceptsAlerts: view.acceptsAlerts,
      theyAcceptMyAlerts: view.theyAcceptMyAlerts,
      sharePhone: view.sharePhone,
      theyShareTheirPhone: view.theyShareTheirPhone,
      availability: view.availability,
      theirAvailability: { timezone, windows: view.theirAvailability },
      availableNow: isAvailableAt(view.theirAvailability, timezone, now),
      lastPracticeCallAt: view.lastPracticeCallAt ? view.lastPracticeCallAt.toISOString() : null,
      practiceCallCount: view.practiceCallCount,
      source: view.source,
      createdAt: view.createdAt.toISOString(),
    };
  }
}
