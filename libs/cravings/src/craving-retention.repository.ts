import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Deletes old, resolved alerts (their recipients, acknowledgements and notes go with them: ON DELETE CASCADE). */
@Injectable()
export class CravingRetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Deletes up to `limit` alerts resolved before `cutoff`; answers how many. Open alerts are never deleted,
   * however old: an alert is only history once it ended.
   */
  async deleteResolvedBefore(cutoff: Date, limit: number): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `WITH deleted AS (
         DELETE FROM cravings WHERE id IN (
           SELECT id FROM cravings WHERE state = 'resolved' AND resolved_at < $1 ORDER BY resolved_at LIMIT $2
         ) RETURNING 1
       )
       SELECT count(*)::int AS n FROM deleted`,
      [cutoff, limit],
    );
    return row.n;
  }
}
