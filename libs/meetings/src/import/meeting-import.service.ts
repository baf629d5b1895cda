import { createHash } from 'node:crypto';
import { ForbiddenException, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@homegroup/identity';
import { Clock } from '@homegroup/operations';
import type { ImportMeetingGuideDto } from './dto/import-meeting-guide.dto';
import type { ImportReportResponseDto } from './dto/import-report.response.dto';
import type { GroupEntity } from '../entities/group.entity';
import { GroupAccess, isAdmin } from '../groups/group-access.service';
import { GroupsRepository } from '../groups/groups.repository';
import { MeetingLinksRepository, type DuplicateMatch } from './meeting-links.repository';
import { fieldError } from '../meeting-errors';
import { fromMeetingGuide, type ParsedFeedItem } from '../feeds/meeting-guide';
import { MeetingInputError, normalizeMeeting, type MeetingValues } from '../schedule/meeting-input';
import { MeetingReferenceService } from '../schedule/meeting-reference.service';
import type { MeetingVocabulary } from '../schedule/meeting-vocabulary';
import { MeetingWriter } from '../schedule/meeting-writer.service';
import { ALL_EXCEPTIONS, MeetingsRepository, type ImportScope } from '../schedule/meetings.repository';
import { localParts } from '../schedule/schedule';

/** Progress is logged every this many rows (counts only: no meeting data reaches the log). */
export const IMPORT_PROGRESS_EVERY = 500;

type Outcome = 'created' | 'updated' | 'unchanged' | 'linked';

/** The importing member, or the demo seed (no member). */
export type Importer = { auth?: AuthUser; actorId: string | null };

/** A row's identity for "unchanged": everything stored except the anchor date (kept from the first import). */
function rowHash(values: MeetingValues, group: string | null, updated: Date | null): string {
  const { startsOn: _startsOn, ...rest } = values;
  return createHash('sha256').update(JSON.stringify({ rest, group, updated: updated?.toISOString() ?? null })).digest('hex');
}

/**
 * `POST /imports/meeting-guide`: a Meeting Guide feed in, a report out. Idempotent per source and slug:
 * a re-import updates (or leaves unchanged) and never duplicates; a meeting gone from the feed is
 * reported, not deleted. Each row is its own transaction, so a bad row never undoes the good ones.
 */
@Injectable()
export class MeetingImportService {
  private readonly logger = new Logger(MeetingImportService.name);

  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly groups: GroupsRepository,
    private readonly writer: MeetingWriter,
    private readonly access: GroupAccess,
    private readonly reference: MeetingReferenceService,
    private readonly clock: Clock,
    private readonly links: MeetingLinksRepository,
  ) {}

  async importFeed(importer: Importer, dto: ImportMeetingGuideDto): Promise<ImportReportResponseDto> {
    const { auth } = importer;
    let target: GroupEntity | undefined;
    if (dto.groupId) {
      if (auth) {
        target = await this.groups.transaction((manager) => this.access.manageable(manager, dto.groupId as string, auth));
      } else {
        target = (await this.groups.findById(dto.groupId)) ?? undefined;
        if (!target) throw fieldError('groupId', 'No such group');
      }
    } else if (auth && !isAdmin(auth)) {
      throw new ForbiddenException('Only admins import whole feeds; a lead imports into their own group: send groupId');
    }
    const fellowshipCode = target?.fellowship ?? dto.fellowship ?? 'AA';
    const fellowship = await this.reference.fellowship(fellowshipCode);
    if (!fellowship) throw fieldError('fellowship', `fellowship ${fellowshipCode} is not one Homegroup knows (see GET /fellowships)`);
    const vocabulary = await this.reference.vocabulary();
    // A lead's (or an admin's) import into one group reads and writes only that group's rows; a whole-feed
    // import only whole-feed rows. So the report never speaks of another group's meetings (ADR 0020).
    const scope: ImportScope = target ? { groupId: target.id } : { feed: true };

    const report: ImportReportResponseDto = {
      source: dto.source,
      total: dto.meetings.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      linked: [],
      rejected: [],
      warnings: [],
      missing: [],
    };
    const firstIndex = new Map<string, number>();
    const started = Date.now();
    if (dto.meetings.length >= IMPORT_PROGRESS_EVERY) this.logger.log(`import ${dto.source}: ${dto.meetings.length} rows`);

    for (const [index, raw] of dto.meetings.entries()) {
      const parsed = fromMeetingGuide(raw, dto.timezone);
      if ('reason' in parsed) {
        report.rejected.push({ index, ...(parsed.slug ? { slug: parsed.slug } : {}), reason: parsed.reason });
      } else if (firstIndex.has(parsed.slug)) {
        report.rejected.push({ index, slug: parsed.slug, reason: `slug ${parsed.slug} is also at index ${firstIndex.get(parsed.slug)}: slugs must be unique in a feed` });
      } else {
        firstIndex.set(parsed.slug, index);
        try {
          const { outcome, warnings, link } = await this.importRow(importer, scope, dto.source, parsed, fellowship.code, vocabulary, target);
          if (outcome === 'linked' && link) report.linked.push({ index, slug: parsed.slug, meetingId: link.meetingId, linkedSource: link.source });
          else if (outcome !== 'linked') report[outcome] += 1;
          for (const message of warnings) report.warnings.push({ index, slug: parsed.slug, message });
        } catch (error) {
          report.rejected.push({ index, slug: parsed.slug, reason: this.reason(error) });
        }
      }
      if ((index + 1) % IMPORT_PROGRESS_EVERY === 0) {
        this.logger.log(
          `import ${dto.source}: ${index + 1}/${dto.meetings.length} rows (${report.created} created, ${report.updated} updated, ` +
            `${report.unchanged} unchanged, ${report.linked.length} linked, ${report.rejected.length} rejected, ${Math.round((Date.now() - started) / 1000)} s)`,
        );
      }
    }
    report.missing = (await this.meetings.sourceSlugsMissing(scope, dto.source, [...firstIndex.keys()])).map((m) => ({
      slug: m.sourceSlug,
      meetingId: m.id,
      name: m.name,
    }));
    this.logger.log(
      `import ${dto.source} done: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
        `${report.linked.length} linked, ${report.rejected.length} rejected, ${report.missing.length} missing from the feed`,
    );
    return report;
  }

  private reason(error: unknown): string {
    if (error instanceof MeetingInputError) return error.message;
    if (error instanceof ForbiddenException) return error.message;
    const code = (error as { driverError?: { code?: string } }).driverError?.code;
    // The SQLSTATE only: the message could quote the row.
    this.logger.error(`import row failed: ${code ? `database error ${code}` : error instanceof Error ? error.name : 'unknown error'}`);
    return 'the row could not be stored (a server error); it was skipped';
  }

  private async importRow(
    importer: Importer,
    scope: ImportScope,
    source: string,
    row: ParsedFeedItem,
    fellowship: string,
    vocabulary: MeetingVocabulary,
    target: GroupEntity | undefined,
  ): Promise<{ outcome: Outcome; warnings: string[]; link?: DuplicateMatch }> {
    return this.meetings.transaction(async (manager) => {
      const existing = await this.meetings.findBySource(manager, scope, source, row.slug);
      const before = existing ? await this.meetings.findRecord(existing.id, ALL_EXCEPTIONS, manager) : null;
      const normalized = normalizeMeeting(
        { ...row.draft, startsOn: before?.startsOn ?? null },
        {
          vocabulary,
          fellowship,
          today: (zone) => localParts(zone, this.clock.nowMs()).date,
          unknownTypes: 'keep',
        },
      );
      const warnings = [...row.warnings];
      if (normalized.unknownTypes.length) warnings.push(`unknown type codes kept: ${normalized.unknownTypes.join(', ')}`);
      const hash = rowHash(normalized.values, row.group, row.updated);
      const updatedAt = row.updated ?? undefined;
      if (existing && before) {
        if (importer.auth && !target) await this.access.manageable(manager, before.groupId, importer.auth);
        if (existing.sourceHash === hash) return { outcome: 'unchanged', warnings };
        const fields = await this.writer.update(manager, before, normalized.values, importer.actorId, { sourceHash: hash, updatedAt });
        await this.writer.recordChange(manager, before.groupId, before.id, importer.actorId, 'meeting.import', fields);
        return { outcome: 'updated', warnings };
      }
      // Another source (or a lead) already lists this meeting: link the item to it instead of a second listing.
      const scopeKey = target?.id ?? '';
      const link =
        (await this.links.findLink(manager, source, scopeKey, row.slug)) ??
        (await this.links.findDuplicate(manager, {
          source,
          timezone: normalized.values.timezone,
          weekdays: normalized.values.weekdays,
          startTime: normalized.values.startTime,
          name: normalized.values.name,
          lat: normalized.values.location?.lat ?? null,
          lng: normalized.values.location?.lng ?? null,
          conferenceUrl: normalized.values.conferenceUrl,
        }));
      if (link) {
        await this.links.link(manager, source, scopeKey, row.slug, link.meetingId, this.clock.now());
        return { outcome: 'linked', warnings, link };
      }
      const group = target ?? (await this.sourceGroup(manager, importer, source, row.group, fellowship));
      const id = await this.writer.create(manager, group, normalized.values, importer.actorId, {
        source,
        sourceSlug: row.slug,
        sourceGroupScoped: target !== undefined,
        sourceHash: hash,
        updatedAt,
        preferredSlug: row.slug,
      });
      await this.writer.recordChange(manager, group.id, id, importer.actorId, 'meeting.import');
      return { outcome: 'created', warnings };
    });
  }

  /** The group a feed's `group` name stands for within the source, made (published) when new. */
  private async sourceGroup(
    manager: EntityManager,
    importer: Importer,
    source: string,
    name: string | null,
    fellowship: string,
  ): Promise<GroupEntity> {
    const key = (name ?? '').toLowerCase().slice(0, 200);
    await this.groups.lockSourceKey(manager, source, key);
    let group = await this.groups.findBySource(source, key, manager);
    if (!group) {
      group = await this.groups.insert(
        manager,
        { name: (name ?? source).slice(0, 120), fellowship, description: null, published: true, source, sourceKey: key },
        importer.actorId,
        this.clock.now(),
      );
      await this.writer.recordChange(manager, group.id, null, importer.actorId, 'group.import');
    }
    return group;
  }
}
