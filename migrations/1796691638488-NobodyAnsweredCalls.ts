import { MigrationInterface, QueryRunner } from 'typeorm';

/** "Nobody has answered" calls (ADR 0050): the sponsor's opt-in, and the claim of each call on its recipient row. */
export class NobodyAnsweredCalls1796691638488 implements MigrationInterface {
  name = 'NobodyAnsweredCalls1796691638488';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "craving_recipients"
            ADD "called_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preferences"
            ADD "call_me_when_nobody_answers" boolean NOT NULL DEFAULT false
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notification_preferences" DROP COLUMN "call_me_when_nobody_answers"
        `);
    await queryRunner.query(`
            ALTER TABLE "craving_recipients" DROP COLUMN "called_at"
        `);
  }
}
