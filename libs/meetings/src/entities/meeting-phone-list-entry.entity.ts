import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { MeetingEntity } from './meeting.entity';

/** A member who put their name on a meeting's phone list (only members on the same list see it). */
@Entity({ name: 'meeting_phone_list_entries' })
@Index('ix_meeting_phone_list_entries_user', ['userId'])
export class MeetingPhoneListEntryEntity {
  @PrimaryColumn('uuid')
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: MeetingEntity;

  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
