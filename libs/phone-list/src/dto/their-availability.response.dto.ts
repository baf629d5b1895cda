import { ApiProperty } from '@nestjs/swagger';
import { AvailabilityWindowDto } from './availability-window.dto';

/** When a contact said you may call them, in their own time zone. */
export class TheirAvailabilityResponseDto {
  @ApiProperty({ example: 'Pacific/Honolulu', description: 'The contact’s IANA time zone, in which the windows apply' })
  timezone: string;

  @ApiProperty({ type: [AvailabilityWindowDto], description: 'Empty = any time' })
  windows: AvailabilityWindowDto[];
}
