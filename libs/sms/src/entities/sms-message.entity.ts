import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';

export const SMS_KINDS = ['sms', 'call'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

/**
 * Statuses of texts and calls as Twilio names them, with their order: a status only ever replaces one of a lower
 * rank (callbacks arrive out of order; a late `sent` never undoes `delivered`). Final ones share the top ranks.
 */
export const SMS_STATUS_RANK = {
  queued: 0,
  accepted: 0,
  scheduled: 0,
  initiated: 1,
  sending: 1,
  ringing: 2,
  sent: 3,
  'in-progress': 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  read: 5,
  completed: 5,
  busy: 5,
  'no-answer': 5,
  canceled: 5,
} as const;
export type SmsStatus = keyof typeof SMS_STATUS_RANK;
export const SMS_STATUSES = Object.keys(SMS_STATUS_RANK) as SmsStatus[];

/**
 * One outbound text or call (ADR 0044): who it is charged to, where it went (encrypted, and its keyed hash for
 * the limits and the opt-outs), what the caller sent it for, and how far it got. The body is never stored.
 */
@Entity({ name: 'sms_messages' })
@Index('ix_sms_messages_member_created', ['memberId', 'createdAt'], { where: '"member_id" IS NOT NULL' })
@Index('ix_sms_messages_to_hash_created', ['toHash', 'createdAt'])
@Index('ix_sms_messages_ref', ['refKind', 'refId'], { where: '"ref_kind" IS NOT NULL' })
@Check('ck_sms_messages_kind', `"kind" IN ('sms', 'call')`)
@Check('ck_sms_messages_status', `"status" IN (${SMS_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class SmsMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Twilio's SM…/CA… id, once the provider accepted it. */
  @Index('uq_sms_messages_provider_sid', { unique: true, where: '"provider_sid" IS NOT NULL' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  providerSid: string | null;

  @Column({ type: 'varchar', length: 8 })
  kind: SmsKind;

  /** Set by the caller: consent, alert, checkin, reply, … */
  @Column({ type: 'varchar', length: 32 })
  purpose: string;

  /**
   * Who it is charged to; null for the service's own texts. Erasing the member deletes their messages (ADR 0038:
   * whom they texted, and when, is theirs); opt-outs are by number and stay.
   */
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: UserEntity;

  /** Keyed hash of the E.164 number (SMS_PHONE_HASH_CONTEXT). */
  @Column({ type: 'varchar', length: 64 })
  toHash: string;

  /** The E.164 number, encrypted (ADR 0037); SmsMessagesRepository seals and opens it. */
  @Column({ type: 'text', name: 'to' })
  to: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  refKind: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  refId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: SmsStatus;

  /** The provider's error code (Twilio's 21211, 21610, 30003, …); 0 for a network failure or timeout. */
  @Column({ type: 'int', nullable: true })
  errorCode: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  statusAt: Date;
}
