import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PracticeCallResponseDto } from './practice-call.response.dto';
import { PracticeGoalResponseDto } from './practice-goal.response.dto';
import { PracticeStreakResponseDto } from './practice-streak.response.dto';

export class PracticeCallsPageResponseDto {
  @ApiProperty({ type: [PracticeCallResponseDto], description: 'Newest first' })
  items: PracticeCallResponseDto[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;

  @ApiProperty({ type: () => PracticeGoalResponseDto })
  goal: PracticeGoalResponseDto;

  @ApiProperty({ type: () => PracticeStreakResponseDto })
  streak: PracticeStreakResponseDto;
}
