import { ApiProperty } from '@nestjs/swagger';
import { MeetingMemberRefResponseDto } from '../../dto/member-ref.response.dto';

export class GroupLeadResponseDto {
  @ApiProperty({ type: () => MeetingMemberRefResponseDto })
  user: MeetingMemberRefResponseDto;

  @ApiProperty()
  since: string;
}
