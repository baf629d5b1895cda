import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class NotificationPreferencesResponseDto {
  @ApiProperty({
    description: 'Lock-screen text shows craving details (default false: neutral text)',
    example: false,
  })
  showCravingDetails: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null until you change a preference',
  })
  updatedAt: string | null;
}
