import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsObject, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { MAX_AVAILABILITY_WINDOWS } from '../availability';
import { AvailabilityWindowDto } from './availability-window.dto';

/** The caller's own settings toward one contact. Nothing here can change the other member's settings. */
export class UpdateContactDto {
  @ApiPropertyOptional({
    description: 'Your consent to receive this contact’s craving alerts (off until you give it; withdraw it any time)',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'acceptsAlerts must be true or false' })
  acceptsAlerts?: boolean;

  @ApiPropertyOptional({ description: 'Show your phone number to this contact' })
  @OptionalNotNull()
  @IsBoolean({ message: 'sharePhone must be true or false' })
  sharePhone?: boolean;

  @ApiPropertyOptional({
    type: [AvailabilityWindowDto],
    maxItems: MAX_AVAILABILITY_WINDOWS,
    description: 'When this contact may call you, in your own time zone; an empty list means any time',
  })
  @OptionalNotNull()
  @IsArray({ message: 'availability must be a list of windows' })
  @ArrayMaxSize(MAX_AVAILABILITY_WINDOWS, { message: `availability must have at most ${MAX_AVAILABILITY_WINDOWS} windows` })
  @IsObject({ each: true, message: 'availability must be a list of windows { days, start, end }' })
  @ValidateNested({ each: true })
  @Type(() => AvailabilityWindowDto)
  availability?: AvailabilityWindowDto[];
}
