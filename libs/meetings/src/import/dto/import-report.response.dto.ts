import { ApiProperty } from '@nestjs/swagger';
import { ImportLinkResponseDto } from './import-link.response.dto';
import { ImportMissingResponseDto } from './import-missing.response.dto';
import { ImportRejectionResponseDto } from './import-rejection.response.dto';
import { ImportWarningResponseDto } from './import-warning.response.dto';

/** What an import did. Meetings gone from the feed are reported, never deleted. */
export class ImportReportResponseDto {
  @ApiProperty()
  source: string;

  @ApiProperty()
  total: number;

  @ApiProperty()
  created: number;

  @ApiProperty()
  updated: number;

  @ApiProperty()
  unchanged: number;

  @ApiProperty({
    type: () => [ImportLinkResponseDto],
    description: 'Items another source already lists (same start, within 100 m or the same link, a similar name): linked, not created',
  })
  linked: ImportLinkResponseDto[];

  @ApiProperty({ type: () => [ImportRejectionResponseDto] })
  rejected: ImportRejectionResponseDto[];

  @ApiProperty({ type: () => [ImportWarningResponseDto], description: 'Kept, with something to know (a default timezone, unknown type codes)' })
  warnings: ImportWarningResponseDto[];

  @ApiProperty({ type: () => [ImportMissingResponseDto], description: 'Meetings of this source no longer in the feed (left as they are)' })
  missing: ImportMissingResponseDto[];
}
