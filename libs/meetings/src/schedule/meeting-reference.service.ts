import { Injectable } from '@nestjs/common';
import type { FellowshipEntity } from '@homegroup/identity';
import type { MeetingTypeEntity } from '../entities/meeting-type.entity';
import { MeetingReferenceRepository } from './meeting-reference.repository';
import { MeetingVocabulary } from './meeting-vocabulary';

const TTL_MS = 5 * 60_000;

/**
 * Reference data the meeting rules read on every request (fellowships, the type vocabulary): loaded once
 * and kept for five minutes, reloaded at once when asked about a fellowship it does not know.
 */
@Injectable()
export class MeetingReferenceService {
  private vocabularyCache?: { at: number; value: Promise<MeetingVocabulary> };
  private fellowshipCache?: { at: number; value: Promise<Map<string, FellowshipEntity>> };

  constructor(private readonly rows: MeetingReferenceRepository) {}

  vocabulary(): Promise<MeetingVocabulary> {
    if (!this.vocabularyCache || Date.now() - this.vocabularyCache.at > TTL_MS) {
      const value = this.rows.meetingTypes().then((rows) => new MeetingVocabulary(rows));
      value.catch(() => (this.vocabularyCache = undefined));
      this.vocabularyCache = { at: Date.now(), value };
    }
    return this.vocabularyCache.value;
  }

  async vocabularyRows(): Promise<MeetingTypeEntity[]> {
    return this.rows.meetingTypes();
  }

  /** The fellowship for a code (case-insensitive), or undefined. */
  async fellowship(code: string): Promise<FellowshipEntity | undefined> {
    const key = code.toUpperCase();
    let found = (await this.fellowships()).get(key);
    if (!found) {
      this.fellowshipCache = undefined;
      found = (await this.fellowships()).get(key);
    }
    return found;
  }

  private fellowships(): Promise<Map<string, FellowshipEntity>> {
    if (!this.fellowshipCache || Date.now() - this.fellowshipCache.at > TTL_MS) {
      const value = this.rows.fellowships().then((rows) => new Map(rows.map((f) => [f.code.toUpperCase(), f])));
      value.catch(() => (this.fellowshipCache = undefined));
      this.fellowshipCache = { at: Date.now(), value };
    }
    return this.fellowshipCache.value;
  }
}
