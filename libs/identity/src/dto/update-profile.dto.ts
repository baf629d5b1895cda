import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { OptionalNotNull, OptionalNullable } from '@homegroup/operations';
import {
  COPING_ITEM_MAX_LENGTH,
  COPING_LIST_MAX_ITEMS,
  GENDERS,
  SPONSOR_GENDER_PREFERENCES,
  type Gender,
  type SponsorGenderPreference,
} from '../entities/user.entity';
import { CountryField, IsE164Phone, IsIanaTimeZone, IsPastDate, trim, trimEach } from './validators';

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

  @CountryField()
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
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: COPING_ITEM_MAX_LENGTH },
    maxItems: COPING_LIST_MAX_ITEMS,
    uniqueItems: true,
    example: ['Call my sponsor', 'Walk around the block'],
    description:
      `Your coping list, in your order: what helps you through a craving. Replaces the whole list; [] empties it. At ` +
      `most ${COPING_LIST_MAX_ITEMS} items, each 1–${COPING_ITEM_MAX_LENGTH} characters after trimming, no two the ` +
      'same. Only ever shown to you.',
  })
  // Checked from the bottom up, the first failure answers: null, then the list, then its items.
  @ArrayUnique({ message: 'copingList has the same item twice' })
  @MaxLength(COPING_ITEM_MAX_LENGTH, {
    each: true,
    message: `copingList items must be at most ${COPING_ITEM_MAX_LENGTH} characters`,
  })
  @IsNotEmpty({ each: true, message: 'copingList items must not be empty' })
  @IsString({ each: true, message: 'copingList items must be text' })
  @ArrayMaxSize(COPING_LIST_MAX_ITEMS, {
    message: `copingList may hold at most ${COPING_LIST_MAX_ITEMS} items`,
  })
  @IsArray({ message: 'copingList must be a list of texts' })
  @Transform(trimEach)
  @OptionalNotNull()
  copingList?: string[];

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
