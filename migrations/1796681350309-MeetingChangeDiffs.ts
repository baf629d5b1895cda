import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingChangeDiffs1796681350309 implements MigrationInterface {
  name = 'MeetingChangeDiffs1796681350309';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meeting_changes"
            ADD "diff" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_changes"
            ADD "proposal_id" uuid
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meeting_changes" DROP COLUMN "proposal_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_changes" DROP COLUMN "diff"
        `);
  }
}
