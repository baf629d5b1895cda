import { ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { AppConfig } from '@homegroup/config';
import { QUEUES } from '@homegroup/contracts';
import type { AuthUser } from '@homegroup/identity';
import { JobsService } from '@homegroup/jobs';
import { Clock } from '@homegroup/operations';
import type { MeetingSourceEntity } from '../entities/meeting-source.entity';
import type { MeetingSourceRunEntity } from '../entities/meeting-source-run.entity';
import { GroupAccess, isAdmin } from '../groups/group-access.service';
import { MAX_IMPORT_MEETINGS } from '../import/dto/import-meeting-guide.dto';
import { MeetingImportService } from '../import/meeting-import.service';
import { fieldError } from '../meeting-errors';
import { MeetingReferenceService } from '../schedule/meeting-reference.service';
import { bmltMeetings, fromBmlt } from './bmlt-results';
import type { CreateMeetingSourceDto } from './dto/create-meeting-source.dto';
import type { MeetingSourceRunResponseDto } from './dto/meeting-source-run.response.dto';
import type { MeetingSourceResponseDto } from './dto/meeting-source.response.dto';
import type { UpdateMeetingSourceDto } from './dto/update-meeting-source.dto';
import { fetchFeed } from './feed-fetch';
import { MeetingSourcesRepository, type RunOutcome } from './meeting-sources.repository';

/** Sources a list shows at most; runs a source's report shows (the newest). */
export const SOURCES_LISTED = 200;
/** Sources the minute job queues at most per minute (the rest on the next minute). */
export const SOURCES_CLAIMED_PER_MINUTE = 100;

/** A run still queued or running this long after it was queued was abandoned (a run job expires after an hour). */
export const ABANDONED_AFTER_MS = 2 * 3600_000;

/** The importer's source name of a meeting source: its meetings carry it, re-runs update them. */
export const sourceKey = (id: string): string => `source:${id}`;

const sourceNotFound = (): NotFoundException => new NotFoundException('No such meeting source (or it is not yours); check the id');

/**
 * Meeting sources (ADR 0043): feeds an admin (whole feed) or a lead (into their group) registers, fetched on a
 * cadence by the worker and imported with the Meeting Guide importer. A run that fails in any way (no answer, not
 * 200, not JSON, not a feed, empty) changes nothing: it is reported and the meetings stay as they are.
 */
@Injectable()
export class MeetingSourcesService {
  private readonly logger = new Logger(MeetingSourcesService.name);

  constructor(
    private readonly sources: MeetingSourcesRepository,
    private readonly access: GroupAccess,
    private readonly reference: MeetingReferenceService,
    private readonly imports: MeetingImportService,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async create(auth: AuthUser, dto: CreateMeetingSourceDto): Promise<MeetingSourceResponseDto> {
    await this.checkValues(dto);
    const source = await this.sources.transaction(async (manager) => {
      if (dto.groupId) await this.access.manageable(manager, dto.groupId, auth);
      else if (!isAdmin(auth)) throw new ForbiddenException('Only admins register whole feeds; a lead registers a feed for their own group: send groupId');
      return this.sources.insert(
        manager,
        {
          name: dto.name,
          url: dto.url,
          format: dto.format,
          groupId: dto.groupId ?? null,
          timezone: dto.timezone ?? null,
          fellowship: dto.fellowship ?? null,
          cadenceMinutes: dto.cadenceMinutes,
        },
        auth.id,
        this.clock.now(),
      );
    });
    this.logger.log(`meeting source ${source.id} registered (${source.format}, every ${source.cadenceMinutes} min)`);
    return toResponse(source);
  }

  async list(auth: AuthUser): Promise<MeetingSourceResponseDto[]> {
    return (await this.sources.list(isAdmin(auth) ? null : auth.id, SOURCES_LISTED)).map(toResponse);
  }

  async get(auth: AuthUser, id: string): Promise<MeetingSourceResponseDto> {
    return toResponse(await this.visible(auth, id));
  }

  async update(auth: AuthUser, id: string, dto: UpdateMeetingSourceDto): Promise<MeetingSourceResponseDto> {
    await this.visible(auth, id);
    await this.checkValues(dto);
    await this.sources.transaction(async (manager) => {
      const source = await this.sources.lock(manager, id);
      if (!source) throw sourceNotFound();
      const fetchChanges = (dto.url !== undefined && dto.url !== source.url) || (dto.format !== undefined && dto.format !== source.format);
      await this.sources.update(manager, id, { ...dto }, this.clock.now(), fetchChanges);
    });
    return this.get(auth, id);
  }

  async remove(auth: AuthUser, id: string): Promise<void> {
    await this.visible(auth, id);
    // The meetings it imported stay (they are listings now); only the source and its reports go.
    await this.sources.transaction((manager) => this.sources.delete(manager, id));
  }

  /** Queues a run now (202); the worker fetches and imports it. */
  async runNow(auth: AuthUser, id: string): Promise<MeetingSourceRunResponseDto> {
    await this.visible(auth, id);
    const run = await this.queue(id, 'manual');
    if (!run) throw sourceNotFound();
    return toRunResponse(run);
  }

  async runs(auth: AuthUser, id: string): Promise<MeetingSourceRunResponseDto[]> {
    await this.visible(auth, id);
    return (await this.sources.runs(id, 50)).map(toRunResponse);
  }

  /** The minute job: a run for each source whose cadence has come round. */
  async queueDue(): Promise<number> {
    const now = this.clock.nowMs();
    await this.sources.failAbandonedRuns(new Date(now - ABANDONED_AFTER_MS), new Date(now));
    const ids = await this.sources.transaction((manager) => this.sources.claimDue(manager, this.clock.now(), SOURCES_CLAIMED_PER_MINUTE));
    for (const id of ids) await this.queue(id, 'schedule');
    return ids.length;
  }

  private async queue(sourceId: string, trigger: 'schedule' | 'manual'): Promise<MeetingSourceRunEntity | null> {
    return this.sources.transaction(async (manager) => {
      if (!(await this.sources.lock(manager, sourceId))) return null;
      const run = await this.sources.queueRun(manager, sourceId, trigger, this.clock.now());
      // The job is written in the run's transaction (pg-boss's own insert, no second connection: ADR 0036).
      const job = await this.jobs.insertFragment([{ queue: QUEUES.meetingSourceRun, payload: { runId: run.id }, startAfterSeconds: 0 }], 1);
      await manager.query(job.sql, job.params);
      return run;
    });
  }

  /** The worker's run: fetch, check, import; every outcome is written to the run, nothing is thrown. */
  async execute(runId: string): Promise<void> {
    const run = await this.sources.startRun(runId, this.clock.now());
    if (!run) return;
    const source = await this.sources.findById(run.sourceId);
    if (!source) return;
    let outcome: RunOutcome;
    try {
      outcome = await this.fetchAndImport(source);
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      this.logger.error(`meeting source ${source.id} run ${runId} failed: ${code ? `database error ${code}` : error instanceof Error ? error.name : 'error'}`);
      outcome = { status: 'failed', httpStatus: null, error: 'the import failed (a server error); nothing was removed' };
    }
    await this.sources.finishRun(runId, outcome, this.clock.now());
    this.logger.log(
      `meeting source ${source.id} run ${runId}: ${outcome.status}` +
        (outcome.status === 'imported'
          ? ` (${outcome.total} items: ${outcome.created} created, ${outcome.updated} updated, ${outcome.unchanged} unchanged, ` +
            `${outcome.links?.length ?? 0} linked, ${outcome.rejected} rejected, ${outcome.missing} missing)`
          : ''),
    );
  }

  private async fetchAndImport(source: MeetingSourceEntity): Promise<RunOutcome> {
    const { allowPrivateAddresses, maxBytes, timeoutMs } = this.config.meetingSources;
    const fetched = await fetchFeed(source.url, { allowPrivateAddresses, maxBytes, timeoutMs, etag: source.etag, lastModified: source.lastModified });
    if (fetched.kind === 'not-modified') return { status: 'not-modified', httpStatus: 304 };
    if (fetched.kind === 'http-error') return { status: 'failed', httpStatus: fetched.status, error: `the feed answered HTTP ${fetched.status}; nothing was changed` };
    if (fetched.kind === 'failed') return { status: 'failed', httpStatus: null, error: `${fetched.reason}; nothing was changed` };
    const failed = (error: string): RunOutcome => ({ status: 'failed', httpStatus: 200, error: `${error}; nothing was changed` });
    let json: unknown;
    try {
      json = JSON.parse(fetched.body.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      return failed('the feed is not JSON');
    }
    const items = source.format === 'bmlt' ? bmltMeetings(json)?.map(fromBmlt) : meetingGuideItems(json);
    if (!items) return failed(source.format === 'bmlt' ? 'the answer is not BMLT GetSearchResults JSON' : 'the feed is not Meeting Guide JSON (an array of meetings)');
    if (items.length === 0) return failed('the feed is empty');
    if (items.length > MAX_IMPORT_MEETINGS) return failed(`the feed has more than ${MAX_IMPORT_MEETINGS} meetings`);
    const report = await this.imports.importFeed(
      { actorId: source.createdBy },
      {
        source: sourceKey(source.id),
        meetings: items,
        ...(source.groupId ? { groupId: source.groupId } : {}),
        ...(source.timezone ? { timezone: source.timezone } : {}),
        ...(source.fellowship ? { fellowship: source.fellowship } : {}),
      },
    );
    // Only a feed that was imported makes the next fetch conditional.
    await this.sources.saveValidators(source.id, fetched.etag, fetched.lastModified);
    return {
      status: 'imported',
      httpStatus: 200,
      total: report.total,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      missing: report.missing.length,
      rejected: report.rejected.length,
      links: report.linked.map((l) => ({ slug: l.slug, meetingId: l.meetingId, linkedSource: l.linkedSource })),
    };
  }

  private async checkValues(dto: Partial<CreateMeetingSourceDto>): Promise<void> {
    const min = this.config.meetingSources.minCadenceMinutes;
    if (dto.cadenceMinutes !== undefined && dto.cadenceMinutes < min) {
      throw fieldError('cadenceMinutes', `cadenceMinutes must be at least ${min}: feeds are fetched at most every ${min} minutes`);
    }
    if (dto.fellowship && !(await this.reference.fellowship(dto.fellowship))) {
      throw fieldError('fellowship', `fellowship ${dto.fellowship} is not one Homegroup knows (see GET /fellowships)`);
    }
  }

  /** The source when the caller is an admin or leads its group; 404 otherwise (a stranger learns nothing). */
  private async visible(auth: AuthUser, id: string): Promise<MeetingSourceEntity> {
    const source = await this.sources.findById(id);
    if (!source) throw sourceNotFound();
    if (isAdmin(auth)) return source;
    if (source.groupId && (await this.sources.isLead(source.groupId, auth.id))) return source;
    throw sourceNotFound();
  }
}

/** A Meeting Guide feed is an array; some servers wrap it as `{ meetings: [...] }`. */
function meetingGuideItems(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json as unknown[];
  const wrapped = json && typeof json === 'object' ? (json as { meetings?: unknown }).meetings : undefined;
  return Array.isArray(wrapped) ? (wrapped as unknown[]) : null;
}

function toResponse(s: MeetingSourceEntity): MeetingSourceResponseDto {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    format: s.format,
    groupId: s.groupId,
    source: sourceKey(s.id),
    cadenceMinutes: s.cadenceMinutes,
    timezone: s.timezone,
    fellowship: s.fellowship,
    nextRunAt: s.nextRunAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

function toRunResponse(r: MeetingSourceRunEntity): MeetingSourceRunResponseDto {
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status,
    httpStatus: r.httpStatus,
    notModified: r.notModified,
    total: r.total,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    missing: r.missing,
    rejected: r.rejected,
    linked: r.links.length,
    links: r.links,
    error: r.error,
    queuedAt: r.queuedAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}
