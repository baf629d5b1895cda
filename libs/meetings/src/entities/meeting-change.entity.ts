import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { GroupEntity } from './group.entity';

/**
 * Who changed what of a group and its meetings, and when: the field names, and for a meeting's fields their
 * values before and after (public listing data only, ADR 0042). Kept when a meeting is deleted (no foreign key to
 * it); goes with the group.
 */
@Entity({ name: 'meeting_changes' })
@Index('ix_meeting_changes_group_at', ['groupId', 'at'])
@Index('ix_meeting_changes_actor', ['actorId'])
export class MeetingChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  groupId: string;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: GroupEntity;

  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;

  /** Null once the member who made the change is erased. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: UserEntity;

  /** group.create, group.update, lead.add, lead.remove, meeting.create, meeting.update, meeting.delete, … */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fields: string[];

  /** `{ field: { before, after } }` for each changed meeting field (meeting.update, proposal.approve); null otherwise. */
  @Column({ type: 'jsonb', nullable: true })
  diff: Record<string, { before: unknown; after: unknown }> | null;

  /** The change proposal this change applied (`proposal.approve`), else null. */
  @Column({ type: 'uuid', nullable: true })
  proposalId: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;
}
