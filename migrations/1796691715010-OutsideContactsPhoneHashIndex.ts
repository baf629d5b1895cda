import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutsideContactsPhoneHashIndex1796691715010 implements MigrationInterface {
  name = 'OutsideContactsPhoneHashIndex1796691715010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "ix_outside_contacts_phone_hash" ON "outside_contacts" ("phone_hash")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_outside_contacts_phone_hash"
        `);
  }
}
