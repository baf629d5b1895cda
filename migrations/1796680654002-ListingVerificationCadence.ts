import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListingVerificationCadence1796680654002 implements MigrationInterface {
  name = 'ListingVerificationCadence1796680654002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "groups"
            ADD "verification_cadence_days" smallint NOT NULL DEFAULT '90'
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD "verification_reminded_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "groups"
            ADD CONSTRAINT "ck_groups_verification_cadence" CHECK (
                    "verification_cadence_days" BETWEEN 7 AND 365
                )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "groups" DROP CONSTRAINT "ck_groups_verification_cadence"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP COLUMN "verification_reminded_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "groups" DROP COLUMN "verification_cadence_days"
        `);
  }
}
