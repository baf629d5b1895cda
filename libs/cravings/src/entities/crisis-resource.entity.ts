import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CrisisResource } from '@homegroup/contracts';

/** Crisis lines and emergency numbers per country (reference data, seeded by a migration). */
@Entity({ name: 'crisis_resources' })
@Check('ck_crisis_resources_kind', `"kind" IN ('crisis_line', 'helpline', 'emergency')`)
@Index('ix_crisis_resources_country_sort', ['country', 'sort'])
export class CrisisResourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** ISO 3166-1 alpha-2, upper case. */
  @Column({ type: 'varchar', length: 2 })
  country: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CrisisResource['kind'];

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  sms: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  url: string | null;

  @Column({ type: 'varchar', length: 500 })
  description: string;

  @Column({ type: 'smallint', default: 0 })
  sort: number;
}
