import { ApiProperty } from '@nestjs/swagger';

export class PracticeStreakResponseDto {
  @ApiProperty({ description: 'Days in a row with the goal met, up to today (today not done yet does not break it)' })
  current: number;

  @ApiProperty({ description: 'Your longest run of days with the goal met' })
  longest: number;

  @ApiProperty({ description: 'Today’s goal is met' })
  today: boolean;
}
