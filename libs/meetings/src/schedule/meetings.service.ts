import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@homegroup/identity';
import { Clock } from '@homegroup/operations';
import type { CreateMeetingDto } from './dto/create-meeting.dto';
import type { CreateMeetingExceptionDto } from './dto/create-meeting-exception.dto';
import type { MeetingResponseDto } from './dto/meeting.response.dto';
import type { UpdateMeetingDto } from './dto/update-meeting.dto';
import { GroupAccess } from '../groups/group-access.service';
import { fieldError, meetingNotFound } from '../meeting-errors';
import { MeetingInputError, normalizeMeeting, type MeetingDraft, type MeetingValues } from './meeting-input';
import { scheduleOf, type MeetingRecord } from './meeting-record';
import { MeetingReferenceService } from './meeting-reference.service';
import type { MeetingVocabulary } from './meeting-vocabulary';
import { meetingView } from './meeting-views';
import { MeetingWriter, type FieldDiff } from './meeting-writer.service';
import { GroupsRepository } from '../groups/groups.repository';
import { ALL_EXCEPTIONS, MeetingsRepository } from './meetings.repository';
import { DAY_MS, localParts, localToInstant, meetsOn, parseLocalTime } from './schedule';

/** The draft a record stands for (what an update starts from). */
export function draftOf(m: MeetingRecord): MeetingDraft {
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
    conferenceUrl: m.conferenceUrl,
    conferenceUrlNotes: m.conferenceUrlNotes,
    conferencePhone: m.conferencePhone,
    conferencePhoneNotes: m.conferencePhoneNotes,
    notes: m.notes,
    location: m.location,
  };
}

export function draftFromDto(dto: CreateMeetingDto | UpdateMeetingDto): MeetingDraft {
  const draft: MeetingDraft = {};
  const copy = <K extends keyof MeetingDraft>(key: K, value: MeetingDraft[K] | undefined): void => {
    if (value !== undefined) draft[key] = value;
  };
  copy('name', dto.name);
  copy('timezone', dto.timezone);
  copy('weekdays', dto.weekdays);
  copy('startTime', dto.startTime);
  copy('durationMinutes', dto.durationMinutes);
  copy('rrule', dto.rrule);
  copy('startsOn', dto.startsOn);
  copy('attendance', dto.attendance);
  copy('status', dto.status);
  copy('statusUntil', dto.statusUntil);
  copy('types', dto.types);
  copy('languages', dto.languages);
  copy('notes', dto.notes);
  copy('location', dto.location);
  if (dto.conference === null) {
    Object.assign(draft, { conferenceUrl: null, conferenceUrlNotes: null, conferencePhone: null, conferencePhoneNotes: null });
  } else if (dto.conference) {
    Object.assign(draft, {
      conferenceUrl: dto.conference.url ?? null,
      conferenceUrlNotes: dto.conference.notes ?? null,
      conferencePhone: dto.conference.phone ?? null,
      conferencePhoneNotes: dto.conference.phoneNotes ?? null,
    });
  }
  return draft;
}

