import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingChangeProposals1796681706587 implements MigrationInterface {
  name = 'MeetingChangeProposals1796681706587';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "meeting_change_proposals" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "group_id" uuid NOT NULL,
                "meeting_id" uuid NOT NULL,
                "proposer_id" uuid NOT NULL,
                "changes" jsonb NOT NULL,
                "fields" text array NOT NULL,
                "base" jsonb NOT NULL,
                "note" character varying(1000) NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'pending',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decided_by" uuid,
                CONSTRAINT "ck_meeting_change_proposals_decided" CHECK (("status" = 'pending') = ("decided_at" IS NULL)),
                CONSTRAINT "ck_meeting_change_proposals_status" CHECK ("status" IN ('pending', 'approved', 'rejected')),
                CONSTRAINT "PK_d0806b656fed6b076352d61baee" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_change_proposals_decided_by" ON "meeting_change_proposals" ("decided_by")
            WHERE "decided_by" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_change_proposals_proposer" ON "meeting_change_proposals" ("proposer_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_change_proposals_meeting" ON "meeting_change_proposals" ("meeting_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_change_proposals_group" ON "meeting_change_proposals" ("group_id", "status", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_change_proposals"
            ADD CONSTRAINT "FK_ab61f9b75bf1f613187707081c4" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_change_proposals"
            ADD CONSTRAINT "FK_9cc31f0c21d52a5a2a77192c749" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_change_proposals"
            ADD CONSTRAINT "FK_eb1e0c7c7ff3bf30b24e4e15427" FOREIGN KEY ("proposer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_change_proposals"
            ADD CONSTRAINT "FK_771efed7eb8fc2694633879bee6" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meeting_change_proposals" DROP CONSTRAINT "FK_771efed7eb8fc2694633879bee6"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_change_proposals" DROP CONSTRAINT "FK_eb1e0c7c7ff3bf30b24e4e15427"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_change_proposals" DROP CONSTRAINT "FK_9cc31f0c21d52a5a2a77192c749"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_change_proposals" DROP CONSTRAINT "FK_ab61f9b75bf1f613187707081c4"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_change_proposals_group"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_change_proposals_meeting"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_change_proposals_proposer"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_change_proposals_decided_by"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_change_proposals"
        `);
  }
}
