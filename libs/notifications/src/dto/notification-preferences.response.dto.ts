import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class NotificationPreferencesResponseDto {
  @ApiProperty({
    description: 'Lock-screen text shows craving details (default false: neutral text)',
    example: false,
  })
  showCravingDetails: boolean;

  @ApiProperty({
    description:
      'A phone call to the number on your profile when a sponsee\'s alert reaches "nobody has answered" (default false)',
    example: false,
  })
  callMeWhenNobodyAnswers: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null until you change a preference',
  })
  updatedAt: string | null;
}
