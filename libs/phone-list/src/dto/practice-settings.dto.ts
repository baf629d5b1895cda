import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { OptionalNullable } from '@homegroup/operations';
import { TIME_OF_DAY } from '../availability';

export class PracticeSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 10, example: 1, description: 'Practice calls a day you aim for' })
  @IsInt({ message: 'dailyGoal must be a whole number from 1 to 10' })
  @Min(1, { message: 'dailyGoal must be a whole number from 1 to 10' })
  @Max(10, { message: 'dailyGoal must be a whole number from 1 to 10' })
  dailyGoal: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '18:30',
    description: 'Local time HH:MM of a daily reminder when you have not reached your goal yet; null or absent = no reminder',
  })
  @OptionalNullable()
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'reminderTime must be a time HH:MM between 00:00 and 23:59, or null for no reminder' })
  reminderTime?: string | null;
}
