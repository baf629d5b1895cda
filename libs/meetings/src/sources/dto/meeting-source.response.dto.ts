import { ApiProperty } from '@nestjs/swagger';
import { MEETING_SOURCE_FORMATS, type MeetingSourceFormat } from '../../entities/meeting-source.entity';

export class MeetingSourceResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ enum: MEETING_SOURCE_FORMATS })
  format: MeetingSourceFormat;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The target group; null: a whole feed' })
  groupId: string | null;

  @ApiProperty({ description: 'The import’s source name: imported meetings carry it' })
  source: string;

  @ApiProperty()
  cadenceMinutes: number;

  @ApiProperty({ type: 'string', nullable: true })
  timezone: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  fellowship: string | null;

  @ApiProperty({ description: 'When the next run on the cadence is queued' })
  nextRunAt: Date;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;
}
