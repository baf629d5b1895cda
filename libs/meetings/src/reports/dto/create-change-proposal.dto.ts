import { ApiProperty, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsObject, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { trimText } from '../../dto/query-transforms';
import { UpdateMeetingDto } from '../../schedule/dto/update-meeting.dto';

/** The fields a member may propose, with the same rules as a lead's PATCH /meetings/{id}. */
export class ProposedMeetingChangesDto extends PickType(UpdateMeetingDto, [
  'name',
  'timezone',
  'weekdays',
  'startTime',
  'durationMinutes',
  'attendance',
  'status',
  'types',
  'languages',
  'location',
  'conference',
  'notes',
] as const) {}

export class CreateChangeProposalDto {
  @ApiProperty({
    type: () => ProposedMeetingChangesDto,
    description: 'Only the fields to change, as in PATCH /meetings/{id}; at least one must differ from the listing',
    example: { startTime: '19:30' },
  })
  @ValidateNested()
  @IsObject({ message: 'changes must be an object of the fields to change, e.g. { "startTime": "19:30" }' })
  @Type(() => ProposedMeetingChangesDto)
  changes: ProposedMeetingChangesDto;

  @ApiProperty({ minLength: 1, maxLength: 1000, example: 'It moved to 19:30 in September', description: 'For the group’s leads' })
  @Transform(trimText)
  @MaxLength(1000, { message: 'note must be at most 1000 characters' })
  @MinLength(1, { message: 'note is needed: tell the leads how you know' })
  @IsString({ message: 'note must be text' })
  note: string;
}