/**
 * A group's meetings as its leads write them: create, edit, delete, cancel or move one occurrence, mark
 * verified. Authorization per group (GroupAccess); every change is logged with who and when.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly writer: MeetingWriter,
    private readonly access: GroupAccess,
    private readonly reference: MeetingReferenceService,
    private readonly groups: GroupsRepository,
    private readonly clock: Clock,
  ) {}

  private since(): string {
    return localParts('UTC', this.clock.nowMs() - 2 * DAY_MS).date;
  }

  private normalize(draft: MeetingDraft, fellowship: string, vocabulary: MeetingVocabulary): MeetingValues {
    try {
      return normalizeMeeting(draft, {
        vocabulary,
        fellowship,
        today: (zone) => localParts(zone, this.clock.nowMs()).date,
        unknownTypes: 'reject',
      }).values;
    } catch (error) {
      if (error instanceof MeetingInputError) throw fieldError(error.field, error.message);
      throw error;
    }
  }

  async create(auth: AuthUser, groupId: string, dto: CreateMeetingDto): Promise<MeetingResponseDto> {
    // Read before the transaction: a query on another connection while the transaction holds one can wait forever
    // once every pooled connection is held that way (a cold cache under concurrent writes).
    const vocabulary = await this.reference.vocabulary();
    const id = await this.meetings.transaction(async (manager) => {
      const group = await this.access.manageable(manager, groupId, auth);
      const values = this.normalize(draftFromDto(dto), group.fellowship, vocabulary);
      const meetingId = await this.writer.create(manager, group, values, auth.id);
      await this.writer.recordChange(manager, group.id, meetingId, auth.id, 'meeting.create');
      return meetingId;
    });
    return this.view(id);
  }

  /** One meeting: anyone for a published group; its leads and admins otherwise; 404 for everyone else. */
  async get(id: string, auth: AuthUser | undefined): Promise<MeetingResponseDto> {
    const record = await this.readable(id, auth);
    return meetingView(record, this.clock.nowMs());
  }

  async readable(id: string, auth: AuthUser | undefined, since = this.since()): Promise<MeetingRecord> {
    const record = await this.meetings.findRecord(id, since);
    if (!record) throw meetingNotFound();
    if (!record.published) {
      try {
        await this.access.readable(record.groupId, auth);
      } catch {
        throw meetingNotFound();
      }
    }
    return record;
  }

  async listForGroup(groupId: string, auth: AuthUser | undefined): Promise<MeetingResponseDto[]> {
    await this.access.readable(groupId, auth);
    const now = this.clock.nowMs();
    return (await this.meetings.recordsOfGroup(groupId, this.since())).map((m) => meetingView(m, now));
  }

  async update(auth: AuthUser, id: string, dto: UpdateMeetingDto): Promise<MeetingResponseDto> {
    const vocabulary = await this.reference.vocabulary(); // before the transaction, as in create
    await this.meetings.transaction(async (manager) => {
      const before = await this.lockForWrite(manager, id, auth);
      await this.applyChanges(manager, auth, before, dto, vocabulary, { action: 'meeting.update' });
    });
    return this.view(id);
  }

  /**
   * A lead's edit inside the caller's transaction, the meeting locked by `lockForWrite`: the same rules as PATCH, the
   * change log with each field's before and after; an edit counts as the lead's check of the listing (ADR 0042).
   */
  async applyChanges(
    manager: EntityManager,
    auth: AuthUser,
    before: MeetingRecord,
    changes: UpdateMeetingDto,
    vocabulary: MeetingVocabulary,
    log: { action: string; proposalId?: string },
  ): Promise<FieldDiff> {
    const values = this.normalize({ ...draftOf(before), ...draftFromDto(changes) }, before.fellowship, vocabulary);
    const diff = await this.writer.updateWithDiff(manager, before, values, auth.id);
    await this.listingChecked(manager, before.id);
    await this.groups.recordChange(manager, {
      groupId: before.groupId,
      meetingId: before.id,
      actorId: auth.id,
      action: log.action,
      fields: Object.keys(diff),
      diff,
      proposalId: log.proposalId ?? null,
      at: this.clock.now(),
    });
    return diff;
  }

  /** What the listing would become with `changes` (400 naming the field when the rules refuse it); writes nothing. */
  async preview(record: MeetingRecord, changes: UpdateMeetingDto): Promise<MeetingValues> {
    const vocabulary = await this.reference.vocabulary();
    return this.normalize({ ...draftOf(record), ...draftFromDto(changes) }, record.fellowship, vocabulary);
  }

  vocabulary(): Promise<MeetingVocabulary> {
    return this.reference.vocabulary();
  }

  async remove(auth: AuthUser, id: string): Promise<void> {
    await this.meetings.transaction(async (manager) => {
      const before = await this.lockForWrite(manager, id, auth);
      await this.meetings.delete(manager, id);
      await this.meetings.dropLocationIfUnused(manager, before.location?.id ?? null);
      await this.writer.recordChange(manager, before.groupId, id, auth.id, 'meeting.delete');
    });
  }

  async verify(auth: AuthUser, id: string): Promise<MeetingResponseDto> {
    await this.meetings.transaction(async (manager) => {
      const before = await this.lockForWrite(manager, id, auth);
      await this.meetings.update(manager, id, {}, auth.id, before.updatedAt);
      await this.listingChecked(manager, id);
      await this.writer.recordChange(manager, before.groupId, id, auth.id, 'meeting.verify', ['lastVerifiedAt']);
    });
    return this.view(id);
  }

  /**
   * Cancels or moves the occurrence on a local date (one exception per date: a second replaces the first).
   * The date must be one the schedule meets on.
   */
  async addException(auth: AuthUser, id: string, dto: CreateMeetingExceptionDto): Promise<MeetingResponseDto> {
    await this.meetings.transaction(async (manager) => {
      const before = await this.lockForWrite(manager, id, auth);
      const spec = scheduleOf(before);
      if (!meetsOn(spec, dto.date)) {
        throw fieldError('date', `${before.name} does not meet on ${dto.date} (${before.timezone}); pick a date it meets on`);
      }
      let movedStart: Date | null = null;
      let movedDuration: number | null = null;
      if (dto.kind === 'move') {
        if (!dto.moveTo) throw fieldError('moveTo', 'a move needs moveTo: { date?, startTime, durationMinutes? }');
        const date = dto.moveTo.date ?? dto.date;
        movedStart = new Date(localToInstant(before.timezone, date, parseLocalTime(dto.moveTo.startTime)));
        movedDuration = dto.moveTo.durationMinutes ?? before.durationMinutes;
        const original = localToInstant(before.timezone, dto.date, parseLocalTime(before.startTime));
        if (movedStart.getTime() === original && movedDuration === before.durationMinutes) {
          throw fieldError('moveTo', 'moveTo is the same time as the occurrence; leave it as it is');
        }
      } else if (dto.moveTo) {
        throw fieldError('moveTo', 'moveTo goes with kind "move" only');
      }
      await this.meetings.insertException(manager, {
        meetingId: id,
        occurrenceDate: dto.date,
        kind: dto.kind,
        movedStart,
        movedDurationMinutes: movedDuration,
        note: dto.note?.trim() || null,
        createdBy: auth.id,
        createdAt: this.clock.now(),
      });
      await this.meetings.touch(manager, id, auth.id, this.clock.now());
      await this.listingChecked(manager, id);
      await this.writer.reindex(manager, id);
      await this.writer.recordChange(manager, before.groupId, id, auth.id, `exception.${dto.kind}`, [dto.date]);
    });
    return this.view(id);
  }

  async removeException(auth: AuthUser, id: string, exceptionId: string): Promise<MeetingResponseDto> {
    await this.meetings.transaction(async (manager) => {
      const before = await this.lockForWrite(manager, id, auth);
      if (!(await this.meetings.deleteException(manager, id, exceptionId))) {
        throw new NotFoundException('No such exception on this meeting');
      }
      await this.meetings.touch(manager, id, auth.id, this.clock.now());
      await this.listingChecked(manager, id);
      await this.writer.reindex(manager, id);
      await this.writer.recordChange(manager, before.groupId, id, auth.id, 'exception.remove');
    });
    return this.view(id);
  }

  /** A lead confirmed or edited the listing: verified now (ADR 0042). */
  async listingChecked(manager: EntityManager, id: string): Promise<void> {
    await this.meetings.markVerified(manager, id, this.clock.now());
  }

  /** Locks the meeting and checks the caller may change its group: 404 if they cannot see it, 403 otherwise. */
  async lockForWrite(manager: EntityManager, id: string, auth: AuthUser): Promise<MeetingRecord> {
    const locked = await this.meetings.lock(manager, id);
    if (!locked) throw meetingNotFound();
    try {
      await this.access.manageable(manager, locked.groupId, auth);
    } catch (error) {
      if (error instanceof NotFoundException) throw meetingNotFound();
      throw error;
    }
    const record = await this.meetings.findRecord(id, ALL_EXCEPTIONS, manager);
    if (!record) throw meetingNotFound();
    return record;
  }

  private async view(id: string): Promise<MeetingResponseDto> {
    const record = await this.meetings.findRecord(id, this.since());
    if (!record) throw new BadRequestException('The meeting is gone');
    return meetingView(record, this.clock.nowMs());
  }
}
