import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { GroupEntity } from './group.entity';

/** A lead (trusted servant) of a group: may create, edit, cancel and delete its meetings and add co-leads. */
@Entity({ name: 'group_leads' })
@Index('ix_group_leads_user', ['userId'])
@Index('ix_group_leads_added_by', ['addedBy'], { where: '"added_by" IS NOT NULL' })
export class GroupLeadEntity {
  @PrimaryColumn('uuid')
  groupId: string;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: GroupEntity;

  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Who made them a lead (null for the group's creator, or once that member is erased). */
  @Column({ type: 'uuid', nullable: true })
  addedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'added_by' })
  adder?: UserEntity;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
