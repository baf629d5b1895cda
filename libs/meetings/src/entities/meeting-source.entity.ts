import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { GroupEntity } from './group.entity';

export const MEETING_SOURCE_FORMATS = ['meeting-guide', 'bmlt'] as const;
export type MeetingSourceFormat = (typeof MEETING_SOURCE_FORMATS)[number];

/**
 * A feed fetched on a cadence and imported with the Meeting Guide importer (ADR 0043): into one group (a lead's
 * own) or as a whole feed (admins). `etag`/`lastModified` come from the last successful fetch and make the next
 * one conditional.
 */
@Entity({ name: 'meeting_sources' })
@Index('ix_meeting_sources_due', ['nextRunAt'])
@Index('ix_meeting_sources_group', ['groupId'], { where: '"group_id" IS NOT NULL' })
@Index('ix_meeting_sources_created_by', ['createdBy'], { where: '"created_by" IS NOT NULL' })
@Check('ck_meeting_sources_cadence', '"cadence_minutes" BETWEEN 1 AND 10080')
@Check('ck_meeting_sources_format', `"format" IN ('meeting-guide', 'bmlt')`)
export class MeetingSourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** http(s) URL of the feed; may carry a key in its query, so it is never logged nor put in a run's error. */
  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'varchar', length: 16 })
  format: MeetingSourceFormat;

  /** The target group; null: a whole feed (groups made per the feed's `group`). */
  @Column({ type: 'uuid', nullable: true })
  groupId: string | null;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: GroupEntity;

  /** For items without a timezone. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fellowship: string | null;

  @Column({ type: 'integer' })
  cadenceMinutes: number;

  @Column({ type: 'varchar', length: 300, nullable: true })
  etag: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  lastModified: string | null;

  /** When the minute job next queues a run. */
  @Column({ type: 'timestamptz' })
  nextRunAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
