import { MigrationInterface, QueryRunner } from 'typeorm';

export class SnapshotSponsorshipCleanDateWarning1796654864409 implements MigrationInterface {
  name = 'SnapshotSponsorshipCleanDateWarning1796654864409';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sponsorships"
            ADD "clean_date_warning" boolean NOT NULL DEFAULT false
        `);
    // Existing rows keep the warning they showed last (recomputed once, here), and never change again.
    await queryRunner.query(`
            UPDATE "sponsorships" s SET "clean_date_warning" = true
              FROM "users" ee, "users" er
             WHERE ee.id = s.sponsee_id AND er.id = s.sponsor_id AND er.clean_date >= ee.clean_date
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sponsorships" DROP COLUMN "clean_date_warning"
        `);
  }
}
