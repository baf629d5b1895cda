import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCravings1795454190763 implements MigrationInterface {
  name = 'CreateCravings1795454190763';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "cravings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "owner_id" uuid NOT NULL,
                "state" character varying(16) NOT NULL DEFAULT 'triggered',
                "intensity" smallint NOT NULL,
                "trigger" character varying(16),
                "note" character varying(1000),
                "policy" jsonb NOT NULL,
                "step" smallint NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "escalated_at" TIMESTAMP WITH TIME ZONE,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "outcome" character varying(16),
                "outcome_note" character varying(1000),
                "share_outcome" boolean NOT NULL DEFAULT false,
                "auto_resolved" boolean NOT NULL DEFAULT false,
                "checkin_sent_at" TIMESTAMP WITH TIME ZONE,
                "morning_checkin_sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_cravings_outcome" CHECK (
                    "outcome" IS NULL
                    OR "outcome" IN ('passed', 'struggling', 'used')
                ),
                CONSTRAINT "ck_cravings_trigger" CHECK (
                    "trigger" IS NULL
                    OR "trigger" IN (
                        'environmental',
                        'emotional',
                        'physical',
                        'other'
                    )
                ),
                CONSTRAINT "ck_cravings_intensity" CHECK (
                    "intensity" BETWEEN 1 AND 10
                ),
                CONSTRAINT "ck_cravings_state" CHECK (
                    "state" IN ('triggered', 'acknowledged', 'resolved')
                ),
                CONSTRAINT "PK_e753e7815b043a461d3a4e731c7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cravings_owner_open" ON "cravings" ("owner_id", "created_at")
            WHERE "state" <> 'resolved'
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cravings_owner_created" ON "cravings" ("owner_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "craving_recipients" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "craving_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "role" character varying(24) NOT NULL,
                "priority" smallint NOT NULL,
                "step" smallint NOT NULL,
                "breaks_through" boolean NOT NULL DEFAULT false,
                "availability" jsonb NOT NULL DEFAULT '[]',
                "timezone" character varying(64) NOT NULL DEFAULT 'UTC',
                "notified_at" TIMESTAMP WITH TIME ZONE,
                "skipped_at" TIMESTAMP WITH TIME ZONE,
                "pushed_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "message" character varying(280),
                CONSTRAINT "PK_23ba4f28ea3a977044ebe5125ff" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_craving_recipients_user" ON "craving_recipients" ("user_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_craving_recipients_craving_user" ON "craving_recipients" ("craving_id", "user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "crisis_resources" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "country" character varying(2) NOT NULL,
                "kind" character varying(16) NOT NULL,
                "name" character varying(120) NOT NULL,
                "phone" character varying(32),
                "sms" character varying(32),
                "url" character varying(255),
                "description" character varying(500) NOT NULL,
                "sort" smallint NOT NULL DEFAULT '0',
                CONSTRAINT "ck_crisis_resources_kind" CHECK (
                    "kind" IN ('crisis_line', 'helpline', 'emergency')
                ),
                CONSTRAINT "PK_c8bbd24dedb06642db2dc5abcfc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_crisis_resources_country_sort" ON "crisis_resources" ("country", "sort")
        `);
    await queryRunner.query(`
            CREATE TABLE "escalation_policies" (
                "user_id" uuid NOT NULL,
                "first_responder_ids" uuid array NOT NULL DEFAULT '{}',
                "next_contacts_after_seconds" integer NOT NULL DEFAULT '120',
                "everyone_after_seconds" integer NOT NULL DEFAULT '300',
                "nobody_answered_after_seconds" integer NOT NULL DEFAULT '600',
                "sponsor_breakthrough" boolean NOT NULL DEFAULT true,
                "overdose_risk_card" boolean NOT NULL DEFAULT false,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_escalation_policies_delays" CHECK (
                    "next_contacts_after_seconds" >= 1
                    AND "everyone_after_seconds" >= "next_contacts_after_seconds"
                    AND "nobody_answered_after_seconds" >= "everyone_after_seconds"
                    AND "nobody_answered_after_seconds" <= 3600
                ),
                CONSTRAINT "PK_0647b0dec0c0346ad0b80f67eb2" PRIMARY KEY ("user_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "cravings"
            ADD CONSTRAINT "FK_26b4cbd5397837fdafc3f52e3a0" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_recipients"
            ADD CONSTRAINT "FK_1349a7a2e3b091f0ed1e41611af" FOREIGN KEY ("craving_id") REFERENCES "cravings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_recipients"
            ADD CONSTRAINT "FK_bbe34295e1543d9cdb9d441ad32" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "escalation_policies"
            ADD CONSTRAINT "FK_0647b0dec0c0346ad0b80f67eb2" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "escalation_policies" DROP CONSTRAINT "FK_0647b0dec0c0346ad0b80f67eb2"
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_recipients" DROP CONSTRAINT "FK_bbe34295e1543d9cdb9d441ad32"
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_recipients" DROP CONSTRAINT "FK_1349a7a2e3b091f0ed1e41611af"
        `);
    await queryRunner.query(`
            ALTER TABLE "cravings" DROP CONSTRAINT "FK_26b4cbd5397837fdafc3f52e3a0"
        `);
    await queryRunner.query(`
            DROP TABLE "escalation_policies"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_crisis_resources_country_sort"
        `);
    await queryRunner.query(`
            DROP TABLE "crisis_resources"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_craving_recipients_craving_user"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_craving_recipients_user"
        `);
    await queryRunner.query(`
            DROP TABLE "craving_recipients"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cravings_owner_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cravings_owner_open"
        `);
    await queryRunner.query(`
            DROP TABLE "cravings"
        `);
  }
}
