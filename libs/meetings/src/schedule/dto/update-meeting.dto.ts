import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { IsIanaTimeZone } from '@homegroup/identity';
import {
  ATTENDANCE_MODES,
  MAX_DURATION_MINUTES,
  MEETING_STATUSES,
  MIN_DURATION_MINUTES,
  type AttendanceMode,
  type MeetingStatus,
} from '../../entities/meeting.entity';
import { MeetingConferenceDto } from './meeting-conference.dto';
import { MeetingLocationDto } from './meeting-location.dto';
import { CONFERENCE_OBJECT, IsLocalDate, LANGUAGE_TAG, LOCAL_TIME, LOCATION_OBJECT, TYPE_CODE } from '../../dto/meeting-validators';
import { trimText } from '../../dto/query-transforms';

const notNull = (field: string) => (o: Record<string, unknown>) => o[field] !== null && o[field] !== undefined;

/** Any field of a meeting; `null` clears rrule, statusUntil, location, conference and notes. The slug stays. */
export class UpdateMeetingDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @IsString()
  name?: string;

  @ApiPropertyOptional({ example: 'America/New_York' })
  @OptionalNotNull()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ type: [Number] })
  @OptionalNotNull()
  @ArrayUnique({ message: 'weekdays must not repeat a day' })
  @ArrayMaxSize(7)
  @ArrayMinSize(1, { message: 'weekdays needs at least one day (0 = Sunday … 6 = Saturday)' })
  @Max(6, { each: true, message: 'weekdays must be 0 (Sunday) to 6 (Saturday)' })
  @Min(0, { each: true, message: 'weekdays must be 0 (Sunday) to 6 (Saturday)' })
  @IsInt({ each: true, message: 'weekdays must be 0 (Sunday) to 6 (Saturday)' })
  weekdays?: number[];

  @ApiPropertyOptional({ example: '19:00' })
  @OptionalNotNull()
  @Matches(LOCAL_TIME, { message: 'startTime must be a local time HH:MM (24 h), e.g. 19:00' })
  @IsString()
  startTime?: string;

  @ApiPropertyOptional({ minimum: MIN_DURATION_MINUTES, maximum: MAX_DURATION_MINUTES })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_DURATION_MINUTES, { message: `durationMinutes must be ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}` })
  @Min(MIN_DURATION_MINUTES, { message: `durationMinutes must be ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}` })
  @IsInt({ message: 'durationMinutes must be a whole number of minutes' })
  durationMinutes?: number;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null: back to weekly on weekdays' })
  @ValidateIf(notNull('rrule'))
  @MaxLength(300)
  @IsString()
  rrule?: string | null;

  @ApiPropertyOptional({ example: '2026-01-06' })
  @OptionalNotNull()
  @IsLocalDate()
  startsOn?: string;

  @ApiPropertyOptional({ enum: ATTENDANCE_MODES })
  @OptionalNotNull()
  @IsIn(ATTENDANCE_MODES, { message: `attendance must be one of ${ATTENDANCE_MODES.join(', ')}` })
  attendance?: AttendanceMode;

  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @OptionalNotNull()
  @IsIn(MEETING_STATUSES, { message: `status must be one of ${MEETING_STATUSES.join(', ')}` })
  status?: MeetingStatus;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-01-31' })
  @ValidateIf(notNull('statusUntil'))
  @IsLocalDate()
  statusUntil?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @ArrayMaxSize(30)
  @Matches(TYPE_CODE, { each: true, message: 'types must be type codes such as O, D or JFT' })
  @IsString({ each: true })
  types?: string[];

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @ArrayMaxSize(10)
  @Matches(LANGUAGE_TAG, { each: true, message: 'languages must be language tags such as en, es or pt-BR' })
  @IsString({ each: true })
  languages?: string[];

  @ApiPropertyOptional({ type: () => MeetingLocationDto, nullable: true })
  @ValidateIf(notNull('location'))
  @ValidateNested()
  @IsObject({ message: LOCATION_OBJECT })
  @Type(() => MeetingLocationDto)
  location?: MeetingLocationDto | null;

  @ApiPropertyOptional({ type: () => MeetingConferenceDto, nullable: true })
  @ValidateIf(notNull('conference'))
  @ValidateNested()
  @IsObject({ message: CONFERENCE_OBJECT })
  @Type(() => MeetingConferenceDto)
  conference?: MeetingConferenceDto | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf(notNull('notes'))
  @MaxLength(4000)
  @IsString()
  notes?: string | null;
}
