import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored trimmed and lower-cased, so uniqueness is case-insensitive. Never shown to peers. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  /** What peers see. */
  @Column({ type: 'varchar', length: 40 })
  displayName: string;

  /** IANA time zone, e.g. America/New_York. */
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  /** E.164; private unless the member shares it with a contact. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phone: string | null;

  /** Private by default. */
  @Column({ type: 'date', nullable: true })
  cleanDate: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fellowships: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
