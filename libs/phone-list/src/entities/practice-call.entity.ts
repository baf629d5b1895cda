import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { ContactEntity } from './contact.entity';
import { OutsideContactEntity } from './outside-contact.entity';

export const PRACTICE_CALL_OUTCOMES = ['connected', 'voicemail', 'no_answer'] as const;
export type PracticeCallOutcome = (typeof PRACTICE_CALL_OUTCOMES)[number];

/**
 * A call a member made while fine, to practise reaching out. It belongs to the caller: it survives the
 * contact's removal (the streak is the caller's own), and is erased with the caller's account.
 */
@Entity({ name: 'practice_calls' })
@Check('ck_practice_calls_outcome', `"outcome" IN ('connected', 'voicemail', 'no_answer')`)
// A call is to a member contact or to someone without the app, never both (either is null once removed).
@Check('ck_practice_calls_one_callee', `"contact_id" IS NULL OR "outside_contact_id" IS NULL`)
@Index('ix_practice_calls_caller_called_at', ['callerId', 'calledAt'])
@Index('ix_practice_calls_caller_local_date', ['callerId', 'localDate'])
@Index('ix_practice_calls_caller_callee', ['callerId', 'calleeId', 'calledAt'])
@Index('ix_practice_calls_callee', ['calleeId'])
@Index('ix_practice_calls_contact', ['contactId'])
@Index('ix_practice_calls_outside_contact', ['outsideContactId'], { where: '"outside_contact_id" IS NOT NULL' })
export class PracticeCallEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  callerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caller_id' })
  caller?: UserEntity;

  /** The member called; null once their account is erased. */
  @Column({ type: 'uuid', nullable: true })
  calleeId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'callee_id' })
  callee?: UserEntity | null;

  /** The caller's contact row; null once the contact link is removed. */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @ManyToOne(() => ContactEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id' })
  contact?: ContactEntity | null;

  /** The caller's contact without the app; null once the caller removes them (the call still counts). */
  @Column({ type: 'uuid', nullable: true })
  outsideContactId: string | null;

  @ManyToOne(() => OutsideContactEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'outside_contact_id' })
  outsideContact?: OutsideContactEntity | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: PracticeCallOutcome;

  /** The caller's own words; never logged, never shown to anyone else. Stored encrypted (ADR 0037). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz' })
  calledAt: Date;

  /** The caller's calendar day when the call was logged, in their time zone then (streaks count these). */
  @Column({ type: 'date' })
  localDate: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
