import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import {
  SPONSORSHIP_ROLES,
  SPONSORSHIP_STATUSES,
  type SponsorshipRole,
  type SponsorshipStatus,
} from '../sponsorship.constants';

export class ListSponsorshipsQueryDto {
  @ApiPropertyOptional({ enum: SPONSORSHIP_STATUSES, description: 'Only relationships in this state' })
  @OptionalNotNull()
  @IsIn(SPONSORSHIP_STATUSES, { message: `status must be one of ${SPONSORSHIP_STATUSES.join(', ')}` })
  status?: SponsorshipStatus;

  @ApiPropertyOptional({
    enum: SPONSORSHIP_ROLES,
    description: 'Only where you are the sponsor, or the sponsee',
  })
  @OptionalNotNull()
  @IsIn(SPONSORSHIP_ROLES, { message: `role must be one of ${SPONSORSHIP_ROLES.join(', ')}` })
  role?: SponsorshipRole;
}
