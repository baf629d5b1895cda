import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { AlertText, OptionalNullable } from '@homegroup/operations';
import { CRAVING_TRIGGERS, type CravingTrigger } from '../entities/craving.entity';

export class CreateCravingDto {
  @ApiProperty({
    minimum: 1,
    maximum: 10,
    description: 'How strong it is right now, 1 (mild) to 10 (overwhelming)',
  })
  @IsInt({ message: 'intensity must be a whole number from 1 to 10' })
  @Min(1, { message: 'intensity must be a whole number from 1 to 10' })
  @Max(10, { message: 'intensity must be a whole number from 1 to 10' })
  intensity: number;

  @ApiPropertyOptional({ enum: CRAVING_TRIGGERS })
  @OptionalNullable()
  @IsIn(CRAVING_TRIGGERS, { message: `trigger must be one of ${CRAVING_TRIGGERS.join(', ')}` })
  trigger?: CravingTrigger;

  @ApiPropertyOptional({
    maxLength: 1000,
    description:
      'For you only: never shown to the people you alert, never logged. Never refused, so the alert always goes out: control characters are removed, lone surrogates replaced and text past 1000 characters cut (the answer carries the note as stored)',
  })
  @OptionalNullable()
  @AlertText(1000)
  @IsString({ message: 'note must be text' })
  @MaxLength(1000, { message: 'note must be at most 1000 characters' })
  note?: string;
}
