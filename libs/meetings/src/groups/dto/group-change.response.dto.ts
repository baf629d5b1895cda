import { ApiProperty } from '@nestjs/swagger';
import { MeetingMemberRefResponseDto } from '../../dto/member-ref.response.dto';

/** Who changed what and when: field names, and for a meeting's fields their values before and after (ADR 0042). */
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

  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { before: { nullable: true }, after: { nullable: true } },
      required: ['before', 'after'],
    },
    example: { startTime: { before: '19:00', after: '19:30' } },
    description: 'Each changed meeting field’s value before and after (meeting.update, proposal.approve); null for other actions',
  })
  diff: Record<string, { before: unknown; after: unknown }> | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The change proposal this change applied' })
  proposalId: string | null;

  @ApiProperty()
  at: string;
}
