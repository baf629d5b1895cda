import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { FellowshipEntity, UserEntity } from '@homegroup/identity';

/**
 * A group (home group, trusted servants) that holds meetings. Unpublished groups and their meetings are
 * seen by their leads and admins only. Imported groups remember their source and name, so a re-import
 * finds them again.
 */
export const DEFAULT_VERIFICATION_CADENCE_DAYS = 90;
export const MIN_VERIFICATION_CADENCE_DAYS = 7;
export const MAX_VERIFICATION_CADENCE_DAYS = 365;

@Entity({ name: 'groups' })
@Check('ck_groups_verification_cadence', `"verification_cadence_days" BETWEEN ${MIN_VERIFICATION_CADENCE_DAYS} AND ${MAX_VERIFICATION_CADENCE_DAYS}`)
@Index('uq_groups_source_key', ['source', 'sourceKey'], { unique: true, where: '"source" IS NOT NULL' })
// Erasing a member sets these to NULL: without an index each erasure scans the whole table.
@Index('ix_groups_created_by', ['createdBy'], { where: '"created_by" IS NOT NULL' })
@Index('ix_groups_updated_by', ['updatedBy'], { where: '"updated_by" IS NOT NULL' })
export class GroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  fellowship: string;

  @ManyToOne(() => FellowshipEntity)
  @JoinColumn({ name: 'fellowship' })
  fellowshipRef?: FellowshipEntity;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  @Column({ type: 'boolean', default: false })
  published: boolean;

  /** Days a meeting listing stays verified after a lead confirms or edits it; then it is shown `unverified` (ADR 0042). */
  @Column({ type: 'smallint', default: DEFAULT_VERIFICATION_CADENCE_DAYS })
  verificationCadenceDays: number;

  /** The import source that created it (`POST /imports/meeting-guide`), null when made through the API. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  source: string | null;

  /** The group's key within its source (the feed's `group` name, lower case). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceKey: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by' })
  updater?: UserEntity;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
