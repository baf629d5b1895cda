import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CravingsRepository } from './cravings.repository';

/** How long an ack waits for others before they are written together, and how many make a write at once. */
export const RECEIPT_FLUSH_MS = 20;
export const RECEIPT_BATCH = 500;

type Receipt = { cravingId: string; userId: string; at: Date };

/**
 * Delivery receipts (`delivered_at` from the client's ack of `craving.alert`), written in batches: at 200
 * alerts/s × 5 recipients one UPDATE per ack was a fifth of the database round trips of the alert path. A
 * receipt is written within `RECEIPT_FLUSH_MS`; one lost in a crash costs only the record of delivery (the
 * alert itself is durable and replayed on reconnect, and "reached" is the acknowledgement, written at once).
 */
@Injectable()
export class DeliveryReceiptsService implements OnModuleDestroy {
  private readonly logger = new Logger(DeliveryReceiptsService.name);
  private pending: Receipt[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly repository: CravingsRepository) {}

  delivered(cravingId: string, userId: string, at: Date): void {
    this.pending.push({ cravingId, userId, at });
    if (this.pending.length >= RECEIPT_BATCH) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), RECEIPT_FLUSH_MS);
      this.timer.unref(); // shutdown flushes (onModuleDestroy); the timer alone keeps nothing alive
    }
  }

  /** Writes what is pending (also what tests and shutdown wait for). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.writing = this.writing
        .then(() => this.repository.markDelivered(batch))
        .catch((error: unknown) => {
          this.logger.warn(
            `${batch.length} delivery receipts not recorded (${error instanceof Error ? error.name : 'unknown error'})`,
          );
        });
    }
    return this.writing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}
