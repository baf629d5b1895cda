import { ApiProperty } from '@nestjs/swagger';

export class ImportWarningResponseDto {
  @ApiProperty()
  index: number;

  @ApiProperty()
  slug: string;

  @ApiProperty({ example: "no timezone: used the import's default America/Chicago" })
  message: string;
}
