import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@homegroup/config';
import { Clock } from '@homegroup/operations';
import { CravingRetentionRepository } from './craving-retention.repository';

const DAY_MS = 86_400_000;
/** Rows per DELETE: short transactions, no long lock on the alerts table. */
export const RETENTION_BATCH = 1_000;

/**
 * Craving history is kept `CRAVING_RETENTION_DAYS` after an alert was resolved, then deleted with everything
 * attached to it (docs/security.md). 0 keeps it until the member deletes their account. Logs counts only.
 */
@Injectable()
export class CravingRetentionService {
  private readonly logger = new Logger(CravingRetentionService.name);

  constructor(
    private readonly repository: CravingRetentionRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Deletes every alert resolved more than the retention ago, in batches; answers how many. */
  async purgeExpired(now: Date = this.clock.now()): Promise<number> {
    const days = this.config.retention.cravingDays;
    if (days <= 0) return 0;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let total = 0;
    for (;;) {
      const deleted = await this.repository.deleteResolvedBefore(cutoff, RETENTION_BATCH);
      total += deleted;
      if (deleted < RETENTION_BATCH) break;
    }
    if (total > 0) this.logger.log(`retention: deleted ${total} alerts resolved more than ${days} days ago`);
    return total;
  }
}
