import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { haversineKm } from '@homegroup/geo';
import { DUPLICATE_NAME_SIMILARITY, nameSimilarity } from './name-similarity';

/** How close two places must be for two listings at the same start to be one meeting. */
export const DUPLICATE_DISTANCE_KM = 0.1;
/** Degrees of latitude in 100 m, with room: the box the SQL narrows to before the exact distance. */
const BOX_DEGREES = 0.0011;

export type DuplicateProbe = {
  source: string;
  timezone: string;
  weekdays: number[];
  startTime: string;
  name: string;
  lat: number | null;
  lng: number | null;
  conferenceUrl: string | null;
};

export type DuplicateMatch = { meetingId: string; source: string | null };

/** The `meeting_source_links` table and the search for another source's listing of the same meeting (ADR 0043). */
@Injectable()
export class MeetingLinksRepository {
  /** The meeting an item of this source was linked to before (still there: the link dies with it). */
  async findLink(manager: EntityManager, source: string, scope: string, slug: string): Promise<DuplicateMatch | null> {
    const rows = await manager.query<{ id: string; source: string | null }[]>(
      `SELECT m.id, m.source FROM meeting_source_links k JOIN meetings m ON m.id = k.duplicate_of
        WHERE k.source = $1 AND k.scope = $2 AND k.source_slug = $3`,
      [source, scope, slug],
    );
    return rows[0] ? { meetingId: rows[0].id, source: rows[0].source } : null;
  }

  async link(manager: EntityManager, source: string, scope: string, slug: string, meetingId: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO meeting_source_links (source, scope, source_slug, duplicate_of, linked_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (source, scope, source_slug) DO UPDATE SET duplicate_of = EXCLUDED.duplicate_of, linked_at = EXCLUDED.linked_at`,
      [source, scope, slug, meetingId, at],
    );
  }

  /**
   * A meeting listed by ANOTHER source (or by hand) that is this item: the same local start (a shared weekday,
   * the same time) and within 100 m, or the same conference link in the same zone; and a name at least 0.6 alike.
   * The closest, then the most alike, wins.
   */
  async findDuplicate(manager: EntityManager, probe: DuplicateProbe): Promise<DuplicateMatch | null> {
    const hasPlace = probe.lat !== null && probe.lng !== null;
    if (!hasPlace && !probe.conferenceUrl) return null;
    const lngBox = hasPlace ? BOX_DEGREES / Math.max(Math.cos(((probe.lat as number) * Math.PI) / 180), 0.01) : 0;
    const rows = await manager.query<{ id: string; source: string | null; name: string; lat: number | null; lng: number | null; same_link: boolean }[]>(
      `SELECT m.id, m.source, m.name, l.lat, l.lng,
              (m.conference_url IS NOT NULL AND lower(m.conference_url) = lower($8) AND m.timezone = $7) AS same_link
         FROM meetings m LEFT JOIN locations l ON l.id = m.location_id
        WHERE m.start_time = $1 AND m.weekdays && $2::smallint[] AND m.source IS DISTINCT FROM $3
          AND (($4::float8 IS NOT NULL AND l.lat BETWEEN $4 - $6::float8 AND $4 + $6::float8
                AND l.lng BETWEEN $5 - $9::float8 AND $5 + $9::float8)
               OR (m.conference_url IS NOT NULL AND lower(m.conference_url) = lower($8) AND m.timezone = $7))
        LIMIT 50`,
      [probe.startTime, probe.weekdays, probe.source, probe.lat, probe.lng, BOX_DEGREES, probe.timezone, probe.conferenceUrl, lngBox],
    );
    let best: { match: DuplicateMatch; km: number; similarity: number } | null = null;
    for (const row of rows) {
      const km =
        hasPlace && row.lat !== null && row.lng !== null ? haversineKm(probe.lat as number, probe.lng as number, row.lat, row.lng) : Infinity;
      if (km > DUPLICATE_DISTANCE_KM && !row.same_link) continue;
      const similarity = nameSimilarity(probe.name, row.name);
      if (similarity < DUPLICATE_NAME_SIMILARITY) continue;
      const distance = row.same_link ? Math.min(km, 0) : km;
      if (!best || distance < best.km || (distance === best.km && similarity > best.similarity)) {
        best = { match: { meetingId: row.id, source: row.source }, km: distance, similarity };
      }
    }
    return best?.match ?? null;
  }
}
