import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { AlertText, OptionalNullable } from '@homegroup/operations';
import type { CravingOutcome } from '@homegroup/contracts';
import { CRAVING_OUTCOMES } from '../entities/craving.entity';

export class ResolveCravingDto {
  @ApiProperty({
    enum: CRAVING_OUTCOMES,
    description: 'No judgement: every answer helps you see your own patterns',
  })
  @IsIn(CRAVING_OUTCOMES, { message: `outcome must be one of ${CRAVING_OUTCOMES.join(', ')}` })
  outcome: CravingOutcome;

  @ApiPropertyOptional({
    maxLength: 1000,
    description: 'For you only. Never refused: cleaned and cut to 1000 characters like the alert’s note',
  })
  @OptionalNullable()
  @AlertText(1000)
  @IsString({ message: 'note must be text' })
  @MaxLength(1000, { message: 'note must be at most 1000 characters' })
  note?: string;

  @ApiPropertyOptional({ default: false, description: 'Tell the people you alerted how it went' })
  @OptionalNullable()
  @IsBoolean({ message: 'shareOutcome must be true or false' })
  shareOutcome?: boolean;
}
