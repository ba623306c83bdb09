import { RateLimitsService, type RateLimit } from '../src/rate-limits/rate-limits.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The shared counters every limit (logins, complainant proofs, anonymous GraphQL cost) stands on. */
describe('RateLimitsService', () => {
  let first: TestApp;
  let second: TestApp;
  const limit: RateLimit = { name: 'spec', points: 3, durationSeconds: 60 };

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({}, { sharedDatabase: first.database });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('shares one count per key between app instances and refuses once it is spent', async () => {
    const [a, b] = [first.running.app.get(RateLimitsService), second.running.app.get(RateLimitsService)];
    expect(await a.consume(limit, 'client-1', 2)).toMatchObject({ allowed: true, retryAfterSeconds: 0, spent: 2 });
    expect(await b.consume(limit, 'client-1')).toMatchObject({ allowed: true, retryAfterSeconds: 0, spent: 3 });
    expect((await b.check(limit, 'client-1')).allowed).toBe(false);
    const refused = await a.consume(limit, 'client-1');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(50);
    expect((await b.check(limit, 'client-2')).allowed).toBe(true);
  });

  it('keeps refusing a key it has refused from memory, without asking the database, until its window ends', async () => {
    const [a, b] = [first.running.app.get(RateLimitsService), second.running.app.get(RateLimitsService)];
    expect((await a.consume(limit, 'client-4', 3)).allowed).toBe(true);
    expect((await a.consume(limit, 'client-4')).allowed).toBe(false);
    await first.sql.query(`DELETE FROM rate_limits WHERE key = 'spec:client-4'`);
    const fromMemory = await a.consume(limit, 'client-4');
    expect(fromMemory.allowed).toBe(false);
    expect(fromMemory.retryAfterSeconds).toBeGreaterThan(50);
    expect((await b.consume(limit, 'client-4')).allowed).toBe(true);
  });

  it('does not block a key that reached its limit without passing it, so a refund still frees it', async () => {
    const limits = first.running.app.get(RateLimitsService);
    expect((await limits.consume(limit, 'client-5', 3)).allowed).toBe(true);
    await limits.refund(limit, 'client-5');
    expect((await limits.consume(limit, 'client-5')).allowed).toBe(true);
  });

  it('counts a penalty even past the limit, and keeps limits of different names apart', async () => {
    const limits = first.running.app.get(RateLimitsService);
    const other: RateLimit = { name: 'spec-other', points: 1, durationSeconds: 60 };
    await limits.penalise(limit, 'client-3', 5);
    expect((await limits.check(limit, 'client-3')).allowed).toBe(false);
    expect((await limits.check(other, 'client-3')).allowed).toBe(true);
    const { rows } = await first.sql.query(`SELECT key, points FROM rate_limits WHERE key LIKE '%client-3'`);
    expect(rows).toEqual([{ key: 'spec:client-3', points: 5 }]);
  });
});
