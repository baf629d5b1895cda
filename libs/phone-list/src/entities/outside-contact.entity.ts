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
import { UserEntity } from '@homegroup/identity';

export const ALERT_CONSENT_STATES = ['none', 'asked', 'given', 'withdrawn'] as const;
export type AlertConsentState = (typeof ALERT_CONSENT_STATES)[number];

/** How many people without the app one member may keep on their phone list. */
export const OUTSIDE_CONTACTS_PER_OWNER = 200;

/**
 * Someone on the OWNER's phone list who has no account (most of an NA phone list). The owner's own data: only the
 * owner sees it, it is exported with their account and erased with it. The phone and the notes are stored
 * encrypted (ADR 0037); `phone_hash` (keyed HMAC of the E.164 number) makes one number once per owner. The consent
 * columns belong to the consent-by-text flow (ADR 0045): consent belongs to a number, so a new number resets it.
 */
@Entity({ name: 'outside_contacts' })
@Check('ck_outside_contacts_alert_consent', `"alert_consent" IN ('none', 'asked', 'given', 'withdrawn')`)
@Index('uq_outside_contacts_owner_phone', ['ownerId', 'phoneHash'], { unique: true })
// An inbound STOP withdraws consent for every owner of the number (ADR 0048): looked up by the hash alone.
@Index('ix_outside_contacts_phone_hash', ['phoneHash'])
@Index('ix_outside_contacts_meeting', ['meetingId'], { where: '"meeting_id" IS NOT NULL' })
export class OutsideContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** E.164, encrypted (`v1:…`). */
  @Column({ type: 'text' })
  phone: string;

  /** Keyed hash (HMAC-SHA256, `FIELD_HASH_KEY`) of the E.164 number. */
  @Column({ type: 'varchar', length: 64 })
  phoneHash: string;

  /** Where the owner met them; null when not said, or once the meeting is deleted. */
  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;

  // By name: libs/meetings depends on this library, not the other way round.
  @ManyToOne('MeetingEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: unknown;

  /** The owner's own words (≤ 1000 by the API); encrypted, never logged. */
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /**
   * Whether they agreed (by text) to get the owner's craving alerts (ADR 0048): `none` until asked, `asked` once the
   * consent text went, `given` after their YES, `withdrawn` after their STOP (only a new ask, after START, leaves it).
   */
  @Column({ type: 'varchar', length: 16, default: 'none' })
  alertConsent: AlertConsentState;

  @Column({ type: 'timestamptz', nullable: true })
  consentAskedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  consentChangedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
