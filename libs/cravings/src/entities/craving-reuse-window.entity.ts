import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import { CravingEntity } from './craving.entity';

/**
 * A member's latest alert and until when a new tap joins it instead of paging everyone again (created + 10
 * minutes, or when it was resolved). One row per member: creating an alert claims it with
 * `INSERT … ON CONFLICT (owner_id) DO UPDATE … WHERE reuse_until <= now`, which PostgreSQL re-checks on the
 * locked row, so two taps at once cannot both page (the create is one statement, no advisory lock).
 */
@Entity({ name: 'craving_reuse_windows' })
@Index('ix_craving_reuse_windows_craving', ['cravingId'])
export class CravingReuseWindowEntity {
  @PrimaryColumn('uuid')
  ownerId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  @Column('uuid')
  cravingId: string;

  @ManyToOne(() => CravingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'craving_id' })
  craving?: CravingEntity;

  @Column({ type: 'timestamptz' })
  reuseUntil: Date;
}
