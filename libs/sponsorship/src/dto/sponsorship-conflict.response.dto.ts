import { ApiProperty } from '@nestjs/swagger';
import { SPONSORSHIP_STATUSES, type SponsorshipStatus } from '../sponsorship.constants';

/** 409 on an impossible transition: says why, and the state the sponsorship is in now. */
export class SponsorshipConflictResponseDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'Conflict' })
  error: string;

  @ApiProperty({ example: 'This request was already declined; only a pending request can be accepted' })
  message: string;

  @ApiProperty({ enum: SPONSORSHIP_STATUSES, description: 'The sponsorship’s current state' })
  status: SponsorshipStatus;
}
