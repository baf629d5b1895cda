import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { trimText } from '../../dto/query-transforms';
import { REPORT_REASONS, type ReportReason } from '../../entities/meeting-report.entity';

/** One tap: what is wrong with the listing, and optionally a few words for its leads. */
export class CreateMeetingReportDto {
  @ApiProperty({ enum: REPORT_REASONS, example: 'nobody_there' })
  @IsIn(REPORT_REASONS, { message: `reason must be one of ${REPORT_REASONS.join(', ')}` })
  reason: ReportReason;

  @ApiPropertyOptional({ maxLength: 500, example: 'The door was locked at 19:10', description: 'Seen by the group’s leads only' })
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(500, { message: 'note must be at most 500 characters' })
  @IsString({ message: 'note must be text' })
  note?: string;
}
