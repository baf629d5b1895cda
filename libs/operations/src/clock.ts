import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for business rules (expiry, review dates, streaks, availability windows,
 * escalation). Tests move it with `travel()`/`freeze()`; production never does.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;
  private frozenAt?: number;

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Moves time forward (or back) by `ms` from here on. */
  travel(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Stops time at `at` until `resume()`. */
  freeze(at: Date): void {
    this.frozenAt = at.getTime();
  }

  resume(): void {
    if (this.frozenAt !== undefined) this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }
}
