import { ApiProperty } from '@nestjs/swagger';

export class MeetingConferenceResponseDto {
  @ApiProperty({ nullable: true, type: String, example: 'https://zoom.us/j/123456789' })
  url: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Notes for the link (e.g. the passcode)' })
  notes: string | null;

  @ApiProperty({ nullable: true, type: String, example: '+16465588656,,123456789#' })
  phone: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Notes for dialling in' })
  phoneNotes: string | null;
}
