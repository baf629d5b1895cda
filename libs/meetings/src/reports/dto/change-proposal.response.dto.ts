import { ApiProperty } from '@nestjs/swagger';
import { MeetingMemberRefResponseDto } from '../../dto/member-ref.response.dto';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../../entities/meeting-change-proposal.entity';
import { ProposedMeetingChangesDto } from './create-change-proposal.dto';

export class ChangeProposalResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty()
  meetingName: string;

  @ApiProperty({ format: 'uuid' })
  groupId: string;

  @ApiProperty({ type: () => MeetingMemberRefResponseDto })
  proposedBy: MeetingMemberRefResponseDto;

  @ApiProperty({ type: () => ProposedMeetingChangesDto })
  changes: ProposedMeetingChangesDto;

  @ApiProperty({ type: [String], example: ['startTime'], description: 'The change log’s names of the fields it changes' })
  fields: string[];

  @ApiProperty()
  note: string;

  @ApiProperty({ enum: PROPOSAL_STATUSES })
  status: ProposalStatus;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ nullable: true, type: String })
  decidedAt: string | null;

  @ApiProperty({ type: () => MeetingMemberRefResponseDto, nullable: true, description: 'Null while pending, or once that lead erased their account' })
  decidedBy: MeetingMemberRefResponseDto | null;
}
