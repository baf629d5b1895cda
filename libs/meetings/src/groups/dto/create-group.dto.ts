import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { FELLOWSHIP_CODE } from '../../dto/meeting-validators';
import { trimText } from '../../dto/query-transforms';

export class CreateGroupDto {
  @ApiProperty({ example: 'Clean and Serene', description: 'No last names' })
  @Transform(trimText)
  @MaxLength(120, { message: 'name must be at most 120 characters' })
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @IsString({ message: 'name is needed' })
  name: string;

  @ApiProperty({ example: 'NA', description: 'A fellowship code (GET /fellowships)' })
  @Matches(FELLOWSHIP_CODE, { message: 'fellowship must be a code such as NA, AA or SMART (GET /fellowships)' })
  @IsString({ message: 'fellowship is needed: a code such as NA, AA or SMART (GET /fellowships)' })
  fellowship: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @MaxLength(2000)
  @IsString()
  description?: string;

  @ApiPropertyOptional({ default: false, description: 'Unpublished groups and their meetings are seen by their leads only' })
  @OptionalNotNull()
  @IsBoolean()
  published?: boolean;
}
