import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScopeLeadImportsToTheirGroup1796654864893 implements MigrationInterface {
  name = 'ScopeLeadImportsToTheirGroup1796654864893';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD "source_group_scoped" boolean NOT NULL DEFAULT false
        `);
    // By hand: rows imported into a group that no feed import made (a lead's import, groupId) become that
    // group's own; rows in groups a whole-feed import made stay whole-feed rows.
    await queryRunner.query(`
            UPDATE "meetings" m SET "source_group_scoped" = true
            FROM "groups" g
            WHERE g."id" = m."group_id" AND m."source" IS NOT NULL AND g."source" IS DISTINCT FROM m."source"
        `);
    // By hand (the generator does not compare index predicates): whole-feed rows only.
    await queryRunner.query(`
            DROP INDEX "public"."uq_meetings_source_slug"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meetings_source_slug" ON "meetings" ("source", "source_slug")
            WHERE "source" IS NOT NULL AND NOT "source_group_scoped"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meetings_group_source_slug" ON "meetings" ("group_id", "source", "source_slug")
            WHERE "source_group_scoped"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "ck_meetings_source_scope" CHECK (
                    NOT "source_group_scoped"
                    OR "source" IS NOT NULL
                )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "ck_meetings_source_scope"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_meetings_group_source_slug"
        `);
    // Fails if scoped rows now share a (source, slug) across groups: that is data the old schema cannot hold.
    await queryRunner.query(`
            DROP INDEX "public"."uq_meetings_source_slug"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meetings_source_slug" ON "meetings" ("source", "source_slug")
            WHERE "source" IS NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP COLUMN "source_group_scoped"
        `);
  }
}
