import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { GroupEntity } from './group.entity';
import { LocationEntity } from './location.entity';

export const ATTENDANCE_MODES = ['in_person', 'online', 'hybrid'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];
export const MEETING_STATUSES = ['active', 'temporarily_closed', 'suspended'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MIN_DURATION_MINUTES = 5;
/** Also bounds the "in progress" search window. */
export const MAX_DURATION_MINUTES = 360;

/**
 * A meeting of a group: a schedule in its own IANA zone (weekly on `weekdays` at `start_time`, or an
 * RRULE anchored on `starts_on`), explicit attendance mode and status, Meeting Guide / fellowship type
 * codes and BCP 47 languages. `slug` is made once from the name and never changes. Imported meetings
 * remember their source and the source's slug (unique together: across groups for an admin's feed import,
 * within the group for a lead's), and a hash of the row last imported.
 * Its search slots live in `meeting_slots`, rewritten with every change.
 */
@Entity({ name: 'meetings' })
@Check('ck_meetings_attendance', `"attendance" IN ('in_person', 'online', 'hybrid')`)
@Check('ck_meetings_status', `"status" IN ('active', 'temporarily_closed', 'suspended')`)
@Check('ck_meetings_status_until', `"status" <> 'active' OR "status_until" IS NULL`)
@Check('ck_meetings_duration', `"duration_minutes" BETWEEN ${MIN_DURATION_MINUTES} AND ${MAX_DURATION_MINUTES}`)
@Check('ck_meetings_start_time', `"start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`)
@Check('ck_meetings_source', '("source" IS NULL) = ("source_slug" IS NULL)')
@Index('uq_meetings_slug', ['slug'], { unique: true })
@Check('ck_meetings_source_scope', 'NOT "source_group_scoped" OR "source" IS NOT NULL')
// An admin's feed import owns (source, slug) across groups; a lead's import owns it only within its group.
@Index('uq_meetings_source_slug', ['source', 'sourceSlug'], { unique: true, where: '"source" IS NOT NULL AND NOT "source_group_scoped"' })
@Index('uq_meetings_group_source_slug', ['groupId', 'source', 'sourceSlug'], { unique: true, where: '"source_group_scoped"' })
@Index('ix_meetings_group', ['groupId'])
@Index('ix_meetings_location', ['locationId'])
// An import's search for another source's listing of the same meeting starts from the local start (ADR 0043).
@Index('ix_meetings_start_time', ['startTime'])
// Erasing a member sets these to NULL: without an index each erasure scans every meeting.
@Index('ix_meetings_created_by', ['createdBy'], { where: '"created_by" IS NOT NULL' })
@Index('ix_meetings_updated_by', ['updatedBy'], { where: '"updated_by" IS NOT NULL' })
export class MeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  groupId: string;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: GroupEntity;

  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'uuid', nullable: true })
  locationId: string | null;

  @ManyToOne(() => LocationEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'location_id' })
  location?: LocationEntity | null;

  /** IANA zone the schedule is in. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** Local weekdays, 0 = Sunday. */
  @Column({ type: 'smallint', array: true })
  weekdays: number[];

  /** Local "HH:MM". */
  @Column({ type: 'varchar', length: 5 })
  startTime: string;

  @Column({ type: 'smallint' })
  durationMinutes: number;

  /** RRULE body without DTSTART (FREQ=MONTHLY;BYDAY=2TU), null for weekly on `weekdays`. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  rrule: string | null;

  /** Local date of the first possible occurrence. */
  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'varchar', length: 16 })
  attendance: AttendanceMode;

  @Column({ type: 'varchar', length: 24, default: 'active' })
  status: MeetingStatus;

  /** Last local date the status applies; the meeting is active again after it. Null: until changed. */
  @Column({ type: 'date', nullable: true })
  statusUntil: string | null;

  /** Meeting Guide codes and fellowship format codes (unknown imported codes are kept). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  types: string[];

  /** BCP 47 tags. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  conferenceUrl: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  conferenceUrlNotes: string | null;

  /** Dial string: digits, +, comma, *, #. Public meeting data, still never logged. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  conferencePhone: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  conferencePhoneNotes: string | null;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  notes: string | null;

  /**
   * When the listing was last known right: set on create, by a lead's verify and by every lead edit. Null on rows
   * older than ADR 0042 (created_at counts then). Past the group's cadence the listing is `unverified`.
   */
  @Column({ type: 'timestamptz', nullable: true })
  lastVerifiedAt: Date | null;

  /**
   * When enough distinct members reported the listing within two weeks (LISTING_REPORT_THRESHOLD): it shows
   * `reported` with the reasons until a lead verifies or edits it (ADR 0042).
   */
  @Column({ type: 'timestamptz', nullable: true })
  reportedAt: Date | null;

  /** The reasons of the open reports while `reported_at` is set (empty otherwise). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  reportedReasons: string[];

  /** When the group's leads were last reminded that this listing is due for a check (ADR 0042). */
  @Column({ type: 'timestamptz', nullable: true })
  verificationRemindedAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  source: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceSlug: string | null;

  /**
   * True when a lead's import (into one group) made the row: its (source, slug) is then the group's own,
   * unseen by imports into other groups and by admins' whole-feed imports of the same source.
   */
  @Column({ type: 'boolean', default: false })
  sourceGroupScoped: boolean;

  /** SHA-256 of the normalised row last imported: an identical row is "unchanged". */
  @Column({ type: 'varchar', length: 64, nullable: true })
  sourceHash: string | null;

  /** Name, group, location and address in lower case, for the free-text filter. */
  @Column({ type: 'text', default: '' })
  searchText: string;

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

  /** Set from the app's Clock with every change (an import sets the feed's own `updated`). */
  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
