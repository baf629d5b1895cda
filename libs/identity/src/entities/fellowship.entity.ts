import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A fellowship (NA, AA, SMART, …) as data: its name and the relationship kinds it knows. 12-step
 * fellowships have sponsors; SMART Recovery has support contacts and facilitators instead.
 */
@Entity({ name: 'fellowships' })
export class FellowshipEntity {
  @ApiProperty({ example: 'NA' })
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @ApiProperty({ example: 'Narcotics Anonymous' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Kinds of support relationship, e.g. {sponsor,temporary_sponsor} or {support_contact,facilitator}. */
  @ApiProperty({ type: [String], example: ['sponsor', 'temporary_sponsor'] })
  @Column({ type: 'text', array: true })
  relationshipKinds: string[];

  /** Whether members of this fellowship ask for sponsors (false for SMART). */
  @ApiProperty()
  @Column({ type: 'boolean' })
  hasSponsors: boolean;
}
