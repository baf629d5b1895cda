import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class CrisisResourcesQueryDto {
  @ApiPropertyOptional({ example: 'US', description: 'ISO 3166-1 alpha-2; US when absent or unknown' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter country code such as US or GB' })
  country?: string;
}
