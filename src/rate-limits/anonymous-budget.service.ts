import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { VIEWER_SOURCE, type ViewerSource } from '../authorization/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../errors/domain-error.js';
import { RateLimitsService, type LimitState, type RateLimit } from './rate-limits.service.js';

/** What the budget needs of a request: who is signed in (headers) and from where (`ip`). */
export type BudgetedRequest = Parameters<ViewerSource['viewerOf']>[0] & { ip: string };

/**
 * How a spend reaches the shared count: `at-once` in the request's own round trip (costly work,
 * exact across instances); `batched` added to this instance's tally and sent with the client's
 * other cheap spending every BATCH_MS, so a cheap public read costs no write of its own.
 */
export type Charging = 'at-once' | 'batched';

const BATCH_MS = 100;

/** This instance's view of one client's budget: the shared count at the last round trip, and what it has spent since. */
interface Tally {
  shared: number;
  unsent: number;
  windowEndsAt: number;
}

/**
 * One budget of work per anonymous client address and minute, shared by every public entry point
 * that costs real work (GraphQL by its computed cost, document verification, statistics files,
 * receipts), so a client cannot spend it once per route. Counted in PostgreSQL through
 * RateLimitsService: every instance draws on the same budget. A batched spend is allowed on this
 * instance's view, so what other instances spent in the last BATCH_MS can be overspent once;
 * anything costly is charged at once. Signed-in users are not counted: their accounts are issued
 * by the platform and their activity is attributable.
 */
@Injectable()
export class AnonymousBudgetService implements OnApplicationShutdown {
  private readonly logger = new Logger(AnonymousBudgetService.name);
  private readonly limit: RateLimit;
  private readonly tallies = new Map<string, Tally>();
  private sending: NodeJS.Timeout | null = null;

  constructor(
    private readonly limits: RateLimitsService,
    @Inject(VIEWER_SOURCE) private readonly viewers: ViewerSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limit = { name: 'anonymous-cost', points: config.anonymousCostPerMinute, durationSeconds: 60 };
  }

  /** Whether nobody is signed in; a bad token is refused by the authorization guard right after, and counts as nobody until then. */
  async isAnonymous(request: BudgetedRequest): Promise<boolean> {
    const viewer = await this.viewers.viewerOf(request).catch(() => null);
    return !viewer?.user;
  }

  /** Spends `cost` of the caller's budget unless they are signed in; refuses with RATE_LIMITED (429, retryAfterSeconds) once it is spent. */
  async spend(request: BudgetedRequest, cost: number, charging: Charging = 'at-once'): Promise<void> {
    if (!(await this.isAnonymous(request))) return;
    const tally = this.tallyOf(request.ip);
    if (charging === 'batched' && tally.shared + tally.unsent + cost <= this.limit.points) {
      tally.unsent += cost;
      this.sending ??= setTimeout(() => void this.sendBatched(), BATCH_MS);
      return;
    }
    // Costly, or past what this instance knows is left: ask the shared count, with the unsent tally.
    const state = await this.charge(request.ip, tally, cost);
    if (!state.allowed) throw this.exhausted(state.retryAfterSeconds);
  }

  /**
   * The refusal for `address` when this instance already knows its budget is spent for the rest
   * of the window, without a round trip: a client flooding after its refusal can then be turned
   * away before its request is read (see refuseSpentClients).
   */
  knownRefusal(address: string): DomainError | null {
    const tally = this.tallies.get(address);
    const secondsLeft = tally ? Math.ceil((tally.windowEndsAt - Date.now()) / 1000) : 0;
    return tally && tally.shared > this.limit.points && secondsLeft > 0 ? this.exhausted(secondsLeft) : null;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sending) clearTimeout(this.sending);
    await this.sendBatched();
  }

  private exhausted(retryAfterSeconds: number): DomainError {
    return new DomainError(
      'RATE_LIMITED',
      'ANONYMOUS_BUDGET_EXHAUSTED',
      `This client has used its budget of ${this.limit.points} cost units per minute; try again in ${retryAfterSeconds} s, or sign in`,
      { retryAfterSeconds, budgetPerMinute: this.limit.points },
    );
  }

  private tallyOf(address: string): Tally {
    const now = Date.now();
    let tally = this.tallies.get(address);
    if (!tally || tally.windowEndsAt <= now) {
      tally = { shared: 0, unsent: tally?.unsent ?? 0, windowEndsAt: now + this.limit.durationSeconds * 1000 };
      this.tallies.set(address, tally);
    }
    return tally;
  }

  private async charge(address: string, tally: Tally, cost: number): Promise<LimitState> {
    const unsent = tally.unsent;
    tally.unsent = 0;
    const state = await this.limits.consume(this.limit, address, unsent + cost);
    tally.shared = state.spent;
    tally.windowEndsAt = state.windowEndsAt;
    return state;
  }

  /** Sends every client's unsent tally, and forgets the clients whose window has ended. */
  private async sendBatched(): Promise<void> {
    this.sending = null;
    const now = Date.now();
    const charges: Promise<unknown>[] = [];
    for (const [address, tally] of this.tallies) {
      if (tally.unsent > 0) charges.push(this.charge(address, tally, 0));
      else if (tally.windowEndsAt <= now) this.tallies.delete(address);
    }
    // A refusal here was not asked for: the client's next request learns of it from its tally.
    for (const outcome of await Promise.allSettled(charges)) {
      if (outcome.status === 'rejected') this.logger.warn(`anonymous spending not recorded: ${String(outcome.reason)}`);
    }
  }
}
