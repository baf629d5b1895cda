import { ApiProperty } from '@nestjs/swagger';

export class PracticeGoalResponseDto {
  @ApiProperty({ minimum: 1, maximum: 10, description: 'Calls a day you aim for' })
  daily: number;

  @ApiProperty({ description: 'Calls logged today (your time zone)' })
  todayCount: number;
}
