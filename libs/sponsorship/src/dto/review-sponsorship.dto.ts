import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import {
  MAX_REVIEW_IN_DAYS,
  MIN_REVIEW_IN_DAYS,
  REVIEW_DECISIONS,
  type ReviewDecision,
} from '../sponsorship.constants';

/** Either side answers a temporary sponsorship's review (ADR 0032). */
export class ReviewSponsorshipDto {
  @ApiProperty({
    enum: REVIEW_DECISIONS,
    description:
      '`continue`: stay temporary, next review in `reviewInDays`; `make_primary`: this becomes the sponsee’s sponsor ' +
      'in the fellowship (no more reviews). To stop, use POST /sponsorships/{id}/end.',
  })
  @IsIn(REVIEW_DECISIONS, { message: `decision must be one of ${REVIEW_DECISIONS.join(', ')}` })
  decision: ReviewDecision;

  @ApiPropertyOptional({
    minimum: MIN_REVIEW_IN_DAYS,
    maximum: MAX_REVIEW_IN_DAYS,
    description:
      '`continue` only: days from now until the next review; defaults to the period this sponsorship already has ' +
      '(the one asked for in the request, else 90)',
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
