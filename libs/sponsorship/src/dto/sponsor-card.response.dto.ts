import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One sponsor in discovery: never an email, phone number or clean date. */
export class SponsorCardResponseDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The member’s id: ask them with POST /sponsorships { sponsorId }',
  })
  id: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ type: [String] })
  fellowships: string[];

  @ApiProperty({ type: [String] })
  languages: string[];

  @ApiProperty({ nullable: true, type: String })
  bio: string | null;

  @ApiProperty({ nullable: true, type: String })
  region: string | null;

  @ApiPropertyOptional({
    description: 'Whole kilometres from the point you searched from (only when you gave one)',
  })
  distanceKm?: number;
}
