import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CravingOutcome } from '@homegroup/contracts';
import { UserEntity } from '@homegroup/identity';

export const CRAVING_STATES = ['triggered', 'acknowledged', 'resolved'] as const;
export type CravingState = (typeof CRAVING_STATES)[number];
export const CRAVING_TRIGGERS = ['environmental', 'emotional', 'physical', 'other'] as const;
export type CravingTrigger = (typeof CRAVING_TRIGGERS)[number];
export const CRAVING_OUTCOMES = ['passed', 'struggling', 'used'] as const satisfies readonly CravingOutcome[];

/** The escalation policy as it was when the alert was raised: later edits never change a running alert. */
export type PolicySnapshot = {
  nextContactsAfterSeconds: number;
  everyoneAfterSeconds: number;
  nobodyAnsweredAfterSeconds: number;
  overdoseRiskCard: boolean;
};

/**
 * A craving alert. Belongs to its owner (erased with them). The note is the owner's alone: never shown to
 * recipients, never logged. `step` is the last escalation step fired (0 at creation), moved only forward by
 * conditional updates, so each step fires at most once.
 */
@Entity({ name: 'cravings' })
@Check('ck_cravings_state', `"state" IN ('triggered', 'acknowledged', 'resolved')`)
@Check('ck_cravings_intensity', `"intensity" BETWEEN 1 AND 10`)
@Check('ck_cravings_trigger', `"trigger" IS NULL OR "trigger" IN ('environmental', 'emotional', 'physical', 'other')`)
@Check('ck_cravings_outcome', `"outcome" IS NULL OR "outcome" IN ('passed', 'struggling', 'used')`)
@Index('ix_cravings_owner_created', ['ownerId', 'createdAt', 'id'])
@Index('ix_cravings_owner_open', ['ownerId', 'createdAt'], { where: `"state" <> 'resolved'` })
export class CravingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  @Column({ type: 'varchar', length: 16, default: 'triggered' })
  state: CravingState;

  @Column({ type: 'smallint' })
  intensity: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  trigger: CravingTrigger | null;

  /** The owner's own words: never shown to recipients, never logged. Stored encrypted (ADR 0037). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb' })
  policy: PolicySnapshot;

  /** The last escalation step fired: 0 at creation, 1 next contacts, 2 everyone, 3 "nobody has answered". */
  @Column({ type: 'smallint', default: 0 })
  step: number;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** When the owner was told that nobody has answered (or that there was nobody to page). */
  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: CravingOutcome | null;

  /** The owner's note when resolving: theirs alone. Stored encrypted (ADR 0037). */
  @Column({ type: 'text', nullable: true })
  outcomeNote: string | null;

  @Column({ type: 'boolean', default: false })
  shareOutcome: boolean;

  @Column({ type: 'boolean', default: false })
  autoResolved: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  checkinSentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  morningCheckinSentAt: Date | null;
}
