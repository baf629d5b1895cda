import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { MeetingEntity } from './meeting.entity';

export const EXCEPTION_KINDS = ['cancel', 'move'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** One occurrence cancelled or moved (to another time, possibly another day). */
@Entity({ name: 'meeting_exceptions' })
@Check('ck_meeting_exceptions_kind', `"kind" IN ('cancel', 'move')`)
@Check('ck_meeting_exceptions_move', `("kind" = 'move') = ("moved_start" IS NOT NULL AND "moved_duration_minutes" IS NOT NULL)`)
@Index('uq_meeting_exceptions_occurrence', ['meetingId', 'occurrenceDate'], { unique: true })
@Index('ix_meeting_exceptions_moved_start', ['movedStart'], { where: `"kind" = 'move'` })
@Index('ix_meeting_exceptions_created_by', ['createdBy'], { where: '"created_by" IS NOT NULL' })
export class MeetingExceptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: MeetingEntity;

  /** The local date of the occurrence that is cancelled or moved. */
  @Column({ type: 'date' })
  occurrenceDate: string;

  @Column({ type: 'varchar', length: 8 })
  kind: ExceptionKind;

  /** Where a moved occurrence now starts (instant). */
  @Column({ type: 'timestamptz', nullable: true })
  movedStart: Date | null;

  @Column({ type: 'smallint', nullable: true })
  movedDurationMinutes: number | null;

  /** Public text shown with the listing ("closed for the holiday"). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
