import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '@homegroup/identity';

/**
 * A member's offer to sponsor: what discovery (`GET /sponsors`) shows, and the capacity that accepting a
 * request checks. The location is approximate by construction (rounded to 2 decimals, about 1 km).
 *
 * `ix_sponsor_profiles_discovery_order` (active_sponsee_count, created_at DESC, user_id) WHERE available is
 * created by hand in a migration: TypeORM cannot declare a descending key.
 */
@Entity({ name: 'sponsor_profiles' })
@Check('ck_sponsor_profiles_max_sponsees', '"max_sponsees" BETWEEN 1 AND 20')
@Check('ck_sponsor_profiles_location', '("lat" IS NULL) = ("lng" IS NULL)')
@Index('ix_sponsor_profiles_fellowships', ['fellowships'], { type: 'gin', where: '"available"' })
@Index('ix_sponsor_profiles_languages', ['languages'], { type: 'gin', where: '"available"' })
@Index('ix_sponsor_profiles_location', ['lat', 'lng'], { where: '"available" AND "lat" IS NOT NULL' })
@Index('ix_sponsor_profiles_discovery_order', { synchronize: false })
export class SponsorProfileEntity {
  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Shown in discovery and open to new requests. */
  @Column({ type: 'boolean' })
  available: boolean;

  @Column({ type: 'smallint' })
  maxSponsees: number;

  /** Codes of fellowships that have sponsors (NA, AA, …), upper case. */
  @Column({ type: 'text', array: true })
  fellowships: string[];

  /** BCP 47 tags the sponsor can talk in. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  bio: string | null;

  /** Free text such as "Brooklyn, NY". */
  @Column({ type: 'varchar', length: 80, nullable: true })
  region: string | null;

  /** Approximate latitude (2 decimals). */
  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  /** Approximate longitude (2 decimals). */
  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  /**
   * Active sponsorships of the capacity kinds where this member is the sponsor. Kept in the same
   * transaction as accept and end (and by a trigger when a sponsee's account is erased).
   */
  @Column({ type: 'integer', default: 0 })
  activeSponseeCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
