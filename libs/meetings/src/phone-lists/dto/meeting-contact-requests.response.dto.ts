import { ApiProperty } from '@nestjs/swagger';
import { MeetingContactRequestResponseDto } from './meeting-contact-request.response.dto';

export class MeetingContactRequestsResponseDto {
  @ApiProperty({ type: () => [MeetingContactRequestResponseDto], description: 'Waiting for your answer' })
  incoming: MeetingContactRequestResponseDto[];

  @ApiProperty({ type: () => [MeetingContactRequestResponseDto], description: 'Waiting for theirs' })
  outgoing: MeetingContactRequestResponseDto[];
}
