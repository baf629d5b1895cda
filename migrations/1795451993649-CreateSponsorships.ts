import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSponsorships1795451993649 implements MigrationInterface {
  name = 'CreateSponsorships1795451993649';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "sponsor_profiles" (
                "user_id" uuid NOT NULL,
                "available" boolean NOT NULL,
                "max_sponsees" smallint NOT NULL,
                "fellowships" text array NOT NULL,
                "languages" text array NOT NULL DEFAULT '{}',
                "bio" character varying(500),
                "region" character varying(80),
                "lat" double precision,
                "lng" double precision,
                "active_sponsee_count" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_sponsor_profiles_location" CHECK (("lat" IS NULL) = ("lng" IS NULL)),
                CONSTRAINT "ck_sponsor_profiles_max_sponsees" CHECK (
                    "max_sponsees" BETWEEN 1 AND 20
                ),
                CONSTRAINT "PK_5a7165370ee490b01d835130529" PRIMARY KEY ("user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sponsor_profiles_location" ON "sponsor_profiles" ("lat", "lng")
            WHERE "available"
                AND "lat" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sponsor_profiles_languages" ON "sponsor_profiles" USING gin ("languages")
            WHERE "available"
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sponsor_profiles_fellowships" ON "sponsor_profiles" USING gin ("fellowships")
            WHERE "available"
        `);
    await queryRunner.query(`
            CREATE TABLE "sponsorships" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "sponsee_id" uuid NOT NULL,
                "sponsor_id" uuid NOT NULL,
                "fellowship" character varying(16) NOT NULL,
                "kind" character varying(32) NOT NULL,
                "status" character varying(16) NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "responded_at" TIMESTAMP WITH TIME ZONE,
                "started_at" TIMESTAMP WITH TIME ZONE,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "ended_by" uuid,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "review_in_days" smallint,
                "review_at" TIMESTAMP WITH TIME ZONE,
                "review_reminded_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_sponsorships_status" CHECK (
                    "status" IN (
                        'requested',
                        'active',
                        'ended',
                        'declined',
                        'withdrawn',
                        'expired'
                    )
                ),
                CONSTRAINT "ck_sponsorships_not_self" CHECK ("sponsee_id" <> "sponsor_id"),
                CONSTRAINT "PK_393571b62d6dd0f63c6d3eb154b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sponsorships_review_due" ON "sponsorships" ("review_at")
            WHERE "status" = 'active'
                AND "review_reminded_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sponsorships_pending_expiry" ON "sponsorships" ("expires_at")
            WHERE "status" = 'requested'
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sponsorships_sponsor" ON "sponsorships" ("sponsor_id", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sponsorships_sponsee" ON "sponsorships" ("sponsee_id", "status")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_sponsorships_active_primary" ON "sponsorships" ("sponsee_id", "fellowship")
            WHERE "status" = 'active'
                AND "kind" = 'sponsor'
        `);
    await queryRunner.query(`
            ALTER TABLE "sponsor_profiles"
            ADD CONSTRAINT "FK_5a7165370ee490b01d835130529" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sponsorships"
            ADD CONSTRAINT "FK_bd08fcf531ec24efb73b2c1ccc4" FOREIGN KEY ("sponsee_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sponsorships"
            ADD CONSTRAINT "FK_35ae20905a1fd68c529df865c23" FOREIGN KEY ("sponsor_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sponsorships"
            ADD CONSTRAINT "FK_8697b0a667a6b2d10fa4c1fe7e7" FOREIGN KEY ("fellowship") REFERENCES "fellowships"("code") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sponsorships" DROP CONSTRAINT "FK_8697b0a667a6b2d10fa4c1fe7e7"
        `);
    await queryRunner.query(`
            ALTER TABLE "sponsorships" DROP CONSTRAINT "FK_35ae20905a1fd68c529df865c23"
        `);
    await queryRunner.query(`
            ALTER TABLE "sponsorships" DROP CONSTRAINT "FK_bd08fcf531ec24efb73b2c1ccc4"
        `);
    await queryRunner.query(`
            ALTER TABLE "sponsor_profiles" DROP CONSTRAINT "FK_5a7165370ee490b01d835130529"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_sponsorships_active_primary"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sponsorships_sponsee"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sponsorships_sponsor"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sponsorships_pending_expiry"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sponsorships_review_due"
        `);
    await queryRunner.query(`
            DROP TABLE "sponsorships"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sponsor_profiles_fellowships"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sponsor_profiles_languages"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sponsor_profiles_location"
        `);
    await queryRunner.query(`
            DROP TABLE "sponsor_profiles"
        `);
  }
}
