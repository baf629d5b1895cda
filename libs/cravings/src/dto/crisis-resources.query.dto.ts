import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';

export class CrisisResourcesQueryDto {
  @ApiPropertyOptional({ example: 'US', description: 'ISO 3166-1 alpha-2; US when absent or unknown' })
  @OptionalNotNull()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter country code such as US or GB' })
  country?: string;
}
