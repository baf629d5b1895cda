import { ApiProperty } from '@nestjs/swagger';

/** Another member as a party to a relationship: id and display name only. */
export class MemberRefResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  displayName: string;
}
