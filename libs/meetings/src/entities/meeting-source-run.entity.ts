import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MeetingSourceEntity } from './meeting-source.entity';

export const SOURCE_RUN_STATUSES = ['queued', 'running', 'imported', 'not-modified', 'failed'] as const;
export type SourceRunStatus = (typeof SOURCE_RUN_STATUSES)[number];
export type SourceRunLink = { slug: string; meetingId: string; linkedSource: string | null };

/** One fetch of a meeting source and what its import did (counts only, and the links it made instead of creating). */
@Entity({ name: 'meeting_source_runs' })
@Index('ix_meeting_source_runs_source', ['sourceId', 'queuedAt'])
export class MeetingSourceRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  sourceId: string;

  @ManyToOne(() => MeetingSourceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: MeetingSourceEntity;

  /** `schedule` (its cadence) or `manual` (POST …/run). */
  @Column({ type: 'varchar', length: 16 })
  trigger: 'schedule' | 'manual';

  @Column({ type: 'varchar', length: 16 })
  status: SourceRunStatus;

  @Column({ type: 'smallint', nullable: true })
  httpStatus: number | null;

  @Column({ type: 'boolean', default: false })
  notModified: boolean;

  @Column({ type: 'integer', nullable: true })
  total: number | null;

  @Column({ type: 'integer', default: 0 })
  created: number;

  @Column({ type: 'integer', default: 0 })
  updated: number;

  @Column({ type: 'integer', default: 0 })
  unchanged: number;

  @Column({ type: 'integer', default: 0 })
  missing: number;

  @Column({ type: 'integer', default: 0 })
  rejected: number;

  /** Items that were another source's meeting: linked to it instead of created (slug, that meeting). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  links: SourceRunLink[];

  /** Why the run failed, in words without the URL or anything the feed sent. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz' })
  queuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
