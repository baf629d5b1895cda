import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { OptionalNotNull, OptionalNullable } from '@homegroup/operations';
import {
  GENDERS,
  SPONSOR_GENDER_PREFERENCES,
  type Gender,
  type SponsorGenderPreference,
} from '../entities/user.entity';
import { IsE164Phone, IsIanaTimeZone, IsPastDate, trim } from './validators';

export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Sam K.' })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'displayName must not be empty' })
  @MaxLength(40, { message: 'displayName must be at most 40 characters' })
  @Matches(/^[^@<>]*$/, { message: 'displayName must not contain @, < or >' })
  displayName?: string;

  @ApiPropertyOptional({ example: 'Pacific/Auckland' })
  @OptionalNotNull()
  @IsString()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({
    example: 'US',
    nullable: true,
    type: String,
    description:
      'ISO 3166-1 alpha-2 country: which crisis lines you are shown (US lines when unset; a country with no stored lines gets neutral wording and no numbers)',
  })
  @OptionalNullable()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsString()
  @Matches(/^[A-Z]{2}$/, {
    message: 'country must be a two-letter ISO 3166-1 code such as US, GB or CA (or null)',
  })
  country?: string | null;

  @ApiPropertyOptional({
    example: '+14155550123',
    nullable: true,
    type: String,
    description: 'E.164; null removes it. Private unless shared.',
  })
  @OptionalNullable()
  @IsString()
  @IsE164Phone()
  phone?: string | null;

  @ApiPropertyOptional({
    example: '2024-03-01',
    nullable: true,
    type: String,
    format: 'date',
    description: 'Private by default; null removes it',
  })
  @OptionalNullable()
  @IsString()
  @IsPastDate()
  cleanDate?: string | null;

  @ApiPropertyOptional({ example: ['NA'], description: 'Fellowship codes, e.g. NA, AA, SMART' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(/^[A-Za-z][A-Za-z0-9-]{0,15}$/, {
    each: true,
    message: 'fellowships must be short codes such as NA, AA or SMART',
  })
  fellowships?: string[];

  @ApiPropertyOptional({ example: ['en', 'es'], description: 'Languages you can talk in (BCP 47 tags)' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
    each: true,
    message: 'languages must be language tags such as en, es or pt-BR',
  })
  languages?: string[];

  @ApiPropertyOptional({
    enum: GENDERS,
    nullable: true,
    description: 'Optional; only used for the same-gender sponsor filter',
  })
  @OptionalNullable()
  @IsIn(GENDERS, { message: `gender must be one of ${GENDERS.join(', ')} (or null)` })
  gender?: Gender | null;

  @ApiPropertyOptional({
    enum: SPONSOR_GENDER_PREFERENCES,
    description: 'Sponsor discovery shows the same gender by default',
  })
  @OptionalNotNull()
  @IsIn(SPONSOR_GENDER_PREFERENCES, {
    message: `sponsorGenderPreference must be one of ${SPONSOR_GENDER_PREFERENCES.join(', ')}`,
  })
  sponsorGenderPreference?: SponsorGenderPreference;
}
