import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  GENDERS,
  SPONSOR_GENDER_PREFERENCES,
  type Gender,
  type SponsorGenderPreference,
  type UserEntity,
} from '../entities/user.entity';

/** The member's own profile (only ever returned to the member themselves). */
export class ProfileResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  timezone: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'ISO 3166-1 alpha-2; picks the crisis lines',
  })
  country: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  phone: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  cleanDate: string | null;

  @ApiProperty({ type: [String] })
  fellowships: string[];

  @ApiProperty({ type: [String] })
  languages: string[];

  @ApiProperty({
    type: [String],
    description: 'Your coping list, in your order (empty until you add to it). Only ever shown to you.',
  })
  copingList: string[];

  @ApiPropertyOptional({ nullable: true, enum: GENDERS })
  gender: Gender | null;

  @ApiProperty({ enum: SPONSOR_GENDER_PREFERENCES })
  sponsorGenderPreference: SponsorGenderPreference;

  @ApiProperty()
  createdAt: string;

  static from(user: UserEntity): ProfileResponseDto {
    return {
      id: user.id,
      displayName: user.displayName,
      email: user.email,
      timezone: user.timezone,
      country: user.country,
      phone: user.phone,
      cleanDate: user.cleanDate,
      fellowships: user.fellowships,
      languages: user.languages,
      copingList: user.copingList,
      gender: user.gender,
      sponsorGenderPreference: user.sponsorGenderPreference,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
