import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '@homegroup/identity';

export const CONTACT_LINK_SOURCES = ['invite', 'meeting'] as const;
export type ContactLinkSource = (typeof CONTACT_LINK_SOURCES)[number];

/**
 * Two members who hold each other on their phone lists. Symmetric: one row per pair, the smaller id first,
 * so a pair can only be linked once. Each side's settings live in its own `contacts` row.
 */
@Entity({ name: 'contact_links' })
@Check('ck_contact_links_ordered', '"member_a_id" < "member_b_id"')
@Check('ck_contact_links_source', `"source" IN ('invite', 'meeting')`)
@Index('uq_contact_links_pair', ['memberAId', 'memberBId'], { unique: true })
@Index('ix_contact_links_member_b', ['memberBId'])
export class ContactLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberAId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_a_id' })
  memberA?: UserEntity;

  @Column('uuid')
  memberBId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_b_id' })
  memberB?: UserEntity;

  /** How the link was made: an invite code handed over in person, or a meeting's phone list. */
  @Column({ type: 'varchar', length: 16 })
  source: ContactLinkSource;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
