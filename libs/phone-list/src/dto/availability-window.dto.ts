import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { TIME_OF_DAY } from '../availability';

/** A weekly window when a member can be called, in their own time zone. */
export class AvailabilityWindowDto {
  @ApiProperty({
    type: [Number],
    example: [1, 2, 3, 4, 5],
    description: 'Days the window starts on: 0 = Sunday … 6 = Saturday',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'days must list at least one day (0 = Sunday … 6 = Saturday)' })
  @ArrayMaxSize(7)
  @ArrayUnique({ message: 'days must not repeat a day' })
  @IsInt({ each: true, message: 'days must be whole numbers from 0 (Sunday) to 6 (Saturday)' })
  @Min(0, { each: true, message: 'days must be whole numbers from 0 (Sunday) to 6 (Saturday)' })
  @Max(6, { each: true, message: 'days must be whole numbers from 0 (Sunday) to 6 (Saturday)' })
  days: number[];

  @ApiProperty({ example: '18:00', description: 'Local start time HH:MM (00:00–23:59)' })
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'start must be a time HH:MM between 00:00 and 23:59' })
  start: string;

  @ApiProperty({
    example: '21:30',
    description: 'Local end time HH:MM (exclusive). Earlier than start = runs past midnight; equal to start = 24 hours',
  })
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'end must be a time HH:MM between 00:00 and 23:59' })
  end: string;
}
