import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * One refresh token of a login session. Tokens of one login form a family: each refresh uses one token
 * and issues the next; presenting a used token again revokes the whole family (theft detection).
 */
@Entity({ name: 'refresh_tokens' })
@Index('ix_refresh_tokens_family', ['familyId'])
@Index('ix_refresh_tokens_user', ['userId'])
export class RefreshTokenEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column('uuid')
  familyId: string;

  /** SHA-256 of the token's secret part; the secret itself is never stored. */
  @Column({ type: 'bytea' })
  secretHash: Buffer;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Set when the token was exchanged for the next one. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
