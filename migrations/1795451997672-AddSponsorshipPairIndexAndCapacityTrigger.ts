import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What TypeORM cannot declare on the sponsorship entities (they name these indexes with
 * `synchronize: false`, so the drift check leaves them alone):
 * - one pending request per pair of members, whichever of the two asked: a unique expression index;
 * - discovery's default order (fewest sponsees, newest profile) needs a descending key;
 * - erasing an account deletes its sponsorships by cascade, outside the service: a trigger gives the
 *   sponsor's capacity back when an active one goes that way.
 */
export class AddSponsorshipPairIndexAndCapacityTrigger1795451997672 implements MigrationInterface {
  name = 'AddSponsorshipPairIndexAndCapacityTrigger1795451997672';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_sponsorships_pending_pair" ON "sponsorships"
        (LEAST("sponsee_id", "sponsor_id"), GREATEST("sponsee_id", "sponsor_id"))
        WHERE "status" = 'requested'
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_sponsor_profiles_discovery_order" ON "sponsor_profiles"
        ("active_sponsee_count", "created_at" DESC, "user_id")
        WHERE "available"
    `);
    await queryRunner.query(`
      CREATE FUNCTION "sponsorships_release_capacity"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "sponsor_profiles"
           SET "active_sponsee_count" = GREATEST("active_sponsee_count" - 1, 0)
         WHERE "user_id" = OLD."sponsor_id";
        RETURN OLD;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "trg_sponsorships_release_capacity" AFTER DELETE ON "sponsorships"
        FOR EACH ROW
        WHEN (OLD."status" = 'active' AND OLD."kind" IN ('sponsor', 'temporary_sponsor'))
        EXECUTE FUNCTION "sponsorships_release_capacity"()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trg_sponsorships_release_capacity" ON "sponsorships"`);
    await queryRunner.query(`DROP FUNCTION "sponsorships_release_capacity"()`);
    await queryRunner.query(`DROP INDEX "public"."ix_sponsor_profiles_discovery_order"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sponsorships_pending_pair"`);
  }
}
