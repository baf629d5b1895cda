import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRACTICE_CALL_OUTCOMES, type PracticeCallOutcome } from '../entities/practice-call.entity';
import { ContactRefResponseDto } from './contact-ref.response.dto';
import { OutsideContactRefResponseDto } from './outside-contact.response.dto';

export class PracticeCallResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiPropertyOptional({
    type: () => ContactRefResponseDto,
    nullable: true,
    description: 'Who you called; null once they are no longer on your phone list',
  })
  contact: ContactRefResponseDto | null;

  @ApiPropertyOptional({
    type: () => OutsideContactRefResponseDto,
    nullable: true,
    description: 'Who you called when they have no app; null for a call to a member, or once you removed them',
  })
  outsideContact: OutsideContactRefResponseDto | null;

  @ApiProperty({ enum: PRACTICE_CALL_OUTCOMES })
  outcome: PracticeCallOutcome;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Your note (only you see it)' })
  note: string | null;

  @ApiProperty({ description: 'ISO time the call was logged' })
  calledAt: string;

  @ApiProperty({ example: '2026-01-10', description: 'Your calendar day it counts for (your time zone when you logged it)' })
  localDate: string;
}
