import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { trim } from '@homegroup/identity';
import { OptionalNotNull, OptionalNullable } from '@homegroup/operations';

const PHONE_TEXT = /^[0-9+()\-.\s/]{3,32}$/;
const PHONE_MESSAGE =
  'phone must be a phone number: international (+14155550123) or national in your country (set your country in your profile)';

/** Someone without the app, added to the caller's phone list. */
export class CreateOutsideContactDto {
  @ApiProperty({ example: 'Chris at the Tuesday meeting', minLength: 1, maxLength: 80 })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(80, { message: 'name must be at most 80 characters' })
  name: string;

  @ApiProperty({
    example: '+14155550123',
    maxLength: 32,
    description:
      'Their number, international or national in your own country (`country` on your profile); stored in E.164 form',
  })
  @Transform(trim)
  @IsString({ message: PHONE_MESSAGE })
  @Matches(PHONE_TEXT, { message: PHONE_MESSAGE })
  phone: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Where you met: a published meeting',
  })
  @OptionalNullable()
  @IsUUID('4', { message: 'meetingId must be a meeting id' })
  meetingId?: string | null;

  @ApiPropertyOptional({
    maxLength: 1000,
    nullable: true,
    type: String,
    description: 'For you only; never logged',
  })
  @OptionalNullable()
  @IsString({ message: 'notes must be text' })
  @MaxLength(1000, { message: 'notes must be at most 1000 characters' })
  notes?: string | null;
}

/** A change to one of the caller's contacts without the app. A new phone number resets `alertConsent` to `none`. */
export class UpdateOutsideContactDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @OptionalNotNull()
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(80, { message: 'name must be at most 80 characters' })
  name?: string;

  @ApiPropertyOptional({
    maxLength: 32,
    description: 'A new number resets alertConsent to none: consent belongs to a number',
  })
  @OptionalNotNull()
  @Transform(trim)
  @IsString({ message: PHONE_MESSAGE })
  @Matches(PHONE_TEXT, { message: PHONE_MESSAGE })
  phone?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Where you met; null clears it',
  })
  @OptionalNullable()
  @IsUUID('4', { message: 'meetingId must be a meeting id' })
  meetingId?: string | null;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, type: String, description: 'null clears them' })
  @OptionalNullable()
  @IsString({ message: 'notes must be text' })
  @MaxLength(1000, { message: 'notes must be at most 1000 characters' })
  notes?: string | null;
}
