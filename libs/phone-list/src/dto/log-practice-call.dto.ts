import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { PRACTICE_CALL_OUTCOMES, type PracticeCallOutcome } from '../entities/practice-call.entity';

export class LogPracticeCallDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One of your contacts (the id from GET /phone-list); give this or outsideContactId, not both',
  })
  @OptionalNotNull()
  @IsUUID('4', { message: 'contactId must be a contact id from your phone list' })
  contactId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Someone without the app on your phone list (the id from GET /phone-list/outside); or contactId, not both',
  })
  @OptionalNotNull()
  @IsUUID('4', { message: 'outsideContactId must be an id from GET /phone-list/outside' })
  outsideContactId?: string;

  @ApiProperty({ enum: PRACTICE_CALL_OUTCOMES, description: 'Any outcome counts toward the goal: the attempt is the practice' })
  @IsIn(PRACTICE_CALL_OUTCOMES, { message: `outcome must be one of ${PRACTICE_CALL_OUTCOMES.join(', ')}` })
  outcome: PracticeCallOutcome;

  @ApiPropertyOptional({ maxLength: 500, description: 'For you only; never shown to anyone else, never logged' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(500, { message: 'note must be at most 500 characters' })
  note?: string;
}
