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

/** Field names of MeetingValues that differ (for the change log, never the values). */
export function changedFields(before: MeetingRecord, after: MeetingValues): string[] {
  const fields: string[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const pairs: [string, unknown, unknown][] = [
    ['name', before.name, after.name],
    ['timezone', before.timezone, after.timezone],
    ['weekdays', before.weekdays, after.weekdays],
    ['startTime', before.startTime, after.startTime],
    ['durationMinutes', before.durationMinutes, after.durationMinutes],
    ['rrule', before.rrule, after.rrule],
    ['startsOn', before.startsOn, after.startsOn],
    ['attendance', before.attendance, after.attendance],
    ['status', before.status, after.status],
    ['statusUntil', before.statusUntil, after.statusUntil],
    ['types', before.types, after.types],
    ['languages', before.languages, after.languages],
    ['conference', [before.conferenceUrl, before.conferenceUrlNotes, before.conferencePhone, before.conferencePhoneNotes],
      [after.conferenceUrl, after.conferenceUrlNotes, after.conferencePhone, after.conferencePhoneNotes]],
    ['notes', before.notes, after.notes],
  ];
  for (const [field, a, b] of pairs) if (!same(a, b)) fields.push(field);
  const { id: _id, ...beforeLocation } = before.location ?? { id: '' };
  if (!same(before.location ? beforeLocation : null, after.location)) fields.push('location');
  return fields;
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
    const fields = changedFields(before, values);
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
    return fields;
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
  ): Promise<void> {
    return this.groups.recordChange(manager, { groupId, meetingId, actorId, action, fields, at: this.clock.now() });
  }
}
