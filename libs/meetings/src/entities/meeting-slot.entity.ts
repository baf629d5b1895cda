import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MeetingEntity } from './meeting.entity';

/**
 * The search index of listed meetings: one row per weekday and UTC offset the meeting's zone uses in
 * the coming year (see `slotsOf`), with the place copied from its location. Only meetings of published
 * groups that can occur have rows. `(cell, start_mow)` serves "near here, starting soon" with both
 * predicates as index conditions: `cell` is the place's square of the search grid (`placeCell` in libs/geo),
 * so a radius search reads the few cells around the point whatever the size of the catalogue (ADR 0014,
 * ADR 0047); `start_mow` alone serves searches without a place.
 */
@Entity({ name: 'meeting_slots' })
@Index('ix_meeting_slots_cell_time', ['cell', 'startMow'], { where: '"cell" IS NOT NULL' })
@Index('ix_meeting_slots_time', ['startMow'])
@Index('ix_meeting_slots_irregular', ['meetingId'], { where: 'NOT "regular"' })
export class MeetingSlotEntity {
  @PrimaryColumn('uuid')
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: MeetingEntity;

  /** Local weekday, 0 = Sunday. */
  @PrimaryColumn({ type: 'smallint' })
  weekday: number;

  /** UTC minute of the week (Sunday 00:00 UTC = 0) under one of the zone's offsets. */
  @PrimaryColumn({ type: 'smallint' })
  startMow: number;

  /** Local start, minutes after midnight. */
  @Column({ type: 'smallint' })
  localStart: number;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  /** The grid cell of (lat, lng) (`placeCellSql`, written with the slot); null without a place. */
  @Column({ type: 'integer', nullable: true })
  cell: number | null;

  /**
   * False when the next occurrence may be more than a week away (an RRULE, exceptions, a status with an
   * until date): searches past the first week look at these rows only.
   */
  @Column({ type: 'boolean' })
  regular: boolean;
}
