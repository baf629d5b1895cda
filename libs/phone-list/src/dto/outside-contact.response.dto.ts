import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OutsideContactView } from '../outside-contacts.repository';
import { ALERT_CONSENT_STATES, type AlertConsentState } from '../entities/outside-contact.entity';

/** A meeting as a contact without the app refers to it. */
export class OutsideContactMeetingRefResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Tuesday Night Basics' })
  name: string;
}

/** Someone on the caller's phone list who has no account; only the caller sees it. */
export class OutsideContactResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The outsideContactId' })
  id: string;

  @ApiProperty({ example: 'Chris' })
  name: string;

  @ApiProperty({ example: '+14155550123', description: 'E.164' })
  phone: string;

  @ApiPropertyOptional({
    type: () => OutsideContactMeetingRefResponseDto,
    nullable: true,
    description: 'Where you met',
  })
  meeting: OutsideContactMeetingRefResponseDto | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Your notes (only you see them)' })
  notes: string | null;

  @ApiProperty({
    enum: ALERT_CONSENT_STATES,
    description:
      'Whether they agreed by text to get your craving alerts: none (never asked), asked, given, withdrawn',
  })
  alertConsent: AlertConsentState;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'When they were last asked (ISO time)' })
  consentAskedAt: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'When their answer last changed (ISO time)',
  })
  consentChangedAt: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Your last practice call to them (ISO time)',
  })
  lastPracticeCallAt: string | null;

  @ApiProperty({ description: 'How many practice calls you logged to them' })
  practiceCallCount: number;

  @ApiProperty({ description: 'When you added them (ISO time)' })
  createdAt: string;

  @ApiProperty({ description: 'When you last changed them (ISO time)' })
  updatedAt: string;

  static from(view: OutsideContactView): OutsideContactResponseDto {
    return {
      id: view.id,
      name: view.name,
      phone: view.phone,
      meeting:
        view.meetingId && view.meetingName !== null ? { id: view.meetingId, name: view.meetingName } : null,
      notes: view.notes,
      alertConsent: view.alertConsent,
      consentAskedAt: view.consentAskedAt ? view.consentAskedAt.toISOString() : null,
      consentChangedAt: view.consentChangedAt ? view.consentChangedAt.toISOString() : null,
      lastPracticeCallAt: view.lastPracticeCallAt ? view.lastPracticeCallAt.toISOString() : null,
      practiceCallCount: view.practiceCallCount,
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
    };
  }
}

/** An outside contact as a practice call refers to it. */
export class OutsideContactRefResponseDto {
  @ApiProperty({ format: 'uuid', description: 'Your outsideContactId' })
  id: string;

  @ApiProperty({ example: 'Chris' })
  name: string;
}
