import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePhoneListAndPracticeCalls1795451929997 implements MigrationInterface {
  name = 'CreatePhoneListAndPracticeCalls1795451929997';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "contact_invites" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "inviter_id" uuid NOT NULL,
                "code_hash" bytea NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "used_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7861adc99a93ef3f3c280cda5b6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_contact_invites_used_by" ON "contact_invites" ("used_by_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_contact_invites_inviter" ON "contact_invites" ("inviter_id", "expires_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_contact_invites_code_hash" ON "contact_invites" ("code_hash")
        `);
    await queryRunner.query(`
            CREATE TABLE "contact_links" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "member_a_id" uuid NOT NULL,
                "member_b_id" uuid NOT NULL,
                "source" character varying(16) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_contact_links_source" CHECK ("source" IN ('invite', 'meeting')),
                CONSTRAINT "ck_contact_links_ordered" CHECK ("member_a_id" < "member_b_id"),
                CONSTRAINT "PK_b4b6bb488ad044ee8c3df23ada0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_contact_links_member_b" ON "contact_links" ("member_b_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_contact_links_pair" ON "contact_links" ("member_a_id", "member_b_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "contacts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "link_id" uuid NOT NULL,
                "owner_id" uuid NOT NULL,
                "other_id" uuid NOT NULL,
                "accepts_alerts" boolean NOT NULL DEFAULT false,
                "share_phone" boolean NOT NULL DEFAULT false,
                "availability" jsonb NOT NULL DEFAULT '[]',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_contacts_link" ON "contacts" ("link_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_contacts_other" ON "contacts" ("other_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_contacts_owner_other" ON "contacts" ("owner_id", "other_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "practice_calls" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "caller_id" uuid NOT NULL,
                "callee_id" uuid,
                "contact_id" uuid,
                "outcome" character varying(16) NOT NULL,
                "note" character varying(500),
                "called_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "local_date" date NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_practice_calls_outcome" CHECK (
                    "outcome" IN ('connected', 'voicemail', 'no_answer')
                ),
                CONSTRAINT "PK_dbb7e54b3c920df0d775ad36b28" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_practice_calls_contact" ON "practice_calls" ("contact_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_practice_calls_callee" ON "practice_calls" ("callee_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_practice_calls_caller_callee" ON "practice_calls" ("caller_id", "callee_id", "called_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_practice_calls_caller_local_date" ON "practice_calls" ("caller_id", "local_date")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_practice_calls_caller_called_at" ON "practice_calls" ("caller_id", "called_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "practice_settings" (
                "user_id" uuid NOT NULL,
                "daily_goal" smallint NOT NULL DEFAULT '1',
                "reminder_time" character varying(5),
                "last_reminded_on" date,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_practice_settings_daily_goal" CHECK (
                    "daily_goal" BETWEEN 1 AND 10
                ),
                CONSTRAINT "PK_d698ee0f55d1ec69270982d10ef" PRIMARY KEY ("user_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "contact_invites"
            ADD CONSTRAINT "FK_e48a8f9b1ff61194dbe751aa2a5" FOREIGN KEY ("inviter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contact_invites"
            ADD CONSTRAINT "FK_f94d14762cb91df84f3801ebadf" FOREIGN KEY ("used_by_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contact_links"
            ADD CONSTRAINT "FK_4464879ea2ec627cafe451ee259" FOREIGN KEY ("member_a_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contact_links"
            ADD CONSTRAINT "FK_6f188fff135c22a9083dd74b9dc" FOREIGN KEY ("member_b_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contacts"
            ADD CONSTRAINT "FK_c096b69db9246e0d3aa7c973072" FOREIGN KEY ("link_id") REFERENCES "contact_links"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contacts"
            ADD CONSTRAINT "FK_ac270d32a01ee22d2e98a8f8532" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contacts"
            ADD CONSTRAINT "FK_8cc8b2531eefb90dc6e5ce902b9" FOREIGN KEY ("other_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls"
            ADD CONSTRAINT "FK_a7b6afde44aabdfe1ef22674def" FOREIGN KEY ("caller_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls"
            ADD CONSTRAINT "FK_d1387b5e33891166b281e1b9a96" FOREIGN KEY ("callee_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls"
            ADD CONSTRAINT "FK_220e3c017512415327719f0edef" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_settings"
            ADD CONSTRAINT "FK_d698ee0f55d1ec69270982d10ef" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "practice_settings" DROP CONSTRAINT "FK_d698ee0f55d1ec69270982d10ef"
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls" DROP CONSTRAINT "FK_220e3c017512415327719f0edef"
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls" DROP CONSTRAINT "FK_d1387b5e33891166b281e1b9a96"
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls" DROP CONSTRAINT "FK_a7b6afde44aabdfe1ef22674def"
        `);
    await queryRunner.query(`
            ALTER TABLE "contacts" DROP CONSTRAINT "FK_8cc8b2531eefb90dc6e5ce902b9"
        `);
    await queryRunner.query(`
            ALTER TABLE "contacts" DROP CONSTRAINT "FK_ac270d32a01ee22d2e98a8f8532"
        `);
    await queryRunner.query(`
            ALTER TABLE "contacts" DROP CONSTRAINT "FK_c096b69db9246e0d3aa7c973072"
        `);
    await queryRunner.query(`
            ALTER TABLE "contact_links" DROP CONSTRAINT "FK_6f188fff135c22a9083dd74b9dc"
        `);
    await queryRunner.query(`
            ALTER TABLE "contact_links" DROP CONSTRAINT "FK_4464879ea2ec627cafe451ee259"
        `);
    await queryRunner.query(`
            ALTER TABLE "contact_invites" DROP CONSTRAINT "FK_f94d14762cb91df84f3801ebadf"
        `);
    await queryRunner.query(`
            ALTER TABLE "contact_invites" DROP CONSTRAINT "FK_e48a8f9b1ff61194dbe751aa2a5"
        `);
    await queryRunner.query(`
            DROP TABLE "practice_settings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_practice_calls_caller_called_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_practice_calls_caller_local_date"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_practice_calls_caller_callee"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_practice_calls_callee"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_practice_calls_contact"
        `);
    await queryRunner.query(`
            DROP TABLE "practice_calls"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_contacts_owner_other"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_contacts_other"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_contacts_link"
        `);
    await queryRunner.query(`
            DROP TABLE "contacts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_contact_links_pair"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_contact_links_member_b"
        `);
    await queryRunner.query(`
            DROP TABLE "contact_links"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_contact_invites_code_hash"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_contact_invites_inviter"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_contact_invites_used_by"
        `);
    await queryRunner.query(`
            DROP TABLE "contact_invites"
        `);
  }
}
