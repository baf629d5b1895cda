import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { placeCellSql } from '@homegroup/geo';
import { MeetingEntity } from '../entities/meeting.entity';
import { MeetingExceptionEntity, type ExceptionKind } from '../entities/meeting-exception.entity';
import type { LocationValues, MeetingValues } from './meeting-input';
import { MEETING_FROM, meetingColumns, toMeetingRecord, type MeetingRecord, type RawMeetingRow } from './meeting-record';
import type { Slot } from './schedule';

/** Everything a meeting row holds apart from its ids and slug. */
export type MeetingRowValues = Omit<MeetingValues, 'location'> & {
  locationId: string | null;
  searchText: string;
  source?: string | null;
  sourceSlug?: string | null;
  sourceGroupScoped?: boolean;
  sourceHash?: string | null;
  lastVerifiedAt?: Date | null;
};

/**
 * Whose (source, slug) an import reads and writes: a lead's import into one group sees only that group's
 * rows; an admin's whole-feed import sees only whole-feed rows. So no report speaks of another group.
 */
export type ImportScope = { groupId: string } | { feed: true };

function scopeWhere(scope: ImportScope, index: number): string {
  return 'groupId' in scope ? `source_group_scoped AND group_id = $${index}` : 'NOT source_group_scoped';
}

function scopeParams(scope: ImportScope): string[] {
  return 'groupId' in scope ? [scope.groupId] : [];
}

/** The whole past (iCal wants every EXDATE); reads that only care about what comes use a later date. */
export const ALL_EXCEPTIONS = '1900-01-01';

