import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  SPONSORSHIP_ROLES,
  SPONSORSHIP_STATUSES,
  type SponsorshipRole,
  type SponsorshipStatus,
} from '../sponsorship.constants';
import { MemberRefResponseDto } from './member-ref.response.dto';

/** A sponsorship as one of its two parties sees it. */
export class SponsorshipResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: SPONSORSHIP_STATUSES })
  status: SponsorshipStatus;

  @ApiProperty({
    example: 'sponsor',
    description: 'sponsor, temporary_sponsor, … (the fellowship’s relationship kinds)',
  })
  kind: string;

  @ApiProperty({ example: 'NA' })
  fellowship: string;

  @ApiProperty({ enum: SPONSORSHIP_ROLES, description: 'The caller’s side of this relationship' })
  role: SponsorshipRole;

  @ApiProperty({ type: () => MemberRefResponseDto })
  sponsor: MemberRefResponseDto;

  @ApiProperty({ type: () => MemberRefResponseDto })
  sponsee: MemberRefResponseDto;

  @ApiProperty()
  requestedAt: string;

  @ApiPropertyOptional({ description: 'When it was accepted' })
  startedAt?: string;

  @ApiPropertyOptional()
  endedAt?: string;

  @ApiPropertyOptional({
    description:
      'Active temporary sponsors: when both sides are asked to continue, make it primary (POST /sponsorships/{id}/review), or end',
  })
  reviewAt?: string;

  @ApiPropertyOptional({
    description:
      'Active temporary sponsors: true once reviewAt has passed (by the server’s clock); answer with ' +
      'POST /sponsorships/{id}/review or end it',
  })
  reviewDue?: boolean;

  @ApiPropertyOptional({ description: 'Pending requests: when the request expires unanswered' })
  expiresAt?: string;

  @ApiProperty({ type: [String], description: 'Advice that never blocks, e.g. about clean time' })
  warnings: string[];
}
