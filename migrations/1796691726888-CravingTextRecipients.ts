import { MigrationInterface, QueryRunner } from 'typeorm';

export class CravingTextRecipients1796691726888 implements MigrationInterface {
  name = 'CravingTextRecipients1796691726888';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "craving_text_recipients" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "craving_id" uuid NOT NULL,
                "outside_contact_id" uuid,
                "name" character varying(80) NOT NULL,
                "priority" smallint NOT NULL,
                "step" smallint NOT NULL,
                "notified_at" TIMESTAMP WITH TIME ZONE,
                "skipped_at" TIMESTAMP WITH TIME ZONE,
                "sms_message_id" uuid,
                "delivery_status" character varying(16),
                "status_at" TIMESTAMP WITH TIME ZONE,
                "failed_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_craving_text_recipients_status" CHECK (
                    "delivery_status" IS NULL
                    OR "delivery_status" IN (
                        'queued',
                        'sending',
                        'sent',
                        'delivered',
                        'undelivered',
                        'failed',
                        'read'
                    )
                ),
                CONSTRAINT "PK_61922667df19fad66b84c908e2b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_craving_text_recipients_contact" ON "craving_text_recipients" ("outside_contact_id")
            WHERE "outside_contact_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_craving_text_recipients_craving" ON "craving_text_recipients" ("craving_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_text_recipients"
            ADD CONSTRAINT "FK_7b96128e04136a8761c40ef261f" FOREIGN KEY ("craving_id") REFERENCES "cravings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_text_recipients"
            ADD CONSTRAINT "FK_2d1021cbef669243df43fcee5fd" FOREIGN KEY ("outside_contact_id") REFERENCES "outside_contacts"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "craving_text_recipients" DROP CONSTRAINT "FK_2d1021cbef669243df43fcee5fd"
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_text_recipients" DROP CONSTRAINT "FK_7b96128e04136a8761c40ef261f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_craving_text_recipients_craving"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_craving_text_recipients_contact"
        `);
    await queryRunner.query(`
            DROP TABLE "craving_text_recipients"
        `);
  }
}
