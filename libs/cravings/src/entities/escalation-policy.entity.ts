import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';

export const DEFAULT_POLICY = {
  firstResponderIds: [] as string[],
  nextContactsAfterSeconds: 120,
  everyoneAfterSeconds: 300,
  nobodyAnsweredAfterSeconds: 600,
  sponsorBreakthrough: true,
  overdoseRiskCard: false,
};

/**
 * A member's own escalation settings (absent row = the defaults): who answers first, the step delays, whether
 * their alerts as a SPONSOR may break through their quiet hours, and the overdose-risk card opt-in.
 */
@Entity({ name: 'escalation_policies' })
@Check('ck_escalation_policies_delays', `"next_contacts_after_seconds" >= 1 AND "everyone_after_seconds" >= "next_contacts_after_seconds" AND "nobody_answered_after_seconds" >= "everyone_after_seconds" AND "nobody_answered_after_seconds" <= 3600`)
export class EscalationPolicyEntity {
  @PrimaryColumn('uuid')
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Members (consenting contacts) asked at step 0 with the sponsors, in this order. Empty: the default. */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  firstResponderIds: string[];

  @Column({ type: 'integer', default: 120 })
  nextContactsAfterSeconds: number;

  @Column({ type: 'integer', default: 300 })
  everyoneAfterSeconds: number;

  @Column({ type: 'integer', default: 600 })
  nobodyAnsweredAfterSeconds: number;

  /** As a sponsor: my sponsees' alerts reach me outside my available hours (default yes). */
  @Column({ type: 'boolean', default: true })
  sponsorBreakthrough: boolean;

  /** Show me the overdose-risk card when I resolve an alert with "used". */
  @Column({ type: 'boolean', default: false })
  overdoseRiskCard: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
