import { ApiProperty } from '@nestjs/swagger';

export class MeetingTypeResponseDto {
  @ApiProperty({ example: 'MG', description: 'MG (Meeting Guide) or a fellowship code (NA)' })
  vocabulary: string;

  @ApiProperty({ example: 'JFT' })
  code: string;

  @ApiProperty({ example: 'Just For Today Study' })
  name: string;

  @ApiProperty({ example: 'format', description: 'format, audience, accessibility, language, open_closed, status' })
  category: string;

  @ApiProperty({ nullable: true, type: String, example: 'LIT', description: 'The Meeting Guide code it maps to' })
  meetingGuideCode: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'es', description: 'Language types: the BCP 47 tag' })
  language: string | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { en: 'Open', es: 'Abierta' } })
  labels: Record<string, string>;
}
