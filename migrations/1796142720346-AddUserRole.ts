import { MigrationInterface, QueryRunner } from 'typeorm';

/** Members and admins (who moderate listings and import feeds); never self-assignable, see docs/database.md. */
export class AddUserRole1796142720346 implements MigrationInterface {
  name = 'AddUserRole1796142720346';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "role" character varying(16) NOT NULL DEFAULT 'member'
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "ck_users_role" CHECK ("role" IN ('member', 'admin'))
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "ck_users_role"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "role"
        `);
  }
}
