import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIanaTimeZone } from '@homegroup/identity';
import { OptionalNotNull } from '@homegroup/operations';
import { FELLOWSHIP_CODE } from '../../dto/meeting-validators';
import { trimText } from '../../dto/query-transforms';
import { MEETING_SOURCE_FORMATS, type MeetingSourceFormat } from '../../entities/meeting-source.entity';

/** The longest cadence: a week. The shortest is MEETING_SOURCES_MIN_CADENCE_MINUTES (15 by default). */
export const MAX_CADENCE_MINUTES = 10_080;

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true };

/** `POST /meeting-sources`. */
export class CreateMeetingSourceDto {
  @ApiProperty({ example: 'Upstate NY area (BMLT)' })
  @Transform(trimText)
  @MaxLength(120, { message: 'name must be at most 120 characters' })
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @IsString()
  name: string;

  @ApiProperty({
    example: 'https://example.org/main_server/client_interface/json/?switcher=GetSearchResults',
    description: 'The feed (http or https). Fetched from public addresses only',
  })
  @MaxLength(2000, { message: 'url must be at most 2000 characters' })
  @IsUrl(URL_OPTIONS, { message: 'url must be an http or https URL' })
  @IsString()
  url: string;

  @ApiProperty({ enum: MEETING_SOURCE_FORMATS, description: 'Meeting Guide JSON, or a BMLT GetSearchResults JSON answer' })
  @IsIn(MEETING_SOURCE_FORMATS, { message: 'format must be meeting-guide or bmlt' })
  format: MeetingSourceFormat;

  @ApiPropertyOptional({ format: 'uuid', description: 'Import into this group (a lead’s own); without it (admins only), a whole feed' })
  @OptionalNotNull()
  @IsUUID('all', { message: 'groupId must be a group id (UUID)' })
  groupId?: string;

  @ApiProperty({ example: 60, minimum: 1, maximum: MAX_CADENCE_MINUTES, description: 'Minutes between fetches (at least 15 unless configured)' })
  @Max(MAX_CADENCE_MINUTES, { message: `cadenceMinutes must be at most ${MAX_CADENCE_MINUTES} (a week)` })
  @Min(1, { message: 'cadenceMinutes must be at least 1' })
  @IsInt({ message: 'cadenceMinutes must be a whole number of minutes' })
  cadenceMinutes: number;

  @ApiPropertyOptional({ example: 'America/New_York', description: 'For items without a timezone' })
  @OptionalNotNull()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ example: 'NA', description: 'Fellowship of the groups made (default AA; with groupId, the group’s)' })
  @OptionalNotNull()
  @Matches(FELLOWSHIP_CODE, { message: 'fellowship must be a code such as NA or AA' })
  @IsString()
  fellowship?: string;
}
