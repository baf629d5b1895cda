import { ApiProperty } from '@nestjs/swagger';

/** A feed item that another source (or a lead) already lists: linked to that meeting instead of created (ADR 0043). */
export class ImportLinkResponseDto {
  @ApiProperty({ description: 'Position in the feed (0-based)' })
  index: number;

  @ApiProperty({ description: 'The item’s slug in this feed' })
  slug: string;

  @ApiProperty({ format: 'uuid', description: 'The meeting already listed, which the item now points to (duplicate_of)' })
  meetingId: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'The source that lists it (null: entered by hand)' })
  linkedSource: string | null;
}
