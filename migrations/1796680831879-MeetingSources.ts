import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingSources1796680831879 implements MigrationInterface {
  name = 'MeetingSources1796680831879';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "meeting_source_links" (
                "source" character varying(100) NOT NULL,
                "scope" character varying(36) NOT NULL,
                "source_slug" character varying(200) NOT NULL,
                "duplicate_of" uuid NOT NULL,
                "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_b33d5641fd294a7a1b444fa098c" PRIMARY KEY ("source", "scope", "source_slug")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_source_links_meeting" ON "meeting_source_links" ("duplicate_of")
        `);
    await queryRunner.query(`
            CREATE TABLE "meeting_sources" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(120) NOT NULL,
                "url" character varying(2000) NOT NULL,
                "format" character varying(16) NOT NULL,
                "group_id" uuid,
                "timezone" character varying(64),
                "fellowship" character varying(16),
                "cadence_minutes" integer NOT NULL,
                "etag" character varying(300),
                "last_modified" character varying(100),
                "next_run_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_meeting_sources_format" CHECK ("format" IN ('meeting-guide', 'bmlt')),
                CONSTRAINT "ck_meeting_sources_cadence" CHECK (
                    "cadence_minutes" BETWEEN 1 AND 10080
                ),
                CONSTRAINT "PK_02fe3b553e756bf7ec046207c47" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_sources_created_by" ON "meeting_sources" ("created_by")
            WHERE "created_by" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_sources_group" ON "meeting_sources" ("group_id")
            WHERE "group_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_sources_due" ON "meeting_sources" ("next_run_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "meeting_source_runs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "source_id" uuid NOT NULL,
                "trigger" character varying(16) NOT NULL,
                "status" character varying(16) NOT NULL,
                "http_status" smallint,
                "not_modified" boolean NOT NULL DEFAULT false,
                "total" integer,
                "created" integer NOT NULL DEFAULT '0',
                "updated" integer NOT NULL DEFAULT '0',
                "unchanged" integer NOT NULL DEFAULT '0',
                "missing" integer NOT NULL DEFAULT '0',
                "rejected" integer NOT NULL DEFAULT '0',
                "links" jsonb NOT NULL DEFAULT '[]',
                "error" character varying(500),
                "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_90f68e715e49a28682569668056" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_source_runs_source" ON "meeting_source_runs" ("source_id", "queued_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "system_settings" (
                "key" character varying(64) NOT NULL,
                "value" character varying(200) NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_b1b5bc664526d375c94ce9ad43d" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meetings_start_time" ON "meetings" ("start_time")
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_source_links"
            ADD CONSTRAINT "FK_6f6c3dfe3a4b34e5b0a269a2e43" FOREIGN KEY ("duplicate_of") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_sources"
            ADD CONSTRAINT "FK_79d4c1b48bfc29e5e39029bdfd3" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_sources"
            ADD CONSTRAINT "FK_eb732ad3ae159dd26e86c5f95f7" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_source_runs"
            ADD CONSTRAINT "FK_e2e10c05696d10e0f15c6ee5a66" FOREIGN KEY ("source_id") REFERENCES "meeting_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meeting_source_runs" DROP CONSTRAINT "FK_e2e10c05696d10e0f15c6ee5a66"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_sources" DROP CONSTRAINT "FK_eb732ad3ae159dd26e86c5f95f7"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_sources" DROP CONSTRAINT "FK_79d4c1b48bfc29e5e39029bdfd3"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_source_links" DROP CONSTRAINT "FK_6f6c3dfe3a4b34e5b0a269a2e43"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meetings_start_time"
        `);
    await queryRunner.query(`
            DROP TABLE "system_settings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_source_runs_source"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_source_runs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_sources_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_sources_group"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_sources_created_by"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_sources"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_source_links_meeting"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_source_links"
        `);
  }
}
