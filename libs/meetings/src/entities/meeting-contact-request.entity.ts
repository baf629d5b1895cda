import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { MeetingEntity } from './meeting.entity';

export const CONTACT_REQUEST_STATUSES = ['requested', 'accepted', 'declined', 'withdrawn'] as const;
export type ContactRequestStatus = (typeof CONTACT_REQUEST_STATUSES)[number];

/**
 * A contact request between two members on the same meeting phone list; accepting it makes the same
 * contact link an invite code makes (source `meeting`). `uq_meeting_contact_requests_pending_pair` (one
 * pending request per pair, either direction) is an expression index written by hand in the migration.
 */
@Entity({ name: 'meeting_contact_requests' })
@Check('ck_meeting_contact_requests_not_self', '"requester_id" <> "recipient_id"')
@Check('ck_meeting_contact_requests_status', `"status" IN ('requested', 'accepted', 'declined', 'withdrawn')`)
@Index('uq_meeting_contact_requests_pending_pair', { synchronize: false })
@Index('ix_meeting_contact_requests_recipient', ['recipientId', 'status'])
@Index('ix_meeting_contact_requests_requester', ['requesterId', 'status'])
@Index('ix_meeting_contact_requests_meeting', ['meetingId'])
export class MeetingContactRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: MeetingEntity;

  @Column('uuid')
  requesterId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requester_id' })
  requester?: UserEntity;

  @Column('uuid')
  recipientId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: UserEntity;

  @Column({ type: 'varchar', length: 16 })
  status: ContactRequestStatus;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;
}
