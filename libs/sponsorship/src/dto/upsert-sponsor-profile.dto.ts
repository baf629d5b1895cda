import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull, OptionalNullable } from '@homegroup/operations';
import { trim } from '@homegroup/identity';
import { MAX_SPONSEES_LIMIT } from '../sponsorship.constants';
import { LocationDto } from './location.dto';
import { FELLOWSHIP_CODE, HasNoContactDetails, LANGUAGE_TAG, upperCaseEach } from './validators';

/**
 * The whole sponsor profile (PUT replaces it). class-validator runs a property's decorators bottom-up and the
 * pipe stops at the first error, so the type check sits nearest the property.
 */
export class UpsertSponsorProfileDto {
  @ApiProperty({ description: 'Shown in discovery and open to new requests' })
  @IsBoolean({ message: 'available must be true or false' })
  available: boolean;

  @ApiProperty({
    minimum: 1,
    maximum: MAX_SPONSEES_LIMIT,
    example: 3,
    description: 'At capacity you are hidden from discovery',
  })
  @Max(MAX_SPONSEES_LIMIT, { message: `maxSponsees must be between 1 and ${MAX_SPONSEES_LIMIT}` })
  @Min(1, { message: `maxSponsees must be between 1 and ${MAX_SPONSEES_LIMIT}` })
  @IsInt({ message: 'maxSponsees must be a whole number' })
  maxSponsees: number;

  @ApiProperty({
    example: ['NA'],
    description: 'Fellowships you sponsor in: codes from GET /fellowships that have sponsors (not SMART)',
  })
  @Transform(upperCaseEach)
  @Matches(FELLOWSHIP_CODE, { each: true, message: 'fellowships must be short codes such as NA or AA' })
  @IsString({ each: true })
  @ArrayMaxSize(10)
  @ArrayMinSize(1, { message: 'fellowships must name at least one fellowship you sponsor in, e.g. ["NA"]' })
  @IsArray({ message: 'fellowships must be a list of fellowship codes, e.g. ["NA"]' })
  fellowships: string[];

  @ApiPropertyOptional({
    example: ['en', 'es'],
    description: 'Languages you sponsor in; defaults to your profile languages',
  })
  @OptionalNotNull()
  @Matches(LANGUAGE_TAG, { each: true, message: 'languages must be language tags such as en, es or pt-BR' })
  @IsString({ each: true })
  @ArrayMaxSize(10)
  @IsArray()
  languages?: string[];

  @ApiPropertyOptional({
    maxLength: 500,
    nullable: true,
    type: String,
    description: 'A few words for people looking for a sponsor; no contact details',
  })
  @OptionalNullable()
  @Transform(trim)
  @HasNoContactDetails()
  @MaxLength(500, { message: 'bio must be at most 500 characters' })
  @IsString()
  bio?: string | null;

  @ApiPropertyOptional({
    maxLength: 80,
    example: 'Brooklyn, NY',
    nullable: true,
    type: String,
    description: 'Free text: a neighbourhood or city',
  })
  @OptionalNullable()
  @Transform(trim)
  @HasNoContactDetails()
  @MaxLength(80, { message: 'region must be at most 80 characters' })
  @IsString()
  region?: string | null;

  @ApiPropertyOptional({
    type: () => LocationDto,
    nullable: true,
    description: 'Approximate point for "near me" searches; stored rounded to about 1 km',
  })
  @OptionalNullable()
  @Type(() => LocationDto)
  @ValidateNested()
  @IsObject({ message: 'location must be an object { lat, lng }' })
  location?: LocationDto | null;
}
