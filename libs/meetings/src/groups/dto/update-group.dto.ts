import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, Min, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { FELLOWSHIP_CODE } from '../../dto/meeting-validators';
import { trimText } from '../../dto/query-transforms';
import { MAX_VERIFICATION_CADENCE_DAYS, MIN_VERIFICATION_CADENCE_DAYS } from '../../entities/group.entity';

export class UpdateGroupDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(120, { message: 'name must be at most 120 characters' })
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @IsString()
  name?: string;

  @ApiPropertyOptional({ example: 'NA' })
  @OptionalNotNull()
  @Matches(FELLOWSHIP_CODE, { message: 'fellowship must be a code such as NA, AA or SMART (GET /fellowships)' })
  @IsString()
  fellowship?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((o: UpdateGroupDto) => o.description !== null && o.description !== undefined)
  @MaxLength(2000)
  @IsString()
  description?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  published?: boolean;

  @ApiPropertyOptional({
    minimum: MIN_VERIFICATION_CADENCE_DAYS,
    maximum: MAX_VERIFICATION_CADENCE_DAYS,
    example: 90,
    description: 'Days a meeting listing stays verified after a lead confirms or edits it (default 90)',
  })
  @OptionalNotNull()
  @Max(MAX_VERIFICATION_CADENCE_DAYS, { message: `verificationCadenceDays must be a whole number of days from ${MIN_VERIFICATION_CADENCE_DAYS} to ${MAX_VERIFICATION_CADENCE_DAYS}` })
  @Min(MIN_VERIFICATION_CADENCE_DAYS, { message: `verificationCadenceDays must be a whole number of days from ${MIN_VERIFICATION_CADENCE_DAYS} to ${MAX_VERIFICATION_CADENCE_DAYS}` })
  @IsInt({ message: `verificationCadenceDays must be a whole number of days from ${MIN_VERIFICATION_CADENCE_DAYS} to ${MAX_VERIFICATION_CADENCE_DAYS}` })
  verificationCadenceDays?: number;
}
