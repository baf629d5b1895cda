import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddMemberProfileFellowshipsAndBlocks1795451444613 implements MigrationInterface {
  name = 'AddMemberProfileFellowshipsAndBlocks1795451444613';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "fellowships" (
                "code" character varying(16) NOT NULL,
                "name" character varying(100) NOT NULL,
                "relationship_kinds" text array NOT NULL,
                "has_sponsors" boolean NOT NULL,
                CONSTRAINT "PK_3c3ce9ad92e4394bbdeecfad3e6" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "member_blocks" (
                "blocker_id" uuid NOT NULL,
                "blocked_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_87f7d67422c0efd415ac65e2cee" PRIMARY KEY ("blocker_id", "blocked_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_member_blocks_blocked" ON "member_blocks" ("blocked_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "languages" text array NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "gender" character varying(16)
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "sponsor_gender_preference" character varying(16) NOT NULL DEFAULT 'same'
        `);
    await queryRunner.query(`
            ALTER TABLE "member_blocks"
            ADD CONSTRAINT "FK_42d3dfdca840790ee4ce2a08838" FOREIGN KEY ("blocker_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "member_blocks"
            ADD CONSTRAINT "FK_12e36407740031036a46b4dad98" FOREIGN KEY ("blocked_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "member_blocks" DROP CONSTRAINT "FK_12e36407740031036a46b4dad98"
        `);
    await queryRunner.query(`
            ALTER TABLE "member_blocks" DROP CONSTRAINT "FK_42d3dfdca840790ee4ce2a08838"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "sponsor_gender_preference"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "gender"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "languages"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_member_blocks_blocked"
        `);
    await queryRunner.query(`
            DROP TABLE "member_blocks"
        `);
    await queryRunner.query(`
            DROP TABLE "fellowships"
        `);
  }
}
