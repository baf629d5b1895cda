import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddMemberCopingList1796665148823 implements MigrationInterface {
  name = 'AddMemberCopingList1796665148823';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "coping_list" text array NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "ck_users_coping_list_size" CHECK (cardinality("coping_list") <= 20)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "ck_users_coping_list_size"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "coping_list"
        `);
  }
}
