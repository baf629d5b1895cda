import { ApiProperty } from '@nestjs/swagger';

/** The consent ask went out by text: the contact is now `asked`. */
export class ConsentAskResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The outsideContactId' })
  id: string;

  @ApiProperty({ enum: ['asked'], description: 'Always asked: the text went; their YES makes it given' })
  alertConsent: 'asked';

  @ApiProperty({ description: 'When the text went (ISO time)' })
  consentAskedAt: string;
}
