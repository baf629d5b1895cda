import { ApiProperty } from '@nestjs/swagger';

/** A place the listings know: a city with in-person meetings, where a search can be centred. */
export class MeetingPlaceResponseDto {
  @ApiProperty({ example: 'San Francisco, CA, USA', description: 'City, state/region and country, as the listings write them' })
  label: string;

  @ApiProperty({ example: 'San Francisco' })
  city: string;

  @ApiProperty({ nullable: true, type: String, example: 'CA', description: 'State, province or region' })
  region: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'USA' })
  country: string | null;

  @ApiProperty({
    minimum: -90,
    maximum: 90,
    example: 37.77,
    description: 'Centre: the mean latitude of its meetings, to 2 decimals (about 1 km)',
  })
  lat: number;

  @ApiProperty({
    minimum: -180,
    maximum: 180,
    example: -122.42,
    description: 'Centre: the mean longitude of its meetings (across the antimeridian too), to 2 decimals',
  })
  lng: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 14, description: 'In-person and hybrid meetings listed there' })
  meetings: number;
}

export class MeetingPlacesResponseDto {
  @ApiProperty({ type: () => [MeetingPlaceResponseDto], description: 'Most meetings first, then by label' })
  items: MeetingPlaceResponseDto[];
}
