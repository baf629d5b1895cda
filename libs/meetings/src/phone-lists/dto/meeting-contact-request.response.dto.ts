import { ApiProperty } from '@nestjs/swagger';
import { CONTACT_REQUEST_STATUSES, type ContactRequestStatus } from '../../entities/meeting-contact-request.entity';
import { MeetingMemberRefResponseDto } from '../../dto/member-ref.response.dto';
import { MeetingRefResponseDto } from './meeting-ref.response.dto';

export class MeetingContactRequestResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: () => MeetingRefResponseDto, description: 'The phone list it was made on' })
  meeting: MeetingRefResponseDto;

  @ApiProperty({ type: () => MeetingMemberRefResponseDto })
  from: MeetingMemberRefResponseDto;

  @ApiProperty({ type: () => MeetingMemberRefResponseDto })
  to: MeetingMemberRefResponseDto;

  @ApiProperty({ enum: CONTACT_REQUEST_STATUSES })
  status: ContactRequestStatus;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ nullable: true, type: String })
  respondedAt: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Once accepted: your contactId for the other member (GET /phone-list/:contactId)',
  })
  contactId: string | null;
}
