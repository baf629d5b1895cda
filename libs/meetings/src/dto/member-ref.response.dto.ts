import { ApiProperty } from '@nestjs/swagger';

/** Another member as peers see them: id and display name, nothing else. */
export class MeetingMemberRefResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Sam K.' })
  displayName: string;
}
