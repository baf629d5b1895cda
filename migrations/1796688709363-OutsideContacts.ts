import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutsideContacts1796688709363 implements MigrationInterface {
  name = 'OutsideContacts1796688709363';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "outside_contacts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "owner_id" uuid NOT NULL,
                "name" character varying(80) NOT NULL,
                "phone" text NOT NULL,
                "phone_hash" character varying(64) NOT NULL,
                "meeting_id" uuid,
                "notes" text,
                "alert_consent" character varying(16) NOT NULL DEFAULT 'none',
                "consent_asked_at" TIMESTAMP WITH TIME ZONE,
                "consent_changed_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_outside_contacts_alert_consent" CHECK (
                    "alert_consent" IN ('none', 'asked', 'given', 'withdrawn')
                ),
                CONSTRAINT "PK_5e7fc1dd23a74d61a1eae2c71ed" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_outside_contacts_meeting" ON "outside_contacts" ("meeting_id")
            WHERE "meeting_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_outside_contacts_owner_phone" ON "outside_contacts" ("owner_id", "phone_hash")
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls"
            ADD "outside_contact_id" uuid
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_practice_calls_outside_contact" ON "practice_calls" ("outside_contact_id")
            WHERE "outside_contact_id" IS NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls"
            ADD CONSTRAINT "ck_practice_calls_one_callee" CHECK (
                    "contact_id" IS NULL
                    OR "outside_contact_id" IS NULL
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "outside_contacts"
            ADD CONSTRAINT "FK_32902053a28b3844b8a7801aca4" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "outside_contacts"
            ADD CONSTRAINT "FK_eec8498cc47fef2c2d64ecf79f5" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls"
            ADD CONSTRAINT "FK_25f72d6814c2503e436c25391e4" FOREIGN KEY ("outside_contact_id") REFERENCES "outside_contacts"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "practice_calls" DROP CONSTRAINT "FK_25f72d6814c2503e436c25391e4"
        `);
    await queryRunner.query(`
            ALTER TABLE "outside_contacts" DROP CONSTRAINT "FK_eec8498cc47fef2c2d64ecf79f5"
        `);
    await queryRunner.query(`
            ALTER TABLE "outside_contacts" DROP CONSTRAINT "FK_32902053a28b3844b8a7801aca4"
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls" DROP CONSTRAINT "ck_practice_calls_one_callee"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_practice_calls_outside_contact"
        `);
    await queryRunner.query(`
            ALTER TABLE "practice_calls" DROP COLUMN "outside_contact_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_outside_contacts_owner_phone"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_outside_contacts_meeting"
        `);
    await queryRunner.query(`
            DROP TABLE "outside_contacts"
        `);
  }
}
