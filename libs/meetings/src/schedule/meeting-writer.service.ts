import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@homegroup/operations';
import { GroupsRepository } from '../groups/groups.repository';
import type { MeetingValues } from './meeting-input';
import { canOccur, scheduleOf, type MeetingRecord } from './meeting-record';
import { MeetingsRepository, type MeetingRowValues } from './meetings.repository';
import { DAY_MS, localParts, slotsOf } from './schedule';
import { freeSlug, slugify } from './slug';

export type WriteOptions = {
  source?: string | null;
  sourceSlug?: string | null;
  /** A lead's import into one group (its slugs are the group's own). */
  sourceGroupScoped?: boolean;
  sourceHash?: string | null;
  /** The listing's own last update (an import's `updated`), else the Clock. */
  updatedAt?: Date;
  /** Slug to try first (an import keeps the feed's slug when it is free). */
  preferredSlug?: string;
};

type Comparable = Omit<MeetingValues, 'location'> & { location: (MeetingValues['location'] & { id?: string }) | null };

/** The change log's fields of a meeting and their values (the conference's four parts are one field). */
export function fieldValues(m: Comparable): Record<string, unknown> {
  const location = m.location ? (({ id: _id, ...rest }) => rest)(m.location) : null;
  return {
    name: m.name,
    timezone: m.timezone,
    weekdays: m.weekdays,
    startTime: m.startTime,
    durationMinutes: m.durationMinutes,
    rrule: m.rrule,
    startsOn: m.startsOn,
    attendance: m.attendance,
    status: m.status,
    statusUntil: m.statusUntil,
    types: m.types,
    languages: m.languages,
    conference: { url: m.conferenceUrl, notes: m.conferenceUrlNotes, phone: m.conferencePhone, phoneNotes: m.conferencePhoneNotes },
    notes: m.notes,
    location,
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Field names of MeetingValues that differ (the change log's `fields`). */
export function changedFields(before: MeetingRecord, after: MeetingValues): string[] {
  const a = fieldValues(before);
  const b = fieldValues(after);
  return Object.keys(a).filter((field) => !same(a[field], b[field]));
}

/** Before and after of every field that differs (the change log's `diff`, ADR 0042). */
export type FieldDiff = Record<string, { before: unknown; after: unknown }>;

export function changeDiff(before: MeetingRecord, after: MeetingValues): FieldDiff {
  const a = fieldValues(before);
  const b = fieldValues(after);
  return Object.fromEntries(changedFields(before, after).map((field) => [field, { before: a[field], after: b[field] }]));
}

/**
 * Writes meetings inside the caller's transaction (the API's services and the importer share it): the
 * row, its location, a slug made once, and the search slots, rewritten from the stored row every time.
 */
@Injectable()
export class MeetingWriter {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly groups: GroupsRepository,
    private readonly clock: Clock,
  ) {}

  private async rowValues(manager: EntityManager, groupId: string, groupName: string, values: MeetingValues): Promise<MeetingRowValues> {
    const { location, ...rest } = values;
    const locationId = location ? await this.meetings.locationId(manager, groupId, location) : null;
    const searchText = [values.name, groupName, location?.name, location?.address, location?.city, location?.formattedAddress]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return { ...rest, locationId, searchText };
  }

  async create(
    manager: EntityManager,
    group: { id: string; name: string },
    values: MeetingValues,
    actorId: string | null,
    options: WriteOptions = {},
  ): Promise<string> {
    const base = slugify(options.preferredSlug ?? values.name);
    // Two creates of the same name wait for each other here, so they pick different slugs.
    await this.meetings.lockSlug(manager, base);
    const slug = freeSlug(base, await this.meetings.slugsLike(manager, base));
    const now = this.clock.now();
    const row = await this.rowValues(manager, group.id, group.name, values);
    const id = await this.meetings.insert(
      manager,
      group.id,
      slug,
      {
        ...row,
        source: options.source ?? null,
        sourceSlug: options.sourceSlug ?? null,
        sourceGroupScoped: options.sourceGroupScoped ?? false,
        sourceHash: options.sourceHash ?? null,
        // A new listing is as right as it will ever be: its verification cadence starts now (ADR 0042).
        lastVerifiedAt: now,
      },
      actorId,
      now,
      options.updatedAt ?? now,
    );
    await this.reindex(manager, id);
    return id;
  }

  /** Replaces every field; returns the names of the fields that changed. */
  async update(
    manager: EntityManager,
    before: MeetingRecord,
    values: MeetingValues,
    actorId: string | null,
    options: WriteOptions = {},
  ): Promise<string[]> {
    return Object.keys(await this.updateWithDiff(manager, before, values, actorId, options));
  }

  /** Replaces every field; returns each changed field's before and after. */
  async updateWithDiff(
    manager: EntityManager,
    before: MeetingRecord,
    values: MeetingValues,
    actorId: string | null,
    options: WriteOptions = {},
  ): Promise<FieldDiff> {
    const diff = changeDiff(before, values);
    const row = await this.rowValues(manager, before.groupId, before.groupName, values);
    await this.meetings.update(
      manager,
      before.id,
      { ...row, ...(options.sourceHash !== undefined ? { sourceHash: options.sourceHash } : {}) },
      actorId,
      options.updatedAt ?? this.clock.now(),
    );
    if (before.location && before.location.id !== row.locationId) await this.meetings.dropLocationIfUnused(manager, before.location.id);
    await this.reindex(manager, before.id);
    return diff;
  }

  /**
   * Rewrites the meeting's search slots from what is stored: none when its group is unpublished or it
   * cannot take place; irregular when its next occurrence may be more than a week away.
   */
  async reindex(manager: EntityManager, meetingId: string): Promise<void> {
    const nowMs = this.clock.nowMs();
    const since = localParts('UTC', nowMs - 2 * DAY_MS).date;
    const m = await this.meetings.findRecord(meetingId, since, manager);
    if (!m) return;
    const listed = m.published && canOccur(m);
    const slots = listed ? slotsOf(scheduleOf(m), nowMs) : [];
    const regular = m.rrule === null && m.status === 'active' && m.exceptions.length === 0;
    await this.meetings.replaceSlots(manager, m.id, slots, { lat: m.location?.lat ?? null, lng: m.location?.lng ?? null }, regular);
  }

  async reindexGroup(manager: EntityManager, groupId: string): Promise<void> {
    for (const id of await this.meetings.idsOfGroup(manager, groupId)) await this.reindex(manager, id);
  }

  recordChange(
    manager: EntityManager,
    groupId: string,
    meetingId: string | null,
    actorId: string | null,
    action: string,
    fields: string[] = [],
    diff: FieldDiff | null = null,
  ): Promise<void> {
    return this.groups.recordChange(manager, { groupId, meetingId, actorId, action, fields, diff, at: this.clock.now() });
  }
}
