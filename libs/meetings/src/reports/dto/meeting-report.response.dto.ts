import { ApiProperty } from '@nestjs/swagger';
import { REPORT_REASONS, type ReportReason } from '../../entities/meeting-report.entity';

/** A member's report as the group's leads see it: what and when, never who. */
export class MeetingReportResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty()
  meetingName: string;

  @ApiProperty({ enum: REPORT_REASONS })
  reason: ReportReason;

  @ApiProperty({ nullable: true, type: String })
  note: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ nullable: true, type: String, description: 'When a lead verified or edited the meeting (null: open)' })
  closedAt: string | null;
}

/** What the reporter gets back: their report was taken, and whether the listing now shows `reported`. */
export class MeetingReportReceiptResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: REPORT_REASONS })
  reason: ReportReason;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ description: 'The listing now shows reported: true (enough members reported it within two weeks)' })
  listingReported: boolean;
}
