import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { trimText } from '../../dto/query-transforms';

export const DEFAULT_PLACES_LIMIT = 100;
export const MAX_PLACES_LIMIT = 500;

/** `GET /meetings/places`. */
export class MeetingPlacesQueryDto {
  @ApiPropertyOptional({
    example: 'San',
    minLength: 1,
    maxLength: 100,
    description: 'Only places whose city, state/region or country starts with this (any case)',
  })
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  @MinLength(1, { message: 'q must not be blank: leave it out to list every place' })
  @IsString({ message: 'q must be text' })
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PLACES_LIMIT, default: DEFAULT_PLACES_LIMIT })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_PLACES_LIMIT, { message: `limit must be between 1 and ${MAX_PLACES_LIMIT}` })
  @Min(1, { message: `limit must be between 1 and ${MAX_PLACES_LIMIT}` })
  @IsInt({ message: 'limit must be a whole number' })
  limit?: number;
}
