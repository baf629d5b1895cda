import { ApiProperty } from '@nestjs/swagger';

export class ImportMissingResponseDto {
  @ApiProperty({ description: 'The source’s slug' })
  slug: string;

  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty()
  name: string;
}
