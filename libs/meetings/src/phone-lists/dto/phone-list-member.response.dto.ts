import { ApiProperty } from '@nestjs/swagger';
import { MeetingMemberRefResponseDto } from '../../dto/member-ref.response.dto';

/** Someone on a meeting's phone list, as another member on it sees them: a display name, never a number. */
export class PhoneListMemberResponseDto {
  @ApiProperty({ type: () => MeetingMemberRefResponseDto })
  user: MeetingMemberRefResponseDto;

  @ApiProperty({ description: 'When they put their name on the list' })
  since: string;

  @ApiProperty({ description: 'This is you' })
  isMe: boolean;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Your contactId for them when you are already linked (GET /phone-list)' })
  contactId: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['sent', 'received'],
    description: 'A contact request pending between you: sent by you, or received from them',
  })
  pendingRequest: 'sent' | 'received' | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'That request’s id' })
  pendingRequestId: string | null;
}
