import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The settings key of the zone rules (`process.versions.tz`) the search slots were last built with. */
export const TZ_VERSION_KEY = 'tz_version';

@Injectable()
export class SlotRebuildRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async setting(key: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ value: string }[]>('SELECT value FROM system_settings WHERE key = $1', [key]);
    return rows[0]?.value ?? null;
  }

  /**
   * Sets `key` to `value` unless it already is: true for the one process whose statement changed it (so of two
   * workers booting with new zone rules, one rebuilds).
   */
  async claimSetting(key: string, value: string, now: Date): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO system_settings (key, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
        WHERE system_settings.value IS DISTINCT FROM EXCLUDED.value
       RETURNING 1`,
      [key, value, now],
    );
    return rows.length > 0;
  }

  /** The next batch of meeting ids after `after`, in id order. */
  async meetingIdsAfter(after: string | null, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM meetings WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }
}
