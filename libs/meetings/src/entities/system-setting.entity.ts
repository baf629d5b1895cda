import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small facts the processes keep about the deployment, e.g. `tz_version`: the zone rules the search slots were built with. */
@Entity({ name: 'system_settings' })
export class SystemSettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 200 })
  value: string;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
