import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '@homegroup/identity';

/**
 * One browser's Web Push subscription (`PushSubscription.toJSON()`): where to send and the keys to encrypt
 * for it. No user agent or device name is kept. A subscription that the push service answers 404/410 for,
 * or that fails five times in a row, is deleted.
 */
@Entity({ name: 'push_subscriptions' })
@Index('ix_push_subscriptions_user', ['userId'])
export class PushSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** The push service URL of this subscription: a capability, never logged. One member holds it at a time. */
  @Index('uq_push_subscriptions_endpoint', { unique: true })
  @Column({ type: 'text' })
  endpoint: string;

  /** The browser's P-256 public key (uncompressed point, base64url). */
  @Column({ type: 'text' })
  p256dh: string;

  /** The browser's 16-byte authentication secret (base64url). */
  @Column({ type: 'text' })
  auth: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  /** Consecutive failed sends (reset by a success); the subscription is deleted at five. */
  @Column({ type: 'smallint', default: 0 })
  failureCount: number;
}
