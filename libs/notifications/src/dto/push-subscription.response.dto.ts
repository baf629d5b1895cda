import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PushSubscriptionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    description:
      'The push service of the subscription, shortened to its origin (the full URL is a capability and stays private)',
    example: 'https://fcm.googleapis.com',
  })
  endpointOrigin: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a push last reached the push service',
  })
  lastSuccessAt: string | null;

  @ApiProperty({ description: 'Failed sends in a row; the subscription is removed at 5' })
  failureCount: number;
}
