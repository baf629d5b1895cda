import { ApiProperty } from '@nestjs/swagger';
import { ATTENDANCE_MODES, MEETING_STATUSES, type AttendanceMode, type MeetingStatus } from '../../entities/meeting.entity';
import { REPORT_REASONS, type ReportReason } from '../../entities/meeting-report.entity';
import { GroupRefResponseDto } from './group-ref.response.dto';
import { MeetingConferenceResponseDto } from './meeting-conference.response.dto';
import { MeetingExceptionResponseDto } from './meeting-exception.response.dto';
import { MeetingLocationResponseDto } from './meeting-location.response.dto';

/** A published meeting as anyone may read it. No member data: leads are not shown. */
export class MeetingResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'clean-and-serene-tuesday', description: 'Unique and stable (made once from the name)' })
  slug: string;

  @ApiProperty({ example: 'Clean and Serene' })
  name: string;

  @ApiProperty({ type: () => GroupRefResponseDto })
  group: GroupRefResponseDto;

  @ApiProperty({ example: 'NA' })
  fellowship: string;

  @ApiProperty({ example: 'America/New_York', description: 'The IANA zone the schedule is in' })
  timezone: string;

  @ApiProperty({ type: [Number], example: [2], description: 'Local weekdays, 0 = Sunday' })
  weekdays: number[];

  @ApiProperty({ example: '19:00', description: 'Local start' })
  startTime: string;

  @ApiProperty({ example: '20:00', description: 'Local end (may be after midnight)' })
  endTime: string;

  @ApiProperty({ example: 60 })
  durationMinutes: number;

  @ApiProperty({ nullable: true, type: String, example: 'FREQ=MONTHLY;BYDAY=2TU', description: 'Null: weekly on weekdays' })
  rrule: string | null;

  @ApiProperty({ example: '2026-01-06', description: 'Local date of the first possible occurrence' })
  startsOn: string;

  @ApiProperty({ enum: ATTENDANCE_MODES })
  attendance: AttendanceMode;

  @ApiProperty({ enum: MEETING_STATUSES })
  status: MeetingStatus;

  @ApiProperty({ nullable: true, type: String, description: 'Last local date the status applies' })
  statusUntil: string | null;

  @ApiProperty({ type: [String], example: ['O', 'D', 'JFT'] })
  types: string[];

  @ApiProperty({ type: [String], example: ['en'], description: 'BCP 47 tags' })
  languages: string[];

  @ApiProperty({ type: () => MeetingLocationResponseDto, nullable: true })
  location: MeetingLocationResponseDto | null;

  @ApiProperty({ type: () => MeetingConferenceResponseDto, nullable: true })
  conference: MeetingConferenceResponseDto | null;

  @ApiProperty({ nullable: true, type: String })
  notes: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When the listing was last known right: created, confirmed by a lead (POST /meetings/{id}/verify) or edited by one',
  })
  lastVerifiedAt: string | null;

  @ApiProperty({ description: 'When the listing falls due for a lead’s check (last verification + the group’s verificationCadenceDays)' })
  verificationDueAt: string;

  @ApiProperty({ description: 'True when no lead confirmed the listing within the group’s cadence: it may be out of date' })
  unverified: boolean;

  @ApiProperty({
    description: 'True when several members (LISTING_REPORT_THRESHOLD, default 3) reported it within two weeks and no lead has verified or edited it since',
  })
  reported: boolean;

  @ApiProperty({ enum: REPORT_REASONS, isArray: true, description: 'Why members reported it (while reported; else empty)' })
  reportedReasons: ReportReason[];

  @ApiProperty()
  updatedAt: string;

  @ApiProperty({ type: () => [MeetingExceptionResponseDto], description: 'Cancelled or moved occurrences from today on' })
  exceptions: MeetingExceptionResponseDto[];

  @ApiProperty({ nullable: true, type: String, description: 'The next occurrence that takes place (UTC); null if none in a year' })
  nextStart: string | null;

  @ApiProperty({ nullable: true, type: String })
  nextEnd: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-11-03T19:00:00-05:00[America/New_York]',
    description: 'nextStart in the meeting’s zone: ISO 8601 with offset and zone name (RFC 9557)',
  })
  nextStartLocal: string | null;
}
