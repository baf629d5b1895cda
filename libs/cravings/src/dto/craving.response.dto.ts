import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CravingOutcome, CravingRecipientStatus, CravingTextRecipientStatus } from '@homegroup/contracts';
import type { CravingState, CravingTrigger } from '../entities/craving.entity';

export class CravingUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  displayName: string;
}

export class CrisisResourceDto {
  @ApiProperty({ example: 'US' })
  country: string;

  @ApiProperty({ enum: ['crisis_line', 'helpline', 'emergency'] })
  kind: 'crisis_line' | 'helpline' | 'emergency';

  @ApiProperty()
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  phone: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  sms: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  url: string | null;

  @ApiProperty()
  description: string;
}

export class CrisisResourcesResponseDto {
  @ApiProperty({ type: [CrisisResourceDto] })
  crisisResources: CrisisResourceDto[];

  @ApiProperty()
  disclaimer: string;
}

export class CravingRecipientDto {
  @ApiProperty({ type: CravingUserDto })
  user: CravingUserDto;

  @ApiProperty({ enum: ['primary_sponsor', 'temporary_sponsor', 'first_responder', 'contact'] })
  role: string;

  @ApiProperty({
    description: 'Escalation step at which they are asked (0 at once, 1 next contacts, 2 everyone)',
  })
  step: number;

  @ApiProperty({ enum: ['pending', 'skipped', 'notified', 'delivered', 'responding'] })
  status: CravingRecipientStatus;

  @ApiPropertyOptional({ description: 'Their message to you, when responding' })
  message?: string;
}

/** An outside contact (no account) texted at their step (ADR 0049); only the owner sees these. */
export class CravingTextRecipientDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Your name for them on your phone list', example: 'Jo' })
  name: string;

  @ApiProperty({ description: 'Escalation step at which they are texted (0 at once, 1 next contacts, 2 everyone)' })
  step: number;

  @ApiProperty({
    enum: ['waiting', 'skipped', 'texted', 'delivered', 'failed', 'responding'],
    description: 'skipped: their consent ended before their step; responding: they replied 1',
  })
  status: CravingTextRecipientStatus;
}

export class OverdoseRiskCardDto {
  @ApiProperty()
  title: string;

  @ApiProperty({ type: [String] })
  points: string[];
}

/** The alert as its owner sees it (create, GET, resolve). */
export class CravingResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['triggered', 'acknowledged', 'resolved'] })
  state: CravingState;

  @ApiProperty()
  intensity: number;

  @ApiPropertyOptional({ nullable: true, enum: ['environmental', 'emotional', 'physical', 'other'] })
  trigger: CravingTrigger | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Yours only' })
  note: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ description: 'The last escalation step fired' })
  step: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  acknowledgedAt: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  resolvedAt: string | null;

  @ApiPropertyOptional({ nullable: true, enum: ['passed', 'struggling', 'used'] })
  outcome: CravingOutcome | null;

  @ApiProperty()
  autoResolved: boolean;

  @ApiProperty({ type: [CravingRecipientDto] })
  recipients: CravingRecipientDto[];

  @ApiProperty({ type: [CravingTextRecipientDto], description: 'People without the app, alerted by text' })
  textRecipients: CravingTextRecipientDto[];

  @ApiProperty({ type: [CrisisResourceDto] })
  crisisResources: CrisisResourceDto[];

  @ApiProperty()
  disclaimer: string;

  @ApiPropertyOptional({
    description: 'true: you already had an open alert; it is returned instead of paging again',
  })
  reused?: boolean;

  @ApiPropertyOptional({ type: OverdoseRiskCardDto, description: 'After "used", when you opted in' })
  overdoseRisk?: OverdoseRiskCardDto;
}

/** The alert as one of its recipients sees it: never the note. */
export class CravingAsRecipientResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['triggered', 'acknowledged', 'resolved'] })
  state: CravingState;

  @ApiProperty({ type: CravingUserDto })
  from: CravingUserDto;

  @ApiProperty()
  intensity: number;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ enum: ['pending', 'skipped', 'notified', 'delivered', 'responding'] })
  myStatus: CravingRecipientStatus;

  @ApiProperty({ type: [CravingUserDto], description: 'Who is responding' })
  responders: CravingUserDto[];

  @ApiPropertyOptional({
    nullable: true,
    enum: ['passed', 'struggling', 'used'],
    description: 'Only if the member shared it',
  })
  outcome: CravingOutcome | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  resolvedAt: string | null;

  @ApiProperty({ type: [CrisisResourceDto] })
  crisisResources: CrisisResourceDto[];

  @ApiProperty()
  disclaimer: string;
}

export class CravingSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['triggered', 'acknowledged', 'resolved'] })
  state: CravingState;

  @ApiProperty()
  intensity: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  trigger: CravingTrigger | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  note: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  outcome: CravingOutcome | null;

  @ApiProperty()
  autoResolved: boolean;

  @ApiProperty()
  notified: number;

  @ApiProperty()
  responders: number;
}

export class CravingPatternsDto {
  @ApiProperty()
  total: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { environmental: 1, emotional: 2, physical: 0, other: 0, none: 1 },
  })
  byTrigger: Record<string, number>;

  @ApiProperty({ type: [Number], description: '24 counts; index = hour of day in your own time zone' })
  byHourOfDay: number[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { '0-12 weeks': 3, '3-6 months': 1, '6-12 months': 0, '1y+': 0 },
  })
  byWeeksInRecovery: Record<string, number>;
}

export class CravingHistoryResponseDto {
  @ApiProperty({ type: [CravingSummaryDto] })
  items: CravingSummaryDto[];

  @ApiPropertyOptional({ nullable: true, type: String })
  nextCursor: string | null;

  @ApiProperty({ type: CravingPatternsDto })
  patterns: CravingPatternsDto;
}
