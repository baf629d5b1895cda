import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';

/** A member's notification choices. No row = the defaults (neutral lock-screen text). */
@Entity({ name: 'notification_preferences' })
export class NotificationPreferencesEntity {
  @PrimaryColumn('uuid')
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Lock-screen text may say "craving" and the intensity (off by default: "Sam is asking for a call"). */
  @Column({ type: 'boolean', default: false })
  showCravingDetails: boolean;

  /**
   * A phone call when a sponsee's alert reaches "nobody has answered" (ADR 0050; off by default). Turned on only
   * with a phone on the member's profile.
   */
  @Column({ type: 'boolean', default: false })
  callMeWhenNobodyAnswers: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
