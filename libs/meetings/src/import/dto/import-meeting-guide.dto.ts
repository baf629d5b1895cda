import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { IsIanaTimeZone } from '@homegroup/identity';
import { FELLOWSHIP_CODE } from '../../dto/meeting-validators';

export const MAX_IMPORT_MEETINGS = 20_000;

/** `POST /imports/meeting-guide`. */
export class ImportMeetingGuideDto {
  @ApiProperty({
    example: 'aa-chicago',
    description: 'Names the feed: a re-import of the same source and slug updates that meeting instead of adding one',
  })
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, { message: 'source must be letters, digits and . _ : / - (e.g. aa-chicago)' })
  @IsString({ message: 'source is needed: a name for the feed (e.g. aa-chicago)' })
  source: string;

  @ApiPropertyOptional({ example: 'America/Chicago', description: 'For meetings without a timezone (the report says which)' })
  @OptionalNotNull()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ example: 'AA', description: 'Fellowship of the groups made (default AA; with groupId, the group’s)' })
  @OptionalNotNull()
  @Matches(FELLOWSHIP_CODE, { message: 'fellowship must be a code such as NA or AA' })
  @IsString()
  fellowship?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Import into this group (a lead’s own); without it (admins only) a group is made per feed `group`',
  })
  @OptionalNotNull()
  @IsUUID('all', { message: 'groupId must be a group id (UUID)' })
  groupId?: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The feed items as published (Meeting Guide JSON)' })
  @ArrayMaxSize(MAX_IMPORT_MEETINGS, { message: `meetings takes at most ${MAX_IMPORT_MEETINGS} items per import` })
  @IsArray({ message: 'meetings must be the feed: an array of Meeting Guide meetings' })
  meetings: unknown[];
}
