import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXCEPTION_KINDS, type ExceptionKind } from '../../entities/meeting-exception.entity';

export class MeetingExceptionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2026-12-24', description: 'Local date of the occurrence cancelled or moved' })
  date: string;

  @ApiProperty({ enum: EXCEPTION_KINDS })
  kind: ExceptionKind;

  @ApiPropertyOptional({ description: 'Moved: the new start (UTC)' })
  movedStart?: string;

  @ApiPropertyOptional({ description: 'Moved: the new start, local, with offset and zone' })
  movedStartLocal?: string;

  @ApiPropertyOptional({ description: 'Moved: its length' })
  durationMinutes?: number;

  @ApiProperty({ nullable: true, type: String, example: 'Closed for the holiday' })
  note: string | null;
}
