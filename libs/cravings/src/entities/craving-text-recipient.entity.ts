import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OutsideContactEntity } from '@homegroup/phone-list';
import { CravingEntity } from './craving.entity';

/** The statuses a text's provider reports (libs/sms), as far as the owner's view cares. */
export const CRAVING_TEXT_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read'] as const;

/**
 * One outside contact (no account; ADR 0045) who consented to the owner's alerts, snapshotted when the alert was
 * raised (ADR 0049): the step at which they are texted and what happened. The owner's own alert data: goes with
 * the alert (CASCADE); the contact's removal keeps the row (SET NULL) so the owner's history stays whole. `name`
 * is the owner's label for them, plain like every display name (ADR 0037 encrypts numbers and notes); the number
 * is never copied here: it is read (and decrypted) from outside_contacts when the text is sent.
 */
@Entity({ name: 'craving_text_recipients' })
@Index('ix_craving_text_recipients_craving', ['cravingId'])
@Index('ix_craving_text_recipients_contact', ['outsideContactId'], { where: '"outside_contact_id" IS NOT NULL' })
@Check('ck_craving_text_recipients_status', `"delivery_status" IS NULL OR "delivery_status" IN (${CRAVING_TEXT_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class CravingTextRecipientEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  cravingId: string;

  @ManyToOne(() => CravingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'craving_id' })
  craving?: CravingEntity;

  @Column({ type: 'uuid', nullable: true })
  outsideContactId: string | null;

  @ManyToOne(() => OutsideContactEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'outside_contact_id' })
  outsideContact?: OutsideContactEntity;

  /** The owner's name for them when the alert was raised ("Jo (by text)"). */
  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** Place in the alert's order, one sequence with craving_recipients.priority. */
  @Column({ type: 'smallint' })
  priority: number;

  /** The escalation step at which they are texted (0, 1 or 2). */
  @Column({ type: 'smallint' })
  step: number;

  /** Claimed for sending (the conditional update that makes a text go once). */
  @Column({ type: 'timestamptz', nullable: true })
  notifiedAt: Date | null;

  /** Not texted: their consent was no longer `given`, or the contact was removed, when their step fired. */
  @Column({ type: 'timestamptz', nullable: true })
  skippedAt: Date | null;

  /** sms_messages.id of the alert text (no foreign key: libs/sms owns that table and prunes it on its own). */
  @Column({ type: 'uuid', nullable: true })
  smsMessageId: string | null;

  /** The provider's latest status of the alert text. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  deliveryStatus: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  statusAt: Date | null;

  /** Refused before sending, not taken by the provider, or reported failed/undelivered: the ladder moved on. */
  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  /** They replied "1" (or yes/ok) to the alert text. */
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** The closing text ("Sam is OK now") was claimed for sending. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
