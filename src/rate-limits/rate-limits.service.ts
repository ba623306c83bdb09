import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

export interface RateLimit {
  /** Distinguishes this limit's keys from every other limit's in the shared table. */
  name: string;
  points: number;
  durationSeconds: number;
}

export interface LimitState {
  allowed: boolean;
  /** Seconds until the caller may try again, when refused. */
  retryAfterSeconds: number;
  /** Points spent in the current window, by every instance (refused spending included). */
  spent: number;
  /** When the current window ends (epoch milliseconds), and `spent` with it. */
  windowEndsAt: number;
}

/**
 * Limits counted in PostgreSQL (table `rate_limits`, created by a migration), so every app
 * instance shares one count per key: a client cannot multiply its allowance by reaching another
 * instance, and a restart does not forgive it.
 */
@Injectable()
export class RateLimitsService {
  private readonly limiters = new Map<string, RateLimiterPostgres>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Spends `cost` points of `key`'s allowance; refused (and nothing spent beyond the limit) once it is used up. */
  async consume(limit: RateLimit, key: string, cost = 1): Promise<LimitState> {
    try {
      return stateOf(limit, await this.limiter(limit).consume(key, cost), true);
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return stateOf(limit, refusal, false);
      throw refusal;
    }
  }

  /** Whether `key` has allowance left, without spending any. */
  async check(limit: RateLimit, key: string): Promise<LimitState> {
    const state = await this.limiter(limit).get(key);
    if (!state) return { allowed: true, retryAfterSeconds: 0, spent: 0, windowEndsAt: Date.now() };
    return stateOf(limit, state, state.consumedPoints < limit.points);
  }

  /** Adds `cost` points to `key` whatever its state (a failed attempt counts even when already refused). */
  async penalise(limit: RateLimit, key: string, cost = 1): Promise<void> {
    await this.limiter(limit).penalty(key, cost);
  }

  /** Gives back `cost` points spent on an attempt that turned out to deserve none. */
  async refund(limit: RateLimit, key: string, cost = 1): Promise<void> {
    await this.limiter(limit).reward(key, cost);
  }

  private limiter(limit: RateLimit): RateLimiterPostgres {
    let limiter = this.limiters.get(limit.name);
    if (!limiter) {
      limiter = new RateLimiterPostgres({
        storeClient: (this.db.driver as unknown as { master: Pool }).master,
        storeType: 'pool',
        tableName: 'rate_limits',
        tableCreated: true,
        // One limiter sweeping the shared table of long-expired keys is enough.
        clearExpiredByTimeout: this.limiters.size === 0,
        keyPrefix: limit.name,
        points: limit.points,
        duration: limit.durationSeconds,
        // A key pushed past its limit stays refused in this instance's memory until its window
        // ends, so a client hammering after a refusal costs no database round trip. Only a refusal
        // blocks: a key at exactly its limit may still be refunded (see `refund`).
        inMemoryBlockOnConsumed: limit.points + 1,
      });
      this.limiters.set(limit.name, limiter);
    }
    return limiter;
  }
}

function stateOf(limit: RateLimit, result: RateLimiterRes, allowed: boolean): LimitState {
  return {
    allowed,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
    // A refusal from the in-memory block carries no count: the key is past its limit, that is all it says.
    spent: allowed ? result.consumedPoints : Math.max(result.consumedPoints, limit.points + 1),
    windowEndsAt: Date.now() + result.msBeforeNext,
  };
}
