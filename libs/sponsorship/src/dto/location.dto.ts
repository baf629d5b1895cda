import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

/** An approximate point in decimal degrees; stored rounded to 2 decimals (about 1 km). */
export class LocationDto {
  @ApiProperty({ minimum: -90, maximum: 90, example: 40.68, description: 'Latitude in decimal degrees' })
  @Max(90, { message: 'location.lat must be between -90 and 90' })
  @Min(-90, { message: 'location.lat must be between -90 and 90' })
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'location.lat must be a number of degrees' },
  )
  lat: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: -73.94, description: 'Longitude in decimal degrees' })
  @Max(180, { message: 'location.lng must be between -180 and 180' })
  @Min(-180, { message: 'location.lng must be between -180 and 180' })
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'location.lng must be a number of degrees' },
  )
  lng: number;
}
