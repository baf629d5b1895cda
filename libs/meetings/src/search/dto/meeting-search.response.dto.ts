import { ApiProperty } from '@nestjs/swagger';
import { MeetingSearchItemResponseDto } from './meeting-search-item.response.dto';

export class MeetingSearchResponseDto {
  @ApiProperty({ type: () => [MeetingSearchItemResponseDto], description: 'By next start, then distance' })
  items: MeetingSearchItemResponseDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}
