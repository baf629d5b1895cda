import { ApiProperty } from '@nestjs/swagger';
import { SOURCE_RUN_STATUSES, type SourceRunStatus } from '../../entities/meeting-source-run.entity';

export class MeetingSourceLinkResponseDto {
  @ApiProperty({ description: 'The item’s slug in this feed' })
  slug: string;

  @ApiProperty({ format: 'uuid', description: 'The meeting another source already lists, which the item points to' })
  meetingId: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'That meeting’s source (null: entered by hand)' })
  linkedSource: string | null;
}

/** One run's report: counts only, and the links made instead of second listings. */
export class MeetingSourceRunResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['schedule', 'manual'] })
  trigger: 'schedule' | 'manual';

  @ApiProperty({ enum: SOURCE_RUN_STATUSES, description: 'failed: nothing was changed (no meeting is ever removed or hidden by a run)' })
  status: SourceRunStatus;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The feed’s HTTP status (null: no answer)' })
  httpStatus: number | null;

  @ApiProperty({ description: 'The feed answered 304 to the conditional request: nothing to import' })
  notModified: boolean;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Items in the feed' })
  total: number | null;

  @ApiProperty()
  created: number;

  @ApiProperty()
  updated: number;

  @ApiProperty()
  unchanged: number;

  @ApiProperty({ description: 'This source’s meetings no longer in the feed (left as they are)' })
  missing: number;

  @ApiProperty()
  rejected: number;

  @ApiProperty({ description: 'Items linked to another source’s meeting instead of created' })
  linked: number;

  @ApiProperty({ type: () => [MeetingSourceLinkResponseDto] })
  links: MeetingSourceLinkResponseDto[];

  @ApiProperty({ type: 'string', nullable: true, description: 'Why it failed (never the URL or the feed’s content)' })
  error: string | null;

  @ApiProperty()
  queuedAt: Date;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  startedAt: Date | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  finishedAt: Date | null;
}
