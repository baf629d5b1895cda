import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../../entities/meeting.entity';
import { IsLocalDate, LOCAL_TIME } from '../../dto/meeting-validators';

/** Where one occurrence moves to, local to the meeting's zone. */
export class MovedOccurrenceDto {
  @ApiPropertyOptional({ example: '2026-12-23', description: 'Local date (default: the same day)' })
  @OptionalNotNull()
  @IsLocalDate({ message: 'moveTo.date must be a date YYYY-MM-DD' })
  date?: string;

  @ApiProperty({ example: '18:00', description: 'Local start' })
  @Matches(LOCAL_TIME, { message: 'moveTo.startTime must be a local time HH:MM, e.g. 18:00' })
  @IsString({ message: 'moveTo.startTime must be a local time HH:MM, e.g. 18:00' })
  startTime: string;

  @ApiPropertyOptional({ minimum: MIN_DURATION_MINUTES, maximum: MAX_DURATION_MINUTES, description: 'Default: the meeting’s' })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_DURATION_MINUTES)
  @Min(MIN_DURATION_MINUTES)
  @IsInt()
  durationMinutes?: number;
}
