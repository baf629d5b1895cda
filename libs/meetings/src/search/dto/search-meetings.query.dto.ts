import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { IsIanaTimeZone } from '@homegroup/identity';
import { ATTENDANCE_MODES, type AttendanceMode } from '../../entities/meeting.entity';
import { commaList, queryBoolean, trimText } from '../../dto/query-transforms';
import { FELLOWSHIP_CODE, LANGUAGE_TAG, LOCAL_TIME, TYPE_CODE } from '../../dto/meeting-validators';

export const DEFAULT_SEARCH_RADIUS_KM = 25;
export const MAX_SEARCH_RADIUS_KM = 500;
export const MAX_NEAREST = 100;
export const MAX_STARTS_WITHIN_MINUTES = 10_080;
export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 50;

const POINT = 'lat and lng go together, and radiusKm or nearest need them: send both (decimal degrees) or neither';
const withPoint = (o: SearchMeetingsQueryDto): boolean =>
  o.lat !== undefined || o.lng !== undefined || o.radiusKm !== undefined || o.nearest !== undefined;

/** `GET /meetings`. Every time filter is evaluated in each meeting's own time zone. */
export class SearchMeetingsQueryDto {
  @ApiPropertyOptional({ minimum: -90, maximum: 90, description: 'With lng: search near this point' })
  @ValidateIf(withPoint)
  @Type(() => Number)
  @Max(90, { message: 'lat must be between -90 and 90' })
  @Min(-90, { message: 'lat must be between -90 and 90' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: POINT })
  lat?: number;

  @ApiPropertyOptional({ minimum: -180, maximum: 180, description: 'With lat: search near this point' })
  @ValidateIf(withPoint)
  @Type(() => Number)
  @Max(180, { message: 'lng must be between -180 and 180' })
  @Min(-180, { message: 'lng must be between -180 and 180' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: POINT })
  lng?: number;

  @ApiPropertyOptional({
    minimum: 0.1,
    maximum: MAX_SEARCH_RADIUS_KM,
    default: DEFAULT_SEARCH_RADIUS_KM,
    description: `Meetings within this many km of the point (default ${DEFAULT_SEARCH_RADIUS_KM}); not with nearest`,
  })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_SEARCH_RADIUS_KM, { message: `radiusKm must be between 0.1 and ${MAX_SEARCH_RADIUS_KM}` })
  @Min(0.1, { message: `radiusKm must be between 0.1 and ${MAX_SEARCH_RADIUS_KM}` })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'radiusKm must be a number of kilometres' })
  radiusKm?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_NEAREST, description: 'The N nearest meetings that match (instead of a radius)' })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_NEAREST, { message: `nearest must be between 1 and ${MAX_NEAREST}` })
  @Min(1, { message: `nearest must be between 1 and ${MAX_NEAREST}` })
  @IsInt({ message: 'nearest must be a whole number' })
  nearest?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_STARTS_WITHIN_MINUTES,
    description: 'Only meetings starting from now to now + this many minutes',
  })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_STARTS_WITHIN_MINUTES, { message: `startsWithinMinutes must be between 1 and ${MAX_STARTS_WITHIN_MINUTES}` })
  @Min(1, { message: `startsWithinMinutes must be between 1 and ${MAX_STARTS_WITHIN_MINUTES}` })
  @IsInt({ message: 'startsWithinMinutes must be a whole number of minutes' })
  startsWithinMinutes?: number;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Meetings happening right now; with startsWithinMinutes, those and the ones starting soon',
  })
  @OptionalNotNull()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'inProgress must be true or false' })
  inProgress?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 6, description: 'The meeting’s local weekday, 0 = Sunday' })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(6, { message: 'weekday must be 0 (Sunday) to 6 (Saturday)' })
  @Min(0, { message: 'weekday must be 0 (Sunday) to 6 (Saturday)' })
  @IsInt({ message: 'weekday must be 0 (Sunday) to 6 (Saturday)' })
  weekday?: number;

  @ApiPropertyOptional({ example: '18:00', description: 'Local start at or after (the meeting’s own zone)' })
  @OptionalNotNull()
  @Matches(LOCAL_TIME, { message: 'startTimeFrom must be a local time HH:MM, e.g. 18:00' })
  @IsString()
  startTimeFrom?: string;

  @ApiPropertyOptional({ example: '21:00', description: 'Local start at or before; earlier than startTimeFrom runs past midnight' })
  @OptionalNotNull()
  @Matches(LOCAL_TIME, { message: 'startTimeTo must be a local time HH:MM, e.g. 21:00' })
  @IsString()
  startTimeTo?: string;

  @ApiPropertyOptional({ example: 'NA', description: 'Fellowship code (GET /fellowships)' })
  @OptionalNotNull()
  @Matches(FELLOWSHIP_CODE, { message: 'fellowship must be a code such as NA, AA or SMART' })
  @IsString()
  fellowship?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['O', 'D'],
    description: 'Type codes, all of them (comma-separated or repeated; GET /meeting-types). O also finds NA’s OPEN',
  })
  @OptionalNotNull()
  @Transform(commaList)
  @ArrayMaxSize(10, { message: 'types takes at most 10 codes' })
  @Matches(TYPE_CODE, { each: true, message: 'types must be type codes such as O, D or JFT' })
  @IsString({ each: true })
  types?: string[];

  @ApiPropertyOptional({ type: [String], example: ['en', 'es'], description: 'BCP 47 tags, any of them' })
  @OptionalNotNull()
  @Transform(commaList)
  @ArrayMaxSize(10, { message: 'languages takes at most 10 tags' })
  @Matches(LANGUAGE_TAG, { each: true, message: 'languages must be language tags such as en, es or pt-BR' })
  @IsString({ each: true })
  languages?: string[];

  @ApiPropertyOptional({
    enum: ATTENDANCE_MODES,
    description: 'in_person and online each include hybrid meetings; hybrid only hybrid ones',
  })
  @OptionalNotNull()
  @IsIn(ATTENDANCE_MODES, { message: `attendance must be one of ${ATTENDANCE_MODES.join(', ')}` })
  attendance?: AttendanceMode;

  @ApiPropertyOptional({ description: 'Free text in the name, group, place or address' })
  @OptionalNotNull()
  @Transform(trimText)
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  @MinLength(2, { message: 'q must be at least 2 characters' })
  @IsString()
  q?: string;

  @ApiPropertyOptional({ example: 'Pacific/Auckland', description: 'Also give nextStart in this zone (nextStartViewer)' })
  @OptionalNotNull()
  @IsIanaTimeZone()
  viewerTimezone?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEARCH_LIMIT, default: DEFAULT_SEARCH_LIMIT })
  @OptionalNotNull()
  @Type(() => Number)
  @Max(MAX_SEARCH_LIMIT, { message: `limit must be between 1 and ${MAX_SEARCH_LIMIT}` })
  @Min(1, { message: `limit must be between 1 and ${MAX_SEARCH_LIMIT}` })
  @IsInt({ message: 'limit must be a whole number' })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page (same filters)' })
  @OptionalNotNull()
  @MaxLength(512, { message: 'cursor is not valid; start again without it' })
  @IsString()
  cursor?: string;
}
