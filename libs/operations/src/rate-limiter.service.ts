import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { RedisConnection } from './redis-connection';

export type RateLimitRule = {
  /** A short name, also the key prefix: `login-ip`, `invite-accept`. */
  name: string;
  points: number;
  windowSeconds: number;
};

export class TooManyRequestsException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message, retryAfterSeconds },
      429,
    );
  }
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * Fixed-window counters keyed by rule and subject (an IP, an account). In memory for one process; in Redis
 * when REDIS_URL is set, so several api processes share one budget.
 */
@Injectable()
export class RateLimiterService {
  private readonly limiters = new Map<string, Promise<RateLimiterAbstract>>();

  constructor(private readonly redis: RedisConnection) {}

  private limiter(rule: RateLimitRule): Promise<RateLimiterAbstract> {
    const id = `${rule.name}:${rule.points}:${rule.windowSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = (async () => {
        const client = await this.redis.get();
        const options = { keyPrefix: `rl:${rule.name}`, points: rule.points, duration: rule.windowSeconds };
        return client
          ? new RateLimiterRedis({ ...options, storeClient: client, useRedisPackage: true })
          : new RateLimiterMemory(options);
      })();
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  /** Spends one point; throws 429 with Retry-After when the budget is spent. */
  async consume(rule: RateLimitRule, subject: string, message: string): Promise<void> {
    const limiter = await this.limiter(rule);
    try {
      await limiter.consume(subject, 1);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        const wait = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new TooManyRequestsException(wait, `${message} Try again in ${describeWait(wait)}.`);
      }
      throw error;
    }
  }

  async reset(rule: RateLimitRule, subject: string): Promise<void> {
    const limiter = await this.limiter(rule);
    await limiter.delete(subject);
  }
}
