import { Inject, Injectable } from '@nestjs/common';
import { VIEWER_SOURCE, type ViewerSource } from '../authorization/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../errors/domain-error.js';
import { RateLimitsService, type RateLimit } from './rate-limits.service.js';

/** What the budget needs of a request: who is signed in (headers) and from where (`ip`). */
export type BudgetedRequest = Parameters<ViewerSource['viewerOf']>[0] & { ip: string };

/**
 * One budget of work per anonymous client address and minute, shared by every public entry point
 * that costs real work (GraphQL by its computed cost, document verification, statistics files,
 * receipts), so a client cannot spend it once per route. Counted in PostgreSQL through
 * RateLimitsService: every instance draws on the same budget. Signed-in users are not counted:
 * their accounts are issued by the platform and their activity is attributable.
 */
@Injectable()
export class AnonymousBudgetService {
  private readonly limit: RateLimit;

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
  async spend(request: BudgetedRequest, cost: number): Promise<void> {
    if (!(await this.isAnonymous(request))) return;
    const state = await this.limits.consume(this.limit, request.ip, cost);
    if (!state.allowed) {
      throw new DomainError(
        'RATE_LIMITED',
        'ANONYMOUS_BUDGET_EXHAUSTED',
        `This client has used its budget of ${this.limit.points} cost units per minute; try again in ${state.retryAfterSeconds} s, or sign in`,
        { retryAfterSeconds: state.retryAfterSeconds, cost, budgetPerMinute: this.limit.points },
      );
    }
  }
}
