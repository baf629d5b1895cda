import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';

/**
 * A one-time code a member hands over in person. Only the SHA-256 of the code is stored; it is spent by the
 * first member who accepts it, and expires after 24 hours.
 */
@Entity({ name: 'contact_invites' })
@Index('uq_contact_invites_code_hash', ['codeHash'], { unique: true })
@Index('ix_contact_invites_inviter', ['inviterId', 'expiresAt'])
@Index('ix_contact_invites_used_by', ['usedById'])
export class ContactInviteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  inviterId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inviter_id' })
  inviter?: UserEntity;

  /** SHA-256 of the normalized code; the code itself is never stored. */
  @Column({ type: 'bytea' })
  codeHash: Buffer;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** Who accepted it (kept as null when that account is erased). */
  @Column({ type: 'uuid', nullable: true })
  usedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'used_by_id' })
  usedBy?: UserEntity | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
