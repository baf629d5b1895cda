import { ApiProperty } from '@nestjs/swagger';

export class MeetingRefResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}
