import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { IsIanaTimeZone } from '@homegroup/identity';
import { trimText } from '../../dto/query-transforms';

const POINT = 'location.lat and location.lng go together: send both (decimal degrees) or neither';
const withPoint = (o: MeetingLocationDto): boolean => o.lat !== undefined || o.lng !== undefined;

/** Where a meeting takes place. The same place given again for the group is the same location. */
export class MeetingLocationDto {
  @ApiPropertyOptional({ example: 'St. Mark’s Church, basement', description: 'Building or landmark' })
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(200)
  @IsString()
  name?: string;

  @ApiPropertyOptional({ example: '520 Clinton Ave', description: 'Street address' })
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(200)
  @IsString()
  address?: string;

  @ApiPropertyOptional({ example: 'Brooklyn' })
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(100)
  @IsString()
  city?: string;

  @ApiPropertyOptional({ example: 'NY', description: 'State, province or region' })
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(100)
  @IsString()
  state?: string;

  @ApiPropertyOptional({ example: '11238' })
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(20)
  @IsString()
  postalCode?: string;

  @ApiPropertyOptional({ example: 'USA' })
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(64)
  @IsString()
  country?: string;

  @ApiProperty({ example: '520 Clinton Ave, Brooklyn, NY 11238, USA' })
  @Transform(trimText)
  @MaxLength(400, { message: 'location.formattedAddress must be at most 400 characters' })
  @MinLength(2, { message: 'location.formattedAddress is needed: the address as one line (or the city for an online meeting)' })
  @IsString({ message: 'location.formattedAddress is needed: the address as one line (or the city for an online meeting)' })
  formattedAddress: string;

  @ApiPropertyOptional({ minimum: -90, maximum: 90 })
  @ValidateIf(withPoint)
  @Type(() => Number)
  @Max(90, { message: 'location.lat must be between -90 and 90' })
  @Min(-90, { message: 'location.lat must be between -90 and 90' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: POINT })
  lat?: number;

  @ApiPropertyOptional({ minimum: -180, maximum: 180 })
  @ValidateIf(withPoint)
  @Type(() => Number)
  @Max(180, { message: 'location.lng must be between -180 and 180' })
  @Min(-180, { message: 'location.lng must be between -180 and 180' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: POINT })
  lng?: number;

  @ApiPropertyOptional({ default: false, description: 'City- or neighbourhood-level (e.g. an online meeting’s area)' })
  @OptionalNotNull()
  @IsBoolean()
  approximate?: boolean;

  @ApiPropertyOptional({ example: 'America/New_York', description: 'Defaults to the meeting’s timezone' })
  @OptionalNotNull()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ type: [String], example: ['Brooklyn', 'Fort Greene'], description: 'General to specific' })
  @OptionalNotNull()
  @ArrayMaxSize(5)
  @MaxLength(100, { each: true })
  @IsString({ each: true })
  regions?: string[];

  @ApiPropertyOptional({ example: 'Side door on Clinton Ave', description: 'For every meeting at this place' })
  @OptionalNotNull()
  @MaxLength(2000)
  @IsString()
  notes?: string;
}
