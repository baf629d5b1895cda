import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '@homegroup/identity';
import type { AvailabilityWindow } from '../availability';
import { ContactLinkEntity } from './contact-link.entity';

/**
 * One side of a contact link: what the OWNER holds and decides about the OTHER member. Its id is the
 * `contactId` of the API. Only the owner can change it.
 */
@Entity({ name: 'contacts' })
@Index('uq_contacts_owner_other', ['ownerId', 'otherId'], { unique: true })
@Index('ix_contacts_other', ['otherId'])
@Index('ix_contacts_link', ['linkId'])
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  linkId: string;

  @ManyToOne(() => ContactLinkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'link_id' })
  link?: ContactLinkEntity;

  @Column('uuid')
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  @Column('uuid')
  otherId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'other_id' })
  other?: UserEntity;

  /** The owner's consent to receive the other member's craving alerts. Off until the owner gives it. */
  @Column({ type: 'boolean', default: false })
  acceptsAlerts: boolean;

  /** Whether the owner shows their phone number to the other member. */
  @Column({ type: 'boolean', default: false })
  sharePhone: boolean;

  /** When the owner can be called, in the owner's own time zone; empty = any time. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  availability: AvailabilityWindow[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
