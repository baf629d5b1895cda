import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingReports1796681020164 implements MigrationInterface {
  name = 'MeetingReports1796681020164';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "meeting_reports" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "meeting_id" uuid NOT NULL,
                "reporter_id" uuid NOT NULL,
                "reason" character varying(16) NOT NULL,
                "note" character varying(500),
                "week_of" date NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_meeting_reports_reason" CHECK (
                    "reason" IN (
                        'nobody_there',
                        'link_broken',
                        'wrong_time',
                        'wrong_place'
                    )
                ),
                CONSTRAINT "PK_c9a75098aff718726ac1381b2f6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_reports_reporter" ON "meeting_reports" ("reporter_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_reports_open" ON "meeting_reports" ("meeting_id", "created_at")
            WHERE "closed_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meeting_reports_member_week" ON "meeting_reports" ("meeting_id", "reporter_id", "week_of")
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD "reported_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD "reported_reasons" text array NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_reports"
            ADD CONSTRAINT "FK_cff85adee47c71bcdbc50df1768" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_reports"
            ADD CONSTRAINT "FK_4eceae9ea08996d9f570ac3917b" FOREIGN KEY ("reporter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meeting_reports" DROP CONSTRAINT "FK_4eceae9ea08996d9f570ac3917b"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_reports" DROP CONSTRAINT "FK_cff85adee47c71bcdbc50df1768"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP COLUMN "reported_reasons"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP COLUMN "reported_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_meeting_reports_member_week"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_reports_open"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_reports_reporter"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_reports"
        `);
  }
}
