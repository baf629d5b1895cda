import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AlertCircleMember } from '../alert-circle.service';

export class AlertCircleUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  displayName: string;
}

export class AvailabilityWindowDto {
  @ApiProperty({ type: [Number], description: '0 = Sunday … 6 = Saturday' })
  days: number[];

  @ApiProperty({ example: '18:00', description: 'Local time in the person’s own time zone' })
  start: string;

  @ApiProperty({ example: '22:30', description: 'May be before start: the window spans midnight' })
  end: string;
}

export class AlertCircleMemberDto {
  @ApiProperty({ type: AlertCircleUserDto })
  user: AlertCircleUserDto;

  @ApiProperty({ enum: ['primary_sponsor', 'temporary_sponsor', 'contact'] })
  role: AlertCircleMember['role'];

  @ApiProperty({ description: '1-based place in the order alerts would go out' })
  priority: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  fellowship: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  sponsorshipId: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Your contactId for them',
  })
  contactId: string | null;

  @ApiProperty()
  availableNow: boolean;

  @ApiProperty({ type: [AvailabilityWindowDto], description: 'Empty: any time' })
  availability: AvailabilityWindowDto[];

  @ApiPropertyOptional({ nullable: true, type: String })
  timezone: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Your last practice call to them' })
  lastPracticeCallAt: string | null;
}

export class AlertCircleResponseDto {
  @ApiProperty({ type: [AlertCircleMemberDto], description: 'In the order a craving alert would reach them' })
  recipients: AlertCircleMemberDto[];

  @ApiProperty({ description: 'How many of them are available right now' })
  availableNow: number;

  @ApiProperty()
  generatedAt: string;

  static from(circle: AlertCircleMember[], at: Date): AlertCircleResponseDto {
    return {
      recipients: circle.map((m, index) => ({
        ...m,
        priority: index + 1,
        lastPracticeCallAt: m.lastPracticeCallAt?.toISOString() ?? null,
      })),
      availableNow: circle.filter((m) => m.availableNow).length,
      generatedAt: at.toISOString(),
    };
  }
}
