/**
 * One timer for many deadlines: items are kept in buckets of `resolutionMs` (a Set per bucket, keyed by the
 * bucket's end), and a single unref'd timer is armed for the earliest bucket. An item expires at the end of
 * its bucket, never before its deadline and at most `resolutionMs` after it (access-token expiries are whole
 * seconds, so with the default 1 s they expire exactly on time).
 *
 * Cheaper than a Node timer per item (a Timeout object, its list entry, and a Map entry to find it again):
 * one Set entry per item, O(1) add and remove, and each wake-up only touches what expires.
 */
export class ExpirySchedule<T> {
  private readonly buckets = new Map<number, Set<T>>();
  private timer: NodeJS.Timeout | undefined;
  /** End of the bucket the timer is armed for (Infinity when none is armed). */
  private armedFor = Infinity;

  constructor(
    private readonly onExpire: (item: T) => void,
    private readonly resolutionMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Items waiting to expire. */
  get size(): number {
    let n = 0;
    for (const bucket of this.buckets.values()) n += bucket.size;
    return n;
  }

  /** Schedules `item` to expire at `deadline` (epoch ms); pass the same deadline to `remove`. */
  add(item: T, deadline: number): void {
    const end = this.bucketEnd(deadline);
    let bucket = this.buckets.get(end);
    if (!bucket) {
      bucket = new Set();
      this.buckets.set(end, bucket);
    }
    bucket.add(item);
    if (end < this.armedFor) this.arm(end);
  }

  remove(item: T, deadline: number): void {
    const end = this.bucketEnd(deadline);
    const bucket = this.buckets.get(end);
    if (!bucket?.delete(item) || bucket.size > 0) return;
    this.buckets.delete(end);
    // The timer may stay armed for an empty bucket: it then wakes up once and re-arms for the next one.
  }

  clear(): void {
    this.buckets.clear();
    this.disarm();
  }

  private bucketEnd(deadline: number): number {
    return Math.ceil(deadline / this.resolutionMs) * this.resolutionMs;
  }

  private arm(end: number): void {
    this.disarm();
    this.armedFor = end;
    this.timer = setTimeout(() => this.expire(), Math.max(0, end - this.now()));
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private expire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.now();
    let next = Infinity;
    for (const [end, bucket] of this.buckets) {
      if (end > now) {
        if (end < next) next = end;
        continue;
      }
      this.buckets.delete(end);
      for (const item of bucket) {
        try {
          this.onExpire(item);
        } catch {
          // One failing item must not keep the others connected; onExpire reports its own errors.
        }
      }
    }
    // onExpire may have added items (armedFor then set); otherwise arm for the earliest bucket left.
    if (next < this.armedFor) this.arm(next);
  }
}
