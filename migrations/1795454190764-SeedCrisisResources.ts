import { MigrationInterface, QueryRunner } from 'typeorm';

/** Crisis lines shown with every craving alert. US by default; the UK as a second, well-known set. */
export class SeedCrisisResources1795454190764 implements MigrationInterface {
  name = 'SeedCrisisResources1795454190764';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO "crisis_resources" ("country", "kind", "name", "phone", "sms", "url", "description", "sort") VALUES
        ('US', 'crisis_line', '988 Suicide & Crisis Lifeline', '988', '988', 'https://988lifeline.org',
         'Call or text 988, any time. Covers substance-use crises too.', 1),
        ('US', 'helpline', 'SAMHSA National Helpline', '1-800-662-4357', NULL, 'https://www.samhsa.gov/find-help/national-helpline',
         'Free, confidential treatment referral and information, 24/7, in English and Spanish.', 2),
        ('US', 'emergency', 'Emergency services', '911', NULL, NULL,
         'If you are in danger, may overdose, or someone is not breathing: call 911 now.', 3),
        ('GB', 'emergency', 'Emergency services', '999', NULL, NULL,
         'If you are in danger, may overdose, or someone is not breathing: call 999 now.', 1),
        ('GB', 'crisis_line', 'Samaritans', '116 123', NULL, 'https://www.samaritans.org',
         'Call 116 123 free, any time, to talk to someone.', 2)
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "crisis_resources" WHERE "country" IN ('US', 'GB')`);
  }
}
