import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { GroupEntity } from './group.entity';
import { MeetingEntity } from './meeting.entity';

export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/**
 * A member's proposed correction of a listing, field by field, with a note (ADR 0042). The group's leads (admins when
 * it has none) approve it, which applies `changes` through the meeting writer, or reject it. `base` holds the
 * listing's values of the touched fields when it was proposed: when they changed since, the proposal is stale.
 */
@Entity({ name: 'meeting_change_proposals' })
@Check('ck_meeting_change_proposals_status', `"status" IN ('pending', 'approved', 'rejected')`)
@Check('ck_meeting_change_proposals_decided', `("status" = 'pending') = ("decided_at" IS NULL)`)
@Index('ix_meeting_change_proposals_group', ['groupId', 'status', 'createdAt'])
@Index('ix_meeting_change_proposals_meeting', ['meetingId'])
@Index('ix_meeting_change_proposals_proposer', ['proposerId'])
@Index('ix_meeting_change_proposals_decided_by', ['decidedBy'], { where: '"decided_by" IS NOT NULL' })
export class MeetingChangeProposalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  groupId: string;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: GroupEntity;

  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: MeetingEntity;

  /** Goes with the member's account (their note is theirs); the change log keeps what an approval changed. */
  @Column('uuid')
  proposerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposer_id' })
  proposer?: UserEntity;

  /** The proposed fields, in the shape of PATCH /meetings/{id}. */
  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;

  /** The change log's names of the fields it changes. */
  @Column({ type: 'text', array: true })
  fields: string[];

  /** The listing's values of those fields when it was proposed (the stale check). */
  @Column({ type: 'jsonb' })
  base: Record<string, unknown>;

  /** The proposer's note to the leads; never logged. */
  @Column({ type: 'varchar', length: 1000 })
  note: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ProposalStatus;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'decided_by' })
  decider?: UserEntity;
}
