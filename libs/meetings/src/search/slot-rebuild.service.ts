import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@homegroup/operations';
import { MeetingWriter } from '../schedule/meeting-writer.service';
import { SlotRebuildRepository, TZ_VERSION_KEY } from './slot-rebuild.repository';

/** Meetings reindexed per transaction. */
export const REBUILD_BATCH = 200;

/** The zone rules this process runs with: the IANA tzdata version of its ICU (e.g. "2025b"). */
export function zoneRulesVersion(): string {
  return process.versions.tz ?? 'unknown';
}

/**
 * Rebuilds the search slots (ADR 0014) from the stored meetings with the zone rules and the clock of now
 * (ADR 0043): when the tzdata version changed (checked at worker boot) and nightly, which also moves the window
 * of offsets the slots cover (the coming 400 days) forward. Every meeting is reindexed by `MeetingWriter.reindex`,
 * the code every write uses, in batches of REBUILD_BATCH per transaction; progress goes to the log as counts.
 */
@Injectable()
export class SlotRebuildService {
  private readonly logger = new Logger(SlotRebuildService.name);

  constructor(
    private readonly repository: SlotRebuildRepository,
    private readonly writer: MeetingWriter,
    private readonly clock: Clock,
  ) {}

  /** At worker boot: rebuild when the stored zone rules are not this process's (one process wins the claim). */
  async rebuildIfZoneRulesChanged(): Promise<boolean> {
    const version = zoneRulesVersion();
    const stored = await this.repository.setting(TZ_VERSION_KEY);
    if (stored === version) return false;
    if (!(await this.repository.claimSetting(TZ_VERSION_KEY, version, this.clock.now()))) return false;
    this.logger.log(`zone rules changed (${stored ?? 'none recorded'} → ${version}): rebuilding the meeting search slots`);
    await this.rebuildAll();
    return true;
  }

  /** The nightly rebuild; also records the zone rules it used. */
  async rebuildNightly(): Promise<void> {
    await this.rebuildAll();
    await this.repository.claimSetting(TZ_VERSION_KEY, zoneRulesVersion(), this.clock.now());
  }

  async rebuildAll(): Promise<number> {
    const started = Date.now();
    let after: string | null = null;
    let done = 0;
    for (;;) {
      const ids = await this.repository.meetingIdsAfter(after, REBUILD_BATCH);
      if (ids.length === 0) break;
      await this.repository.transaction(async (manager) => {
        for (const id of ids) await this.writer.reindex(manager, id);
      });
      done += ids.length;
      after = ids[ids.length - 1];
      if (done % (REBUILD_BATCH * 25) === 0) this.logger.log(`search slots: ${done} meetings reindexed`);
    }
    this.logger.log(`search slots rebuilt: ${done} meetings in ${Math.round((Date.now() - started) / 1000)} s`);
    return done;
  }
}
