import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PracticeSettingsResponseDto {
  @ApiProperty({ minimum: 1, maximum: 10 })
  dailyGoal: number;

  @ApiPropertyOptional({ type: String, nullable: true, example: '18:30', description: 'Local time of the daily reminder; null = off' })
  reminderTime: string | null;
}
