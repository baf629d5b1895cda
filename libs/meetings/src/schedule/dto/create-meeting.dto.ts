import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

/** A meeting as a lead writes it. Times are local to `timezone`. */
export class CreateMeetingDto {
  @ApiProperty({ example: 'Clean and Serene', description: 'No last names' })
  @Transform(trimText)
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @IsString({ message: 'name is needed' })
  name: string;

  @ApiProperty({ example: 'America/New_York', description: 'IANA zone the schedule is in' })
  @IsIanaTimeZone()
  timezone: string;

  @ApiPropertyOptional({
    type: [Number],
    example: [2, 4],
    description: 'Local weekdays, 0 = Sunday. Needed unless rrule is given (then it is the rule’s BYDAY)',
  })
  @OptionalNotNull()
  @ArrayUnique({ message: 'weekdays must not repeat a day' })
  @ArrayMaxSize(7)
  @ArrayMinSize(1, { message: 'weekdays needs at least one day (0 = Sunday … 6 = Saturday)' })
  @Max(6, { each: true, message: 'weekdays must be 0 (Sunday) to 6 (Saturday)' })
  @Min(0, { each: true, message: 'weekdays must be 0 (Sunday) to 6 (Saturday)' })
  @IsInt({ each: true, message: 'weekdays must be 0 (Sunday) to 6 (Saturday)' })
  weekdays?: number[];

  @ApiProperty({ example: '19:00', description: 'Local start, HH:MM (24 h)' })
  @Matches(LOCAL_TIME, { message: 'startTime must be a local time HH:MM (24 h), e.g. 19:00' })
  @IsString({ message: 'startTime must be a local time HH:MM (24 h), e.g. 19:00' })
  startTime: string;

  @ApiPropertyOptional({ default: 60, minimum: MIN_DURATION_MINUTES, maximum: MAX_DURATION_MINUTES })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_DURATION_MINUTES, { message: `durationMinutes must be ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}` })
  @Min(MIN_DURATION_MINUTES, { message: `durationMinutes must be ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}` })
  @IsInt({ message: 'durationMinutes must be a whole number of minutes' })
  durationMinutes?: number;

  @ApiPropertyOptional({
    example: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    description:
      'For anything but plain weekly: FREQ=WEEKLY with INTERVAL (every other week) or FREQ=MONTHLY with BYDAY=2TU ' +
      '(the 2nd Tuesday), -1FR (the last Friday); COUNT or UNTIL. No DTSTART (startsOn + startTime) and no time parts',
  })
  @OptionalNotNull()
  @MaxLength(300)
  @IsString()
  rrule?: string;

  @ApiPropertyOptional({ example: '2026-01-06', description: 'Local date of the first possible occurrence (default: today there)' })
  @OptionalNotNull()
  @IsLocalDate()
  startsOn?: string;

  @ApiProperty({ enum: ATTENDANCE_MODES, description: 'Explicit, never inferred' })
  @IsIn(ATTENDANCE_MODES, { message: `attendance must be one of ${ATTENDANCE_MODES.join(', ')}` })
  attendance: AttendanceMode;

  @ApiPropertyOptional({ enum: MEETING_STATUSES, default: 'active' })
  @OptionalNotNull()
  @IsIn(MEETING_STATUSES, { message: `status must be one of ${MEETING_STATUSES.join(', ')}` })
  status?: MeetingStatus;

  @ApiPropertyOptional({ example: '2027-01-31', description: 'Last local date a non-active status applies' })
  @OptionalNotNull()
  @IsLocalDate()
  statusUntil?: string;

  @ApiPropertyOptional({ type: [String], example: ['O', 'D'], description: 'Type codes (GET /meeting-types)' })
  @OptionalNotNull()
  @ArrayMaxSize(30)
  @Matches(TYPE_CODE, { each: true, message: 'types must be type codes such as O, D or JFT' })
  @IsString({ each: true })
  types?: string[];

  @ApiPropertyOptional({ type: [String], example: ['en'], description: 'BCP 47 tags' })
  @OptionalNotNull()
  @ArrayMaxSize(10)
  @Matches(LANGUAGE_TAG, { each: true, message: 'languages must be language tags such as en, es or pt-BR' })
  @IsString({ each: true })
  languages?: string[];

  @ApiPropertyOptional({ type: () => MeetingLocationDto, description: 'Needed for in_person and hybrid meetings' })
  @OptionalNotNull()
  @ValidateNested()
  @IsObject({ message: LOCATION_OBJECT })
  @Type(() => MeetingLocationDto)
  location?: MeetingLocationDto;

  @ApiPropertyOptional({ type: () => MeetingConferenceDto, description: 'Needed for online and hybrid meetings' })
  @OptionalNotNull()
  @ValidateNested()
  @IsObject({ message: CONFERENCE_OBJECT })
  @Type(() => MeetingConferenceDto)
  conference?: MeetingConferenceDto;

  @ApiPropertyOptional({ description: 'Public notes (no personal details)' })
  @OptionalNotNull()
  @MaxLength(4000)
  @IsString()
  notes?: string;
}
