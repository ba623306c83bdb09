import { SessionsRepository } from '../src/auth/sessions.repository.js';
import { DEMO_ACCOUNTS } from './support/demo.js';
import { repositoryFixture, type RepositoryFixture } from './support/repositories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const MINUTE = 60_000;
const hash = (n: number) => String(n).padStart(64, '0');

/** Pins the hand-written SQL of the website's sign-in sessions. */
describe('SessionsRepository', () => {
  let app: TestApp;
  let db: RepositoryFixture<SessionsRepository>;
  let userId: string;
  const at = new Date('2026-12-01T09:00:00Z');
  const limitsAt = (now: Date, idleMinutes = 30, absoluteMinutes = 720) => ({
    idleSince: new Date(now.getTime() - idleMinutes * MINUTE),
    startedSince: new Date(now.getTime() - absoluteMinutes * MINUTE),
  });
  const count = async () => Number((await app.sql.query('SELECT count(*) AS n FROM web_sessions WHERE user_id = $1', [userId])).rows[0].n);

  beforeAll(async () => {
    app = await startTestApp();
    db = repositoryFixture(app, SessionsRepository);
    userId = await db.idOf('SELECT id FROM users WHERE email = $1', DEMO_ACCOUNTS.monitor);
  });
  afterAll(() => app?.close());

  it('active finds a session until it has been idle too long or is too old, and touch only moves its last use forward', async () => {
    await db.repository.insert(db.reader, { tokenHash: hash(1), userId, startedAt: at });
    expect(await db.repository.active(db.reader, hash(1), limitsAt(at))).toEqual({ userId, lastSeenAt: at });
    expect(await db.repository.active(db.reader, hash(2), limitsAt(at))).toBeUndefined();

    const idleTooLong = new Date(at.getTime() + 31 * MINUTE);
    expect(await db.repository.active(db.reader, hash(1), limitsAt(idleTooLong))).toBeUndefined();

    const later = new Date(at.getTime() + 20 * MINUTE);
    await db.repository.touch(db.reader, hash(1), later);
    await db.repository.touch(db.reader, hash(1), at);
    expect(await db.repository.active(db.reader, hash(1), limitsAt(idleTooLong))).toEqual({ userId, lastSeenAt: later });

    // Kept busy, it still ends at the absolute limit.
    const twelveHoursOn = new Date(at.getTime() + 721 * MINUTE);
    await db.repository.touch(db.reader, hash(1), twelveHoursOn);
    expect(await db.repository.active(db.reader, hash(1), limitsAt(twelveHoursOn))).toBeUndefined();
  });

  it('remove ends one session, removeAllOf every other one of the user, and sweep the expired ones', async () => {
    await app.sql.query('DELETE FROM web_sessions');
    for (const n of [3, 4, 5]) await db.repository.insert(db.reader, { tokenHash: hash(n), userId, startedAt: at });
    await db.repository.remove(db.reader, hash(3));
    expect(await count()).toBe(2);
    expect(await db.repository.removeAllOf(db.reader, userId, hash(4))).toBe(1);
    expect(await db.repository.active(db.reader, hash(4), limitsAt(at))).toBeDefined();
    expect(await db.repository.removeAllOf(db.reader, userId)).toBe(1);

    await db.repository.insert(db.reader, { tokenHash: hash(6), userId, startedAt: at });
    await db.repository.insert(db.reader, { tokenHash: hash(7), userId, startedAt: new Date(at.getTime() + 40 * MINUTE) });
    await db.repository.sweep(db.reader, limitsAt(new Date(at.getTime() + 45 * MINUTE)));
    expect((await app.sql.query('SELECT token_hash FROM web_sessions')).rows.map((r: { token_hash: string }) => r.token_hash)).toEqual([hash(7)]);
  });
});
