import { ApiProperty } from '@nestjs/swagger';
import { SponsorCardResponseDto } from './sponsor-card.response.dto';

export class SponsorSearchResponseDto {
  @ApiProperty({ type: () => [SponsorCardResponseDto] })
  items: SponsorCardResponseDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor: string | null;
}
