import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One pending meeting contact request per pair of members, whichever of the two asked: a unique expression
 * index, which TypeORM cannot declare (the entity names it with `synchronize: false`).
 */
export class AddMeetingContactRequestPairIndex1796142727862 implements MigrationInterface {
  name = 'AddMeetingContactRequestPairIndex1796142727862';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_meeting_contact_requests_pending_pair" ON "meeting_contact_requests"
        (LEAST("requester_id", "recipient_id"), GREATEST("requester_id", "recipient_id"))
        WHERE "status" = 'requested'
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_meeting_contact_requests_pending_pair"`);
  }
}
