import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexMemberReferencesInMeetings1796152098686 implements MigrationInterface {
  name = 'IndexMemberReferencesInMeetings1796152098686';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "ix_groups_updated_by" ON "groups" ("updated_by")
            WHERE "updated_by" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_groups_created_by" ON "groups" ("created_by")
            WHERE "created_by" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_group_leads_added_by" ON "group_leads" ("added_by")
            WHERE "added_by" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meetings_updated_by" ON "meetings" ("updated_by")
            WHERE "updated_by" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meetings_created_by" ON "meetings" ("created_by")
            WHERE "created_by" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_exceptions_created_by" ON "meeting_exceptions" ("created_by")
            WHERE "created_by" IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_exceptions_created_by"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meetings_created_by"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meetings_updated_by"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_group_leads_added_by"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_groups_created_by"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_groups_updated_by"
        `);
  }
}
