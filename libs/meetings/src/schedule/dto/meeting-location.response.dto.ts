import { ApiProperty } from '@nestjs/swagger';

export class MeetingLocationResponseDto {
  @ApiProperty({ nullable: true, type: String, example: 'St. Mark’s Church, basement' })
  name: string | null;

  @ApiProperty({ nullable: true, type: String, example: '520 Clinton Ave' })
  address: string | null;

  @ApiProperty({ nullable: true, type: String })
  city: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'State, province or region' })
  state: string | null;

  @ApiProperty({ nullable: true, type: String })
  postalCode: string | null;

  @ApiProperty({ nullable: true, type: String })
  country: string | null;

  @ApiProperty({ example: '520 Clinton Ave, Brooklyn, NY 11238, USA' })
  formattedAddress: string;

  @ApiProperty({ nullable: true, type: Number })
  lat: number | null;

  @ApiProperty({ nullable: true, type: Number })
  lng: number | null;

  @ApiProperty({ description: 'A city- or neighbourhood-level place (online meetings): never a distance to it' })
  approximate: boolean;

  @ApiProperty({ example: 'America/New_York' })
  timezone: string;

  @ApiProperty({ type: [String], description: 'General to specific' })
  regions: string[];

  @ApiProperty({ nullable: true, type: String, description: 'For every meeting at this place' })
  notes: string | null;
}
