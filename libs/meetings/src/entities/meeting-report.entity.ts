import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { MeetingEntity } from './meeting.entity';

export const REPORT_REASONS = ['nobody_there', 'link_broken', 'wrong_time', 'wrong_place'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/**
 * A member's one-tap "this listing is wrong" (ADR 0042): one per member, meeting and ISO week (UTC). Open until a
 * lead verifies or edits the meeting (`closed_at`). Goes with the meeting, and with the member when they erase
 * their account.
 */
@Entity({ name: 'meeting_reports' })
@Check('ck_meeting_reports_reason', `"reason" IN ('nobody_there', 'link_broken', 'wrong_time', 'wrong_place')`)
@Index('uq_meeting_reports_member_week', ['meetingId', 'reporterId', 'weekOf'], { unique: true })
@Index('ix_meeting_reports_open', ['meetingId', 'createdAt'], { where: '"closed_at" IS NULL' })
@Index('ix_meeting_reports_reporter', ['reporterId'])
export class MeetingReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: MeetingEntity;

  @Column('uuid')
  reporterId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id' })
  reporter?: UserEntity;

  @Column({ type: 'varchar', length: 16 })
  reason: ReportReason;

  /** The member's words for the leads; never logged. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** Monday (UTC) of the week it was made: one report per member, meeting and week. */
  @Column({ type: 'date' })
  weekOf: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  /** When a lead verified or edited the meeting, which answers every open report. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
