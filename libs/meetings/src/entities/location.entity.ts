import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { GroupEntity } from './group.entity';

/**
 * Where a group meets. Shared by the group's meetings at the same place (found again by `fingerprint`, a
 * hash of every field). `approximate` marks a city- or neighbourhood-level place (an online meeting's
 * area): the search never reports a distance to it.
 */
@Entity({ name: 'locations' })
@Check('ck_locations_point', '("lat" IS NULL) = ("lng" IS NULL)')
@Check('ck_locations_lat', '"lat" IS NULL OR "lat" BETWEEN -90 AND 90')
@Check('ck_locations_lng', '"lng" IS NULL OR "lng" BETWEEN -180 AND 180')
@Index('uq_locations_group_fingerprint', ['groupId', 'fingerprint'], { unique: true })
export class LocationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  groupId: string;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: GroupEntity;

  /** Building or landmark: "St. Mark's Church". */
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  /** Street address. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;

  /** State, province or region. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  state: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  postalCode: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  country: string | null;

  @Column({ type: 'varchar', length: 400 })
  formattedAddress: string;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  @Column({ type: 'boolean', default: false })
  approximate: boolean;

  /** IANA zone of the place. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** General to specific: ["Brooklyn", "Park Slope"]. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  regions: string[];

  /** Notes for every meeting here ("use the side door"). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes: string | null;

  /** SHA-256 of all the fields above: the same place given again is the same row. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;
}
