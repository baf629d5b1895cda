import { MigrationInterface, QueryRunner } from 'typeorm';

export class SmsMessages1796688968525 implements MigrationInterface {
  name = 'SmsMessages1796688968525';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "sms_messages" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "provider_sid" character varying(64),
                "kind" character varying(8) NOT NULL,
                "purpose" character varying(32) NOT NULL,
                "member_id" uuid,
                "to_hash" character varying(64) NOT NULL,
                "to" text NOT NULL,
                "ref_kind" character varying(40),
                "ref_id" character varying(64),
                "status" character varying(16) NOT NULL DEFAULT 'queued',
                "error_code" integer,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "status_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_sms_messages_status" CHECK (
                    "status" IN (
                        'queued',
                        'accepted',
                        'scheduled',
                        'initiated',
                        'sending',
                        'ringing',
                        'sent',
                        'in-progress',
                        'delivered',
                        'undelivered',
                        'failed',
                        'read',
                        'completed',
                        'busy',
                        'no-answer',
                        'canceled'
                    )
                ),
                CONSTRAINT "ck_sms_messages_kind" CHECK ("kind" IN ('sms', 'call')),
                CONSTRAINT "PK_6d4cfef86e93e3fde23954d11bc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_sms_messages_provider_sid" ON "sms_messages" ("provider_sid")
            WHERE "provider_sid" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sms_messages_ref" ON "sms_messages" ("ref_kind", "ref_id")
            WHERE "ref_kind" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sms_messages_to_hash_created" ON "sms_messages" ("to_hash", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sms_messages_member_created" ON "sms_messages" ("member_id", "created_at")
            WHERE "member_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "sms_opt_outs" (
                "phone_hash" character varying(64) NOT NULL,
                "opted_out_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_92a407816d733b0381bd387757a" PRIMARY KEY ("phone_hash")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "twilio_webhook_receipts" (
                "digest" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4e49a38942f0f91ee74948dc6df" PRIMARY KEY ("digest")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_twilio_webhook_receipts_created" ON "twilio_webhook_receipts" ("created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "sms_messages"
            ADD CONSTRAINT "FK_4d7690e77f8386739f0dea14f23" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sms_messages" DROP CONSTRAINT "FK_4d7690e77f8386739f0dea14f23"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_twilio_webhook_receipts_created"
        `);
    await queryRunner.query(`
            DROP TABLE "twilio_webhook_receipts"
        `);
    await queryRunner.query(`
            DROP TABLE "sms_opt_outs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sms_messages_member_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sms_messages_to_hash_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sms_messages_ref"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_sms_messages_provider_sid"
        `);
    await queryRunner.query(`
            DROP TABLE "sms_messages"
        `);
  }
}
