import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data: the fellowships and the relationship kinds each one knows. */
export class SeedFellowships1795451444614 implements MigrationInterface {
  name = 'SeedFellowships1795451444614';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO "fellowships" ("code", "name", "relationship_kinds", "has_sponsors") VALUES
        ('NA', 'Narcotics Anonymous', '{sponsor,temporary_sponsor}', true),
        ('AA', 'Alcoholics Anonymous', '{sponsor,temporary_sponsor}', true),
        ('CA', 'Cocaine Anonymous', '{sponsor,temporary_sponsor}', true),
        ('CMA', 'Crystal Meth Anonymous', '{sponsor,temporary_sponsor}', true),
        ('HA', 'Heroin Anonymous', '{sponsor,temporary_sponsor}', true),
        ('SMART', 'SMART Recovery', '{support_contact,facilitator}', false)
      ON CONFLICT ("code") DO NOTHING
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "fellowships" WHERE "code" IN ('NA', 'AA', 'CA', 'CMA', 'HA', 'SMART')`,
    );
  }
}
