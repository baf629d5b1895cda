import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { EXCEPTION_KINDS, type ExceptionKind } from '../../entities/meeting-exception.entity';
import { IsLocalDate } from '../../dto/meeting-validators';
import { MovedOccurrenceDto } from './moved-occurrence.dto';

/** Cancel or move the occurrence on one local date. */
export class CreateMeetingExceptionDto {
  @ApiProperty({ example: '2026-12-24', description: 'Local date of the occurrence (in the meeting’s zone)' })
  @IsLocalDate()
  date: string;

  @ApiProperty({ enum: EXCEPTION_KINDS })
  @IsIn(EXCEPTION_KINDS, { message: `kind must be one of ${EXCEPTION_KINDS.join(', ')}` })
  kind: ExceptionKind;

  @ApiPropertyOptional({ type: () => MovedOccurrenceDto, description: 'With kind "move"' })
  @OptionalNotNull()
  @ValidateNested()
  @IsObject({ message: 'moveTo must be an object { date?, startTime, durationMinutes? }' })
  @Type(() => MovedOccurrenceDto)
  moveTo?: MovedOccurrenceDto;

  @ApiPropertyOptional({ example: 'Closed for the holiday', description: 'Public' })
  @OptionalNotNull()
  @MaxLength(500)
  @IsString()
  note?: string;
}
