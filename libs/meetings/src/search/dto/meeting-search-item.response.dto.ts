import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MeetingResponseDto } from '../../schedule/dto/meeting.response.dto';

export class MeetingSearchItemResponseDto extends MeetingResponseDto {
  @ApiProperty({ description: 'The occurrence shown (nextStart) started and has not ended' })
  inProgress: boolean;

  @ApiPropertyOptional({
    description: 'Kilometres (1 decimal) from the point searched from; omitted for approximate locations',
  })
  distanceKm?: number;

  @ApiPropertyOptional({
    example: '2026-11-04T13:00:00+13:00[Pacific/Auckland]',
    description: 'nextStart in the viewer’s zone (viewerTimezone, or the caller’s profile zone when signed in)',
  })
  nextStartViewer?: string;
}
