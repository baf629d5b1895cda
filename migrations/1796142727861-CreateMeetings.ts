import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups and their leads, locations, meetings, the search slots (docs/adr/0014), exceptions, the change
 * log, the meeting type vocabulary, and meeting phone lists with their contact requests.
 */
export class CreateMeetings1796142727861 implements MigrationInterface {
  name = 'CreateMeetings1796142727861';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "groups" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(120) NOT NULL,
                "fellowship" character varying(16) NOT NULL,
                "description" character varying(2000),
                "published" boolean NOT NULL DEFAULT false,
                "source" character varying(100),
                "source_key" character varying(200),
                "created_by" uuid,
                "updated_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_659d1483316afb28afd3a90646e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_groups_source_key" ON "groups" ("source", "source_key")
            WHERE "source" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "group_leads" (
                "group_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "added_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_d623d43e0b55e5ffd849dd6da4c" PRIMARY KEY ("group_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_group_leads_user" ON "group_leads" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "locations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "group_id" uuid NOT NULL,
                "name" character varying(200),
                "address" character varying(200),
                "city" character varying(100),
                "state" character varying(100),
                "postal_code" character varying(20),
                "country" character varying(64),
                "formatted_address" character varying(400) NOT NULL,
                "lat" double precision,
                "lng" double precision,
                "approximate" boolean NOT NULL DEFAULT false,
                "timezone" character varying(64) NOT NULL,
                "regions" text array NOT NULL DEFAULT '{}',
                "notes" character varying(2000),
                "fingerprint" character varying(64) NOT NULL,
                CONSTRAINT "ck_locations_lng" CHECK (
                    "lng" IS NULL
                    OR "lng" BETWEEN -180 AND 180
                ),
                CONSTRAINT "ck_locations_lat" CHECK (
                    "lat" IS NULL
                    OR "lat" BETWEEN -90 AND 90
                ),
                CONSTRAINT "ck_locations_point" CHECK (("lat" IS NULL) = ("lng" IS NULL)),
                CONSTRAINT "PK_7cc1c9e3853b94816c094825e74" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_locations_group_fingerprint" ON "locations" ("group_id", "fingerprint")
        `);
    await queryRunner.query(`
            CREATE TABLE "meeting_changes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "group_id" uuid NOT NULL,
                "meeting_id" uuid,
                "actor_id" uuid,
                "action" character varying(32) NOT NULL,
                "fields" text array NOT NULL DEFAULT '{}',
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_3dc6fc93c6ec10c2539c80978bd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_changes_actor" ON "meeting_changes" ("actor_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_changes_group_at" ON "meeting_changes" ("group_id", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "meetings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "group_id" uuid NOT NULL,
                "slug" character varying(100) NOT NULL,
                "name" character varying(200) NOT NULL,
                "location_id" uuid,
                "timezone" character varying(64) NOT NULL,
                "weekdays" smallint array NOT NULL,
                "start_time" character varying(5) NOT NULL,
                "duration_minutes" smallint NOT NULL,
                "rrule" character varying(300),
                "starts_on" date NOT NULL,
                "attendance" character varying(16) NOT NULL,
                "status" character varying(24) NOT NULL DEFAULT 'active',
                "status_until" date,
                "types" text array NOT NULL DEFAULT '{}',
                "languages" text array NOT NULL DEFAULT '{}',
                "conference_url" character varying(500),
                "conference_url_notes" character varying(500),
                "conference_phone" character varying(64),
                "conference_phone_notes" character varying(500),
                "notes" character varying(4000),
                "last_verified_at" TIMESTAMP WITH TIME ZONE,
                "source" character varying(100),
                "source_slug" character varying(200),
                "source_hash" character varying(64),
                "search_text" text NOT NULL DEFAULT '',
                "created_by" uuid,
                "updated_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_meetings_source" CHECK (("source" IS NULL) = ("source_slug" IS NULL)),
                CONSTRAINT "ck_meetings_start_time" CHECK ("start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
                CONSTRAINT "ck_meetings_duration" CHECK (
                    "duration_minutes" BETWEEN 5 AND 360
                ),
                CONSTRAINT "ck_meetings_status_until" CHECK (
                    "status" <> 'active'
                    OR "status_until" IS NULL
                ),
                CONSTRAINT "ck_meetings_status" CHECK (
                    "status" IN ('active', 'temporarily_closed', 'suspended')
                ),
                CONSTRAINT "ck_meetings_attendance" CHECK (
                    "attendance" IN ('in_person', 'online', 'hybrid')
                ),
                CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meetings_location" ON "meetings" ("location_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meetings_group" ON "meetings" ("group_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meetings_source_slug" ON "meetings" ("source", "source_slug")
            WHERE "source" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meetings_slug" ON "meetings" ("slug")
        `);
    await queryRunner.query(`
            CREATE TABLE "meeting_contact_requests" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "meeting_id" uuid NOT NULL,
                "requester_id" uuid NOT NULL,
                "recipient_id" uuid NOT NULL,
                "status" character varying(16) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "responded_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "ck_meeting_contact_requests_status" CHECK (
                    "status" IN ('requested', 'accepted', 'declined', 'withdrawn')
                ),
                CONSTRAINT "ck_meeting_contact_requests_not_self" CHECK ("requester_id" <> "recipient_id"),
                CONSTRAINT "PK_d4e75c8d17536b8a2de5d67ec0c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_contact_requests_meeting" ON "meeting_contact_requests" ("meeting_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_contact_requests_requester" ON "meeting_contact_requests" ("requester_id", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_contact_requests_recipient" ON "meeting_contact_requests" ("recipient_id", "status")
        `);
    await queryRunner.query(`
            CREATE TABLE "meeting_exceptions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "meeting_id" uuid NOT NULL,
                "occurrence_date" date NOT NULL,
                "kind" character varying(8) NOT NULL,
                "moved_start" TIMESTAMP WITH TIME ZONE,
                "moved_duration_minutes" smallint,
                "note" character varying(500),
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "ck_meeting_exceptions_move" CHECK (
                    ("kind" = 'move') = (
                        "moved_start" IS NOT NULL
                        AND "moved_duration_minutes" IS NOT NULL
                    )
                ),
                CONSTRAINT "ck_meeting_exceptions_kind" CHECK ("kind" IN ('cancel', 'move')),
                CONSTRAINT "PK_537556625823910b761088fd142" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_exceptions_moved_start" ON "meeting_exceptions" ("moved_start")
            WHERE "kind" = 'move'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_meeting_exceptions_occurrence" ON "meeting_exceptions" ("meeting_id", "occurrence_date")
        `);
    await queryRunner.query(`
            CREATE TABLE "meeting_phone_list_entries" (
                "meeting_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_8860c461acf89384cf19a586a10" PRIMARY KEY ("meeting_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_phone_list_entries_user" ON "meeting_phone_list_entries" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "meeting_slots" (
                "meeting_id" uuid NOT NULL,
                "weekday" smallint NOT NULL,
                "start_mow" smallint NOT NULL,
                "local_start" smallint NOT NULL,
                "lat" double precision,
                "lng" double precision,
                "regular" boolean NOT NULL,
                CONSTRAINT "PK_185d08e6abd4ea92d10edda731a" PRIMARY KEY ("meeting_id", "weekday", "start_mow")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_slots_irregular" ON "meeting_slots" ("meeting_id")
            WHERE NOT "regular"
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_slots_time" ON "meeting_slots" ("start_mow")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meeting_slots_place_time" ON "meeting_slots" ("lat", "lng", "start_mow")
            WHERE "lat" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "meeting_types" (
                "vocabulary" character varying(16) NOT NULL,
                "code" character varying(16) NOT NULL,
                "name" character varying(100) NOT NULL,
                "category" character varying(24) NOT NULL,
                "meeting_guide_code" character varying(16),
                "language" character varying(16),
                "labels" jsonb NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_a1ad82c3c78480a3e2e530315cc" PRIMARY KEY ("vocabulary", "code")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "groups"
            ADD CONSTRAINT "FK_804e5269dca88348034ffdafe24" FOREIGN KEY ("fellowship") REFERENCES "fellowships"("code") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "groups"
            ADD CONSTRAINT "FK_a2fa29bfd5351b5b7ccacbc9f7c" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "groups"
            ADD CONSTRAINT "FK_6c8923b6933bb7c36f08e7870c0" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "group_leads"
            ADD CONSTRAINT "FK_cd241b97482e174c2af8d005a9c" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "group_leads"
            ADD CONSTRAINT "FK_68f5ec52976009e5ef2f742ca4a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "group_leads"
            ADD CONSTRAINT "FK_bb76369cb4e4da79e84b33161a7" FOREIGN KEY ("added_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "locations"
            ADD CONSTRAINT "FK_7361603de2f10fc8f241860a313" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_changes"
            ADD CONSTRAINT "FK_d0ad0f583d7f096f80057c70220" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_changes"
            ADD CONSTRAINT "FK_f54964ba6b3c3d9299d0811dc71" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "FK_b8d9171573c66a49ad9f6486052" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "FK_c43c98279c2a1e35655b02aef11" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "FK_be6ff3e68963349ea42cf55319e" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "FK_8fffad59abef216840f86e94ec9" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_contact_requests"
            ADD CONSTRAINT "FK_aa3bf0263a4c71c746e2cf53b1c" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_contact_requests"
            ADD CONSTRAINT "FK_3218ae4146826d54d6a3ef41b5d" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_contact_requests"
            ADD CONSTRAINT "FK_c6ca4e81464cc7804a7a03fa081" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_exceptions"
            ADD CONSTRAINT "FK_f51cbd09f9af4322ed2f4a992f9" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_exceptions"
            ADD CONSTRAINT "FK_76c5831e7807ff8de806f72e6ab" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_phone_list_entries"
            ADD CONSTRAINT "FK_5502f85e3fc5c7455d190e9874d" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_phone_list_entries"
            ADD CONSTRAINT "FK_c10bd1aef024df2537356c4eadb" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_slots"
            ADD CONSTRAINT "FK_7e6b0ffb4a8ee6add92eb2405a8" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "meeting_slots" DROP CONSTRAINT "FK_7e6b0ffb4a8ee6add92eb2405a8"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_phone_list_entries" DROP CONSTRAINT "FK_c10bd1aef024df2537356c4eadb"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_phone_list_entries" DROP CONSTRAINT "FK_5502f85e3fc5c7455d190e9874d"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_exceptions" DROP CONSTRAINT "FK_76c5831e7807ff8de806f72e6ab"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_exceptions" DROP CONSTRAINT "FK_f51cbd09f9af4322ed2f4a992f9"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_contact_requests" DROP CONSTRAINT "FK_c6ca4e81464cc7804a7a03fa081"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_contact_requests" DROP CONSTRAINT "FK_3218ae4146826d54d6a3ef41b5d"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_contact_requests" DROP CONSTRAINT "FK_aa3bf0263a4c71c746e2cf53b1c"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "FK_8fffad59abef216840f86e94ec9"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "FK_be6ff3e68963349ea42cf55319e"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "FK_c43c98279c2a1e35655b02aef11"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "FK_b8d9171573c66a49ad9f6486052"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_changes" DROP CONSTRAINT "FK_f54964ba6b3c3d9299d0811dc71"
        `);
    await queryRunner.query(`
            ALTER TABLE "meeting_changes" DROP CONSTRAINT "FK_d0ad0f583d7f096f80057c70220"
        `);
    await queryRunner.query(`
            ALTER TABLE "locations" DROP CONSTRAINT "FK_7361603de2f10fc8f241860a313"
        `);
    await queryRunner.query(`
            ALTER TABLE "group_leads" DROP CONSTRAINT "FK_bb76369cb4e4da79e84b33161a7"
        `);
    await queryRunner.query(`
            ALTER TABLE "group_leads" DROP CONSTRAINT "FK_68f5ec52976009e5ef2f742ca4a"
        `);
    await queryRunner.query(`
            ALTER TABLE "group_leads" DROP CONSTRAINT "FK_cd241b97482e174c2af8d005a9c"
        `);
    await queryRunner.query(`
            ALTER TABLE "groups" DROP CONSTRAINT "FK_6c8923b6933bb7c36f08e7870c0"
        `);
    await queryRunner.query(`
            ALTER TABLE "groups" DROP CONSTRAINT "FK_a2fa29bfd5351b5b7ccacbc9f7c"
        `);
    await queryRunner.query(`
            ALTER TABLE "groups" DROP CONSTRAINT "FK_804e5269dca88348034ffdafe24"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_types"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_slots_place_time"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_slots_time"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_slots_irregular"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_slots"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_phone_list_entries_user"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_phone_list_entries"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_meeting_exceptions_occurrence"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_exceptions_moved_start"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_exceptions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_contact_requests_recipient"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_contact_requests_requester"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_contact_requests_meeting"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_contact_requests"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_meetings_slug"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_meetings_source_slug"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meetings_group"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meetings_location"
        `);
    await queryRunner.query(`
            DROP TABLE "meetings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_changes_group_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meeting_changes_actor"
        `);
    await queryRunner.query(`
            DROP TABLE "meeting_changes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_locations_group_fingerprint"
        `);
    await queryRunner.query(`
            DROP TABLE "locations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_group_leads_user"
        `);
    await queryRunner.query(`
            DROP TABLE "group_leads"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_groups_source_key"
        `);
    await queryRunner.query(`
            DROP TABLE "groups"
        `);
  }
}
