import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ImportRejectionResponseDto {
  @ApiProperty({ description: 'Position in the feed (0-based)' })
  index: number;

  @ApiPropertyOptional()
  slug?: string;

  @ApiProperty({ example: 'day is missing: meetings by appointment (no day and time) are not listed' })
  reason: string;
}
