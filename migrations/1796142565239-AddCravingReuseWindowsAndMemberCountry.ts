import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCravingReuseWindowsAndMemberCountry1796142565239 implements MigrationInterface {
  name = 'AddCravingReuseWindowsAndMemberCountry1796142565239';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "craving_reuse_windows" (
                "owner_id" uuid NOT NULL,
                "craving_id" uuid NOT NULL,
                "reuse_until" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_8e7fbbbf25ff2ebb2e2306a0a65" PRIMARY KEY ("owner_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_craving_reuse_windows_craving" ON "craving_reuse_windows" ("craving_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "country" character varying(2)
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_reuse_windows"
            ADD CONSTRAINT "FK_8e7fbbbf25ff2ebb2e2306a0a65" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_reuse_windows"
            ADD CONSTRAINT "FK_639924ce0e233312a5aef20e4a4" FOREIGN KEY ("craving_id") REFERENCES "cravings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // Alerts already open keep their reuse window: the latest open alert per member, until created + 10 minutes.
    await queryRunner.query(`
            INSERT INTO "craving_reuse_windows" ("owner_id", "craving_id", "reuse_until")
            SELECT DISTINCT ON ("owner_id") "owner_id", "id", "created_at" + interval '10 minutes'
            FROM "cravings" WHERE "state" <> 'resolved'
            ORDER BY "owner_id", "created_at" DESC
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "craving_reuse_windows" DROP CONSTRAINT "FK_639924ce0e233312a5aef20e4a4"
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_reuse_windows" DROP CONSTRAINT "FK_8e7fbbbf25ff2ebb2e2306a0a65"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "country"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_craving_reuse_windows_craving"
        `);
    await queryRunner.query(`
            DROP TABLE "craving_reuse_windows"
        `);
  }
}
