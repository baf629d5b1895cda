import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { CountryField, IsIanaTimeZone, trim } from './validators';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export class RegisterDto {
  @ApiProperty({ example: 'sam@example.org', description: 'Never shown to other members' })
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address, like name@example.org' })
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `password must be at most ${PASSWORD_MAX_LENGTH} characters` })
  password: string;

  @ApiProperty({ example: 'Sam K.', description: 'What other members see; first name and initial is the tradition' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'displayName must not be empty' })
  @MaxLength(40, { message: 'displayName must be at most 40 characters' })
  @Matches(/^[^@<>]*$/, { message: 'displayName must not contain @, < or >' })
  displayName: string;

  @ApiPropertyOptional({ example: 'America/New_York', default: 'UTC' })
  @OptionalNotNull()
  @IsString()
  @IsIanaTimeZone()
  timezone?: string;

  @CountryField()
  country?: string | null;
}
