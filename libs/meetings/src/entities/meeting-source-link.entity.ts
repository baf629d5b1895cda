import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MeetingEntity } from './meeting.entity';

/**
 * A feed item that is a meeting another source (or a lead) already lists: the import links it here
 * (`duplicate_of`) instead of making a second listing (ADR 0043). Keyed like an imported meeting: the source, its
 * scope (the target group, or '' for a whole feed) and the item's slug.
 */
@Entity({ name: 'meeting_source_links' })
@Index('ix_meeting_source_links_meeting', ['duplicateOf'])
export class MeetingSourceLinkEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  source: string;

  /** The target group's id, or '' for a whole-feed import. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  scope: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  sourceSlug: string;

  @Column('uuid')
  duplicateOf: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'duplicate_of' })
  meeting?: MeetingEntity;

  @Column({ type: 'timestamptz' })
  linkedAt: Date;
}
