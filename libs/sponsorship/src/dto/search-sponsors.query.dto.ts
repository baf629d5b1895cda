import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { SPONSOR_GENDER_PREFERENCES, trim, type SponsorGenderPreference } from '@homegroup/identity';
import { FELLOWSHIP_CODE, LANGUAGE_TAG, upperCase } from './validators';

export const DEFAULT_RADIUS_KM = 50;
export const MAX_RADIUS_KM = 500;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

const POINT_MESSAGE = 'lat and lng go together: send both (decimal degrees) or neither';

/** `GET /sponsors` filters. */
export class SearchSponsorsQueryDto {
  @ApiPropertyOptional({ example: 'NA', description: 'Only sponsors in this fellowship' })
  @OptionalNotNull()
  @Transform(upperCase)
  @Matches(FELLOWSHIP_CODE, { message: 'fellowship must be a code such as NA or AA' })
  @IsString()
  fellowship?: string;

  @ApiPropertyOptional({ example: 'es', description: 'Only sponsors who speak this language (BCP 47 tag)' })
  @OptionalNotNull()
  @Matches(LANGUAGE_TAG, { message: 'language must be a language tag such as en, es or pt-BR' })
  @IsString()
  language?: string;

  @ApiPropertyOptional({
    example: 'Brooklyn',
    description: 'Text the sponsor’s region contains (case-insensitive)',
  })
  @OptionalNotNull()
  @Transform(trim)
  @MaxLength(80, { message: 'region must be at most 80 characters' })
  @MinLength(2, { message: 'region must be at least 2 characters' })
  @IsString()
  region?: string;

  @ApiPropertyOptional({
    minimum: -90,
    maximum: 90,
    description: 'With lng: sort by distance from this point',
  })
  @ValidateIf(
    (o: SearchSponsorsQueryDto) => o.lat !== undefined || o.lng !== undefined || o.radiusKm !== undefined,
  )
  @Type(() => Number)
  @Max(90, { message: 'lat must be between -90 and 90' })
  @Min(-90, { message: 'lat must be between -90 and 90' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: POINT_MESSAGE })
  lat?: number;

  @ApiPropertyOptional({
    minimum: -180,
    maximum: 180,
    description: 'With lat: sort by distance from this point',
  })
  @ValidateIf(
    (o: SearchSponsorsQueryDto) => o.lat !== undefined || o.lng !== undefined || o.radiusKm !== undefined,
  )
  @Type(() => Number)
  @Max(180, { message: 'lng must be between -180 and 180' })
  @Min(-180, { message: 'lng must be between -180 and 180' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: POINT_MESSAGE })
  lng?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RADIUS_KM,
    default: DEFAULT_RADIUS_KM,
    description: 'Needs lat and lng',
  })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_RADIUS_KM, { message: `radiusKm must be between 1 and ${MAX_RADIUS_KM}` })
  @Min(1, { message: `radiusKm must be between 1 and ${MAX_RADIUS_KM}` })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'radiusKm must be a number of kilometres' })
  radiusKm?: number;

  @ApiPropertyOptional({
    enum: SPONSOR_GENDER_PREFERENCES,
    description:
      'Defaults to your sponsorGenderPreference: `same` shows sponsors of your gender (if you set one), `any` everyone',
  })
  @OptionalNotNull()
  @IsIn(SPONSOR_GENDER_PREFERENCES, {
    message: `gender must be one of ${SPONSOR_GENDER_PREFERENCES.join(', ')}`,
  })
  gender?: SponsorGenderPreference;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_PAGE_SIZE, { message: `limit must be between 1 and ${MAX_PAGE_SIZE}` })
  @Min(1, { message: `limit must be between 1 and ${MAX_PAGE_SIZE}` })
  @IsInt({ message: 'limit must be a whole number' })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page (same filters)' })
  @OptionalNotNull()
  @MaxLength(512, { message: 'cursor is not valid; start again without it' })
  @IsString()
  cursor?: string;
}
