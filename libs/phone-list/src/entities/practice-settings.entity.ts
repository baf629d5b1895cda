import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';

/** A member's practice-call goal and daily reminder. No row = goal 1, no reminder. */
@Entity({ name: 'practice_settings' })
@Check('ck_practice_settings_daily_goal', '"daily_goal" BETWEEN 1 AND 10')
export class PracticeSettingsEntity {
  @PrimaryColumn('uuid')
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'smallint', default: 1 })
  dailyGoal: number;

  /** Local wall-clock time `HH:MM` of the daily reminder; null = no reminder. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  reminderTime: string | null;

  /** The member's local day of the last reminder, so it is sent at most once a day. */
  @Column({ type: 'date', nullable: true })
  lastRemindedOn: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
