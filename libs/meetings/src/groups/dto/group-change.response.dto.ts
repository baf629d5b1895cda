import { ApiProperty } from '@nestjs/swagger';
import { MeetingMemberRefResponseDto } from '../../dto/member-ref.response.dto';

/** Who changed what and when (field names, never values). */
export class GroupChangeResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  meetingId: string | null;

  @ApiProperty({ type: () => MeetingMemberRefResponseDto, nullable: true, description: 'Null once that member erased their account' })
  actor: MeetingMemberRefResponseDto | null;

  @ApiProperty({ example: 'meeting.update' })
  action: string;

  @ApiProperty({ type: [String], example: ['startTime', 'location'] })
  fields: string[];

  @ApiProperty()
  at: string;
}
