import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { FellowshipEntity, UserEntity } from '@homegroup/identity';
import type { SponsorshipStatus } from '../sponsorship.constants';

/**
 * A support relationship between a sponsee (who asked) and a sponsor. Transitions are conditional
 * updates (`WHERE status = …`); see docs/adr/0008-sponsorship-state-machine.md.
 *
 * `uq_sponsorships_pending_pair` (one pending request per pair, whichever direction) is a unique
 * expression index on (least, greatest) of the two ids, created by hand in a migration.
 */
@Entity({ name: 'sponsorships' })
@Check('ck_sponsorships_not_self', '"sponsee_id" <> "sponsor_id"')
@Check(
  'ck_sponsorships_status',
  `"status" IN ('requested', 'active', 'ended', 'declined', 'withdrawn', 'expired')`,
)
@Index('uq_sponsorships_active_primary', ['sponseeId', 'fellowship'], {
  unique: true,
  where: `"status" = 'active' AND "kind" = 'sponsor'`,
})
@Index('uq_sponsorships_pending_pair', { synchronize: false })
@Index('ix_sponsorships_sponsee', ['sponseeId', 'status'])
@Index('ix_sponsorships_sponsor', ['sponsorId', 'status'])
@Index('ix_sponsorships_pending_expiry', ['expiresAt'], { where: `"status" = 'requested'` })
@Index('ix_sponsorships_review_due', ['reviewAt'], {
  where: `"status" = 'active' AND "review_reminded_at" IS NULL`,
})
export class SponsorshipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  sponseeId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sponsee_id' })
  sponsee?: UserEntity;

  @Column('uuid')
  sponsorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sponsor_id' })
  sponsor?: UserEntity;

  /** Fellowship code (NA, AA, …). */
  @Column({ type: 'varchar', length: 16 })
  fellowship: string;

  @ManyToOne(() => FellowshipEntity)
  @JoinColumn({ name: 'fellowship' })
  fellowshipRef?: FellowshipEntity;

  /** One of the fellowship's relationship kinds: sponsor, temporary_sponsor, … */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 16 })
  status: SponsorshipStatus;

  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  /** When the sponsor accepted or declined (or the request was withdrawn or expired). */
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** The party who ended the sponsorship. */
  @Column({ type: 'uuid', nullable: true })
  endedBy: string | null;

  /** A pending request expires at this time (requested_at + 30 days). */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Temporary sponsorships: days from the start to the review (7..365); null means the default (90). */
  @Column({ type: 'smallint', nullable: true })
  reviewInDays: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewRemindedAt: Date | null;

  /**
   * The sponsor's clean date was not earlier than the sponsee's when the request was made (advice shown to
   * both). Decided once, at the request, and never recomputed: a party who changes their own clean date must
   * not learn the other's from a warning that comes and goes (see docs/adr/0018-clean-date-snapshot-expiry-and-atomic-blocks.md).
   */
  @Column({ type: 'boolean', default: false })
  cleanDateWarning: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
