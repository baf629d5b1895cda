import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search grid (ADR 0047): every slot gets the cell of its place (`placeCellSql` in libs/geo, inlined here so
 * the migration keeps its meaning if the code changes: 0.25° cells, rows from −90°, 1440 columns from −180°), and the
 * radius index moves from (lat, lng, start_mow), which reads a whole latitude band, to (cell, start_mow).
 */

export class MeetingSlotsGridCell1796688801091 implements MigrationInterface {
  name = 'MeetingSlotsGridCell1796688801091';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_slots_place_time"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_slots"
            ADD "cell" integer
        `);
    await queryRunner.query(`
            UPDATE "meeting_slots"
               SET "cell" = least(719, greatest(0, floor(("lat" + 90) * 4)))::int * 1440
                          + least(1439, greatest(0, floor(("lng" + 180) * 4)))::int
             WHERE "lat" IS NOT NULL AND "lng" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_slots_cell_time" ON "meeting_slots" ("cell", "start_mow")
            WHERE "cell" IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_slots_cell_time"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_slots" DROP COLUMN "cell"
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_slots_place_time" ON "meeting_slots" ("lat", "lng", "start_mow")
            WHERE "lat" IS NOT NULL
        `);
  }
}
