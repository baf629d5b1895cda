import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsUUID, Max, Min } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';

export class UpdateEscalationPolicyDto {
  @ApiPropertyOptional({
    type: [String],
    description:
      'Asked first with your sponsors, in order: phone-list contacts (member ids) who agreed to get your alerts, or people without the app (outside contact ids) who agreed by text; [] = default',
  })
  @OptionalNotNull()
  @IsArray({ message: 'firstResponderIds must be a list of member or outside contact ids' })
  @ArrayMaxSize(5, { message: 'firstResponderIds may name at most 5 people' })
  @IsUUID('all', {
    each: true,
    message:
      'firstResponderIds must hold ids from your alert circle or of people without the app who agreed by text',
  })
  firstResponderIds?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 3600, default: 120 })
  @OptionalNotNull()
  @IsInt({ message: 'nextContactsAfterSeconds must be a whole number of seconds from 1 to 3600' })
  @Min(1, { message: 'nextContactsAfterSeconds must be a whole number of seconds from 1 to 3600' })
  @Max(3600, { message: 'nextContactsAfterSeconds must be a whole number of seconds from 1 to 3600' })
  nextContactsAfterSeconds?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 3600, default: 300 })
  @OptionalNotNull()
  @IsInt({ message: 'everyoneAfterSeconds must be a whole number of seconds from 1 to 3600' })
  @Min(1, { message: 'everyoneAfterSeconds must be a whole number of seconds from 1 to 3600' })
  @Max(3600, { message: 'everyoneAfterSeconds must be a whole number of seconds from 1 to 3600' })
  everyoneAfterSeconds?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 3600, default: 600 })
  @OptionalNotNull()
  @IsInt({ message: 'nobodyAnsweredAfterSeconds must be a whole number of seconds from 1 to 3600' })
  @Min(1, { message: 'nobodyAnsweredAfterSeconds must be a whole number of seconds from 1 to 3600' })
  @Max(3600, { message: 'nobodyAnsweredAfterSeconds must be a whole number of seconds from 1 to 3600' })
  nobodyAnsweredAfterSeconds?: number;

  @ApiPropertyOptional({
    description: 'As a sponsor: your sponsees’ alerts reach you outside your available hours',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'sponsorBreakthrough must be true or false' })
  sponsorBreakthrough?: boolean;

  @ApiPropertyOptional({
    description:
      'Show the overdose-risk card (naloxone, never use alone, your country’s emergency number) when you answer "used"',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'overdoseRiskCard must be true or false' })
  overdoseRiskCard?: boolean;
}

export class EscalationPolicyResponseDto {
  @ApiProperty({ type: [String] })
  firstResponderIds: string[];

  @ApiProperty()
  nextContactsAfterSeconds: number;

  @ApiProperty()
  everyoneAfterSeconds: number;

  @ApiProperty()
  nobodyAnsweredAfterSeconds: number;

  @ApiProperty()
  sponsorBreakthrough: boolean;

  @ApiProperty()
  overdoseRiskCard: boolean;
}
