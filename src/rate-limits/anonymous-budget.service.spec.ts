import type { Viewer, ViewerSource } from '../authorization/viewer.js';
import type { AppConfig } from '../config/app-config.js';
import { DomainError } from '../errors/domain-error.js';
import { AnonymousBudgetService, type BudgetedRequest } from './anonymous-budget.service.js';
import type { LimitState, RateLimitsService } from './rate-limits.service.js';

const BUDGET = 300;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How the budget reaches the shared count: the count itself (PostgreSQL, shared by instances) is
 * tested in test/anonymous-limits.spec.ts; here a stand-in records each round trip it would cost.
 */
describe('AnonymousBudgetService', () => {
  let roundTrips: number[];
  let budget: AnonymousBudgetService;
  const anonymous: BudgetedRequest = { headers: {}, ip: '198.51.100.7' };

  beforeEach(() => {
    roundTrips = [];
    let spent = 0;
    const limits = {
      consume: async (_limit: unknown, _key: string, cost: number): Promise<LimitState> => {
        roundTrips.push(cost);
        spent += cost;
        const allowed = spent <= BUDGET;
        return { allowed, retryAfterSeconds: allowed ? 0 : 42, spent, windowEndsAt: Date.now() + 60_000 };
      },
    } as unknown as RateLimitsService;
    const viewers: ViewerSource = {
      viewerOf: async (request) => ({ user: request.headers.authorization ? { id: 'u' } : null }) as unknown as Viewer,
    };
    budget = new AnonymousBudgetService(limits, viewers, { anonymousCostPerMinute: BUDGET } as AppConfig);
  });
  afterEach(() => budget.onApplicationShutdown());

  it('sends cheap spending in one round trip per batch, not one per request', async () => {
    await Promise.all(Array.from({ length: 5 }, () => budget.spend(anonymous, 50, 'batched')));
    expect(roundTrips).toEqual([]);
    await pause(150);
    expect(roundTrips).toEqual([250]);
  });

  it('asks the shared count once this instance has seen the budget spent, and refuses with the time to wait', async () => {
    for (let i = 0; i < 6; i++) await budget.spend(anonymous, 50, 'batched');
    await pause(150);
    const refusal = await budget.spend(anonymous, 50, 'batched').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', reason: 'ANONYMOUS_BUDGET_EXHAUSTED', details: { retryAfterSeconds: 42 } });
    expect(roundTrips).toEqual([300, 50]);
  });

  it('charges costly work at once, carrying the unsent cheap spending with it', async () => {
    await budget.spend(anonymous, 20, 'batched');
    await budget.spend(anonymous, 100);
    expect(roundTrips).toEqual([120]);
    await pause(150);
    expect(roundTrips).toEqual([120]);
  });

  it('counts nothing for signed-in users', async () => {
    await budget.spend({ ...anonymous, headers: { authorization: 'Bearer x' } }, 100);
    await budget.spend({ ...anonymous, headers: { authorization: 'Bearer x' } }, 100, 'batched');
    await pause(150);
    expect(roundTrips).toEqual([]);
  });
});
