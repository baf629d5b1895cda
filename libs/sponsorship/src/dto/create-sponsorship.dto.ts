import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import {
  MAX_REVIEW_IN_DAYS,
  MIN_REVIEW_IN_DAYS,
  SPONSORSHIP_KINDS,
  type SponsorshipKind,
} from '../sponsorship.constants';
import { FELLOWSHIP_CODE, upperCase } from './validators';

/** A sponsee asks a member to sponsor them. */
export class CreateSponsorshipDto {
  @ApiProperty({ format: 'uuid', description: 'The member you are asking (an id from GET /sponsors)' })
  @IsUUID('all', { message: 'sponsorId must be a member id (UUID)' })
  sponsorId: string;

  @ApiPropertyOptional({
    example: 'NA',
    description:
      'Defaults to the one fellowship you share with the sponsor; required when you share none or several',
  })
  @OptionalNotNull()
  @Transform(upperCase)
  @Matches(FELLOWSHIP_CODE, { message: 'fellowship must be a code such as NA or AA' })
  @IsString()
  fellowship?: string;

  @ApiPropertyOptional({
    enum: SPONSORSHIP_KINDS,
    default: 'sponsor',
    description: 'One of the fellowship’s relationship kinds',
  })
  @OptionalNotNull()
  @IsIn(SPONSORSHIP_KINDS, { message: `kind must be one of ${SPONSORSHIP_KINDS.join(', ')}` })
  kind?: SponsorshipKind;

  @ApiPropertyOptional({
    minimum: MIN_REVIEW_IN_DAYS,
    maximum: MAX_REVIEW_IN_DAYS,
    default: 90,
    description: 'Temporary sponsors only: days from the start until both of you are asked to review',
  })
  @OptionalNotNull()
  @Max(MAX_REVIEW_IN_DAYS, {
    message: `reviewInDays must be between ${MIN_REVIEW_IN_DAYS} and ${MAX_REVIEW_IN_DAYS}`,
  })
  @Min(MIN_REVIEW_IN_DAYS, {
    message: `reviewInDays must be between ${MIN_REVIEW_IN_DAYS} and ${MAX_REVIEW_IN_DAYS}`,
  })
  @IsInt({ message: 'reviewInDays must be a whole number of days' })
  reviewInDays?: number;
}
