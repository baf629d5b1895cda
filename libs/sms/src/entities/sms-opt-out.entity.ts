import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A number that texted STOP (by keyed hash only): nothing is sent to it until it texts START (ADR 0044). */
@Entity({ name: 'sms_opt_outs' })
export class SmsOptOutEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  phoneHash: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  optedOutAt: Date;
}
