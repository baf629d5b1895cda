import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { AlertText, OptionalNullable } from '@homegroup/operations';

export class AcknowledgeCravingDto {
  @ApiPropertyOptional({
    maxLength: 280,
    example: 'Calling you now',
    description:
      'Shown to the member who asked. Never refused: control characters are removed, lone surrogates replaced and text past 280 characters cut, so the response is always recorded',
  })
  @OptionalNullable()
  @AlertText(280)
  @IsString({ message: 'message must be text' })
  @MaxLength(280, { message: 'message must be at most 280 characters' })
  message?: string;
}
