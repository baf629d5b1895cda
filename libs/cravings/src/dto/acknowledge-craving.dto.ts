import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { AlertText, OptionalNullable } from '@homegroup/operations';

export class AcknowledgeCravingDto {
  @ApiPropertyOptional({ maxLength: 280, example: 'Calling you now', description: 'Shown to the member who asked' })
  @OptionalNullable()
  @AlertText(280)
  @IsString({ message: 'message must be text' })
  @MaxLength(280, { message: 'message must be at most 280 characters' })
  message?: string;
}
