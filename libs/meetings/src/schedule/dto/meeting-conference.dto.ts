import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';
import { DIAL_STRING } from '../../dto/meeting-validators';

/** How to join online or by phone: a link that opens the meeting directly, and/or a dial string. */
export class MeetingConferenceDto {
  @ApiPropertyOptional({ example: 'https://zoom.us/j/123456789' })
  @OptionalNotNull()
  @MaxLength(500)
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true },
    { message: 'conference.url must be a link starting with https:// that opens the meeting' },
  )
  url?: string;

  @ApiPropertyOptional({ example: 'Passcode 1234', description: 'Notes for the link' })
  @OptionalNotNull()
  @MaxLength(500)
  @IsString()
  notes?: string;

  @ApiPropertyOptional({ example: '+16465588656,,123456789#', description: 'Digits, +, commas (pauses), * and #' })
  @OptionalNotNull()
  @Matches(DIAL_STRING, { message: 'conference.phone must be a dial string: digits, +, commas, * and #' })
  @IsString()
  phone?: string;

  @ApiPropertyOptional({ example: 'Meeting ID 123 456 789', description: 'Notes for dialling in' })
  @OptionalNotNull()
  @MaxLength(500)
  @IsString()
  phoneNotes?: string;
}
