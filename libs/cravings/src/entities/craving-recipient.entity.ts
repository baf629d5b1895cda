import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import type { AvailabilityWindow } from '@homegroup/phone-list';
import { CravingEntity } from './craving.entity';

export type CravingRecipientRole = 'primary_sponsor' | 'temporary_sponsor' | 'first_responder' | 'contact';

/**
 * One member of the alert circle, snapshotted when the alert was raised: the step at which they are asked,
 * and what happened (notified, skipped for quiet hours, pushed, delivered by the client's ack, responding).
 * Goes with the alert, and with the recipient's account.
 */
@Entity({ name: 'craving_recipients' })
@Index('uq_craving_recipients_craving_user', ['cravingId', 'userId'], { unique: true })
@Index('ix_craving_recipients_user', ['userId'])
export class CravingRecipientEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  cravingId: string;

  @ManyToOne(() => CravingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'craving_id' })
  craving?: CravingEntity;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 24 })
  role: CravingRecipientRole;

  /** 1-based place in the circle's order. */
  @Column({ type: 'smallint' })
  priority: number;

  /** The escalation step at which they are asked (0, 1 or 2). */
  @Column({ type: 'smallint' })
  step: number;

  /** A sponsor who did not opt out: asked even outside their available hours. */
  @Column({ type: 'boolean', default: false })
  breaksThrough: boolean;

  /** Their availability windows and zone at creation (quiet hours are checked when their step fires). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  availability: AvailabilityWindow[];

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  @Column({ type: 'timestamptz', nullable: true })
  notifiedAt: Date | null;

  /** Outside their hours when their step fired; asked at a later step if available by then. */
  @Column({ type: 'timestamptz', nullable: true })
  skippedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pushedAt: Date | null;

  /** A client acked the `craving.alert` emit. Not "reached": only an acknowledgement counts. */
  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** A sponsor phoned at "nobody has answered" (ADR 0050): set once, by the claim that places the call. */
  @Column({ type: 'timestamptz', nullable: true })
  calledAt: Date | null;

  /** The responder's message to the owner ("calling you now"); never logged. Stored encrypted (ADR 0037). */
  @Column({ type: 'text', nullable: true })
  message: string | null;
}
