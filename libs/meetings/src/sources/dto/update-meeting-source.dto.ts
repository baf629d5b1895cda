import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIanaTimeZone } from '@homegroup/identity';
import { OptionalNotNull } from '@homegroup/operations';
import { FELLOWSHIP_CODE } from '../../dto/meeting-validators';
import { trimText } from '../../dto/query-transforms';
import { MEETING_SOURCE_FORMATS, type MeetingSourceFormat } from '../../entities/meeting-source.entity';
import { MAX_CADENCE_MINUTES } from './create-meeting-source.dto';

/** `PATCH /meeting-sources/{id}`: the target stays (register another source for another target). */
export class UpdateMeetingSourceDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(120, { message: 'name must be at most 120 characters' })
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @IsString()
  name?: string;

  @ApiPropertyOptional({ description: 'A new URL fetches unconditionally next time' })
  @OptionalNotNull()
  @MaxLength(2000, { message: 'url must be at most 2000 characters' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true }, { message: 'url must be an http or https URL' })
  @IsString()
  url?: string;

  @ApiPropertyOptional({ enum: MEETING_SOURCE_FORMATS })
  @OptionalNotNull()
  @IsIn(MEETING_SOURCE_FORMATS, { message: 'format must be meeting-guide or bmlt' })
  format?: MeetingSourceFormat;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CADENCE_MINUTES })
  @OptionalNotNull()
  @Max(MAX_CADENCE_MINUTES, { message: `cadenceMinutes must be at most ${MAX_CADENCE_MINUTES} (a week)` })
  @Min(1, { message: 'cadenceMinutes must be at least 1' })
  @IsInt({ message: 'cadenceMinutes must be a whole number of minutes' })
  cadenceMinutes?: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Matches(FELLOWSHIP_CODE, { message: 'fellowship must be a code such as NA or AA' })
  @IsString()
  fellowship?: string;
}
