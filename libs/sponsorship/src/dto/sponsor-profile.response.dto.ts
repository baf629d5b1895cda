import { ApiProperty } from '@nestjs/swagger';
import type { SponsorProfileEntity } from '../entities/sponsor-profile.entity';
import { LocationDto } from './location.dto';

/** The caller's own sponsor profile. */
export class SponsorProfileResponseDto {
  @ApiProperty()
  available: boolean;

  @ApiProperty()
  maxSponsees: number;

  @ApiProperty({ description: 'Active sponsees (primary and temporary) right now' })
  activeSponsees: number;

  @ApiProperty({ type: [String] })
  fellowships: string[];

  @ApiProperty({ type: [String] })
  languages: string[];

  @ApiProperty({ nullable: true, type: String })
  bio: string | null;

  @ApiProperty({ nullable: true, type: String })
  region: string | null;

  @ApiProperty({ nullable: true, type: () => LocationDto, description: 'As stored: rounded to 2 decimals' })
  location: LocationDto | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  static from(profile: SponsorProfileEntity): SponsorProfileResponseDto {
    return {
      available: profile.available,
      maxSponsees: profile.maxSponsees,
      activeSponsees: profile.activeSponseeCount,
      fellowships: profile.fellowships,
      languages: profile.languages,
      bio: profile.bio,
      region: profile.region,
      location: profile.lat !== null && profile.lng !== null ? { lat: profile.lat, lng: profile.lng } : null,
      createdAt: profile.createdAt.toISOString(),
      updatedAt: profile.updatedAt.toISOString(),
    };
  }
}