@Injectable()
export class MeetingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  private async records(where: string, params: unknown[], since: string, manager?: EntityManager, order = 'm.slug'): Promise<MeetingRecord[]> {
    const rows = await this.m(manager).query<RawMeetingRow[]>(
      `SELECT ${meetingColumns('$1')} FROM ${MEETING_FROM} WHERE ${where} ORDER BY ${order}`,
      [since, ...params],
    );
    return rows.map(toMeetingRecord);
  }

  async findRecord(id: string, since: string, manager?: EntityManager): Promise<MeetingRecord | null> {
    return (await this.records('m.id = $2', [id], since, manager))[0] ?? null;
  }

  recordsOfGroup(groupId: string, since: string): Promise<MeetingRecord[]> {
    return this.records('m.group_id = $2', [groupId], since, undefined, 'm.name, m.slug');
  }

  /** Every meeting of a published group (the feed), by slug. */
  publishedRecords(since: string): Promise<MeetingRecord[]> {
    return this.records('g.published', [], since);
  }

  recordsOfSource(source: string, manager?: EntityManager): Promise<MeetingRecord[]> {
    return this.records('m.source = $2', [source], ALL_EXCEPTIONS, manager);
  }

  /** Locks the meeting row for the rest of the transaction; null when it does not exist. */
  async lock(manager: EntityManager, id: string): Promise<{ id: string; groupId: string } | null> {
    const rows = await manager.query<{ id: string; group_id: string }[]>('SELECT id, group_id FROM meetings WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? { id: rows[0].id, groupId: rows[0].group_id } : null;
  }

  /**
   * The meeting an import row stands for: within `scope.groupId` for a lead's import into one group
   * (never another group's row), else among admins' whole-feed imports of the source.
   */
  async findBySource(
    manager: EntityManager,
    scope: ImportScope,
    source: string,
    sourceSlug: string,
  ): Promise<{ id: string; groupId: string; sourceHash: string | null } | null> {
    const rows = await manager.query<{ id: string; group_id: string; source_hash: string | null }[]>(
      `SELECT id, group_id, source_hash FROM meetings WHERE source = $1 AND source_slug = $2 AND ${scopeWhere(scope, 3)} FOR UPDATE`,
      [source, sourceSlug, ...scopeParams(scope)],
    );
    return rows[0] ? { id: rows[0].id, groupId: rows[0].group_id, sourceHash: rows[0].source_hash } : null;
  }

  /** The group's location with exactly these fields (made when new). */
  async locationId(manager: EntityManager, groupId: string, location: LocationValues): Promise<string> {
    const fingerprint = createHash('sha256').update(JSON.stringify(location)).digest('hex');
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO locations (group_id, name, address, city, state, postal_code, country, formatted_address, lat, lng,
                              approximate, timezone, regions, notes, fingerprint)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (group_id, fingerprint) DO UPDATE SET fingerprint = EXCLUDED.fingerprint
       RETURNING id`,
      [
        groupId,
        location.name,
        location.address,
        location.city,
        location.state,
        location.postalCode,
        location.country,
        location.formattedAddress,
        location.lat,
        location.lng,
        location.approximate,
        location.timezone,
        location.regions,
        location.notes,
        fingerprint,
      ],
    );
    return rows[0].id;
  }

  /** Removes a location no meeting uses any more. */
  async dropLocationIfUnused(manager: EntityManager, locationId: string | null): Promise<void> {
    if (!locationId) return;
    await manager.query('DELETE FROM locations l WHERE l.id = $1 AND NOT EXISTS (SELECT 1 FROM meetings WHERE location_id = l.id)', [
      locationId,
    ]);
  }

  /** Holds until the transaction ends: two creates of the same base slug wait for each other here. */
  async lockSlug(manager: EntityManager, base: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`meeting-slug:${base}`]);
  }

  /** Slugs in use that start with `base` (to pick a free one). */
  async slugsLike(manager: EntityManager, base: string): Promise<Set<string>> {
    const rows = await manager.query<{ slug: string }[]>(
      `SELECT slug FROM meetings WHERE slug = $1 OR slug LIKE $2`,
      [base, `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`],
    );
    return new Set(rows.map((r) => r.slug));
  }

  async insert(
    manager: EntityManager,
    groupId: string,
    slug: string,
    values: MeetingRowValues,
    actorId: string | null,
    createdAt: Date,
    updatedAt: Date,
  ): Promise<string> {
    const entity = manager.create(MeetingEntity, {
      ...values,
      groupId,
      slug,
      createdBy: actorId,
      updatedBy: actorId,
      createdAt,
      updatedAt,
    });
    const saved = await manager.save(entity);
    return saved.id;
  }

  async update(manager: EntityManager, id: string, values: Partial<MeetingRowValues>, actorId: string | null, updatedAt: Date): Promise<void> {
    await manager.update(MeetingEntity, { id }, { ...values, updatedBy: actorId, updatedAt });
  }

  /**
   * A lead confirmed or edited the listing (ADR 0042): it is verified from `at`, and the reminder cycle starts again.
   * Its open member reports are answered (closed) and it is no longer `reported`.
   */
  async markVerified(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE meetings SET last_verified_at = $2, verification_reminded_at = NULL, reported_at = NULL, reported_reasons = '{}' WHERE id = $1`,
      [id, at],
    );
    await manager.query('UPDATE meeting_reports SET closed_at = $2 WHERE meeting_id = $1 AND closed_at IS NULL', [id, at]);
  }

  async touch(manager: EntityManager, id: string, actorId: string | null, at: Date): Promise<void> {
    await manager.update(MeetingEntity, { id }, { updatedBy: actorId, updatedAt: at });
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(MeetingEntity, { id });
  }

  async idsOfGroup(manager: EntityManager, groupId: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>('SELECT id FROM meetings WHERE group_id = $1', [groupId]);
    return rows.map((r) => r.id);
  }

  /** Rewrites the meeting's search slots in one statement pair (none: it is not listed). */
  async replaceSlots(
    manager: EntityManager,
    meetingId: string,
    slots: Slot[],
    place: { lat: number | null; lng: number | null },
    regular: boolean,
  ): Promise<void> {
    await manager.query('DELETE FROM meeting_slots WHERE meeting_id = $1', [meetingId]);
    if (slots.length === 0) return;
    await manager.query(
      `INSERT INTO meeting_slots (meeting_id, weekday, start_mow, local_start, lat, lng, cell, regular)
       SELECT $1, w, s, l, $5, $6, ${placeCellSql('$5::float8', '$6::float8')}, $7
         FROM unnest($2::int2[], $3::int2[], $4::int2[]) AS t(w, s, l)`,
      [
        meetingId,
        slots.map((s) => s.weekday),
        slots.map((s) => s.startMow),
        slots.map((s) => s.localStart),
        place.lat,
        place.lng,
        regular,
      ],
    );
  }

  async insertException(
    manager: EntityManager,
    values: {
      meetingId: string;
      occurrenceDate: string;
      kind: ExceptionKind;
      movedStart: Date | null;
      movedDurationMinutes: number | null;
      note: string | null;
      createdBy: string | null;
      createdAt: Date;
    },
  ): Promise<string> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO meeting_exceptions (meeting_id, occurrence_date, kind, moved_start, moved_duration_minutes, note, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (meeting_id, occurrence_date) DO UPDATE SET kind = EXCLUDED.kind, moved_start = EXCLUDED.moved_start,
         moved_duration_minutes = EXCLUDED.moved_duration_minutes, note = EXCLUDED.note, created_by = EXCLUDED.created_by,
         created_at = EXCLUDED.created_at
       RETURNING id`,
      [
        values.meetingId,
        values.occurrenceDate,
        values.kind,
        values.movedStart,
        values.movedDurationMinutes,
        values.note,
        values.createdBy,
        values.createdAt,
      ],
    );
    return rows[0].id;
  }

  async deleteException(manager: EntityManager, meetingId: string, exceptionId: string): Promise<boolean> {
    const result = await manager.delete(MeetingExceptionEntity, { id: exceptionId, meetingId });
    return (result.affected ?? 0) > 0;
  }

  /** The meetings of a source, in the import's scope, whose slugs are not in `slugs` (gone from the feed). */
  async sourceSlugsMissing(scope: ImportScope, source: string, slugs: string[]): Promise<{ id: string; sourceSlug: string; name: string }[]> {
    const rows = await this.dataSource.query<{ id: string; source_slug: string; name: string }[]>(
      `SELECT id, source_slug, name FROM meetings
        WHERE source = $1 AND NOT (source_slug = ANY($2::text[])) AND ${scopeWhere(scope, 3)} ORDER BY source_slug`,
      [source, slugs, ...scopeParams(scope)],
    );
    return rows.map((r) => ({ id: r.id, sourceSlug: r.source_slug, name: r.name }));
  }
}
