import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A session that is still good: its user, and when it was last used. */
export interface ActiveSession {
  userId: string;
  lastSeenAt: Date;
}

/** Every statement of the web sessions (table `web_sessions`); each runs in the manager it is given. */
@Injectable()
export class SessionsRepository {
  async insert(tx: EntityManager, session: { tokenHash: string; userId: string; startedAt: Date }): Promise<void> {
    await tx.query(`INSERT INTO web_sessions (token_hash, user_id, started_at, last_seen_at) VALUES ($1, $2, $3, $3)`, [
      session.tokenHash,
      session.userId,
      session.startedAt,
    ]);
  }

  /** The session behind a hash unless it has been idle since before `idleSince` or started before `startedSince`. */
  async active(tx: EntityManager, tokenHash: string, limits: { idleSince: Date; startedSince: Date }): Promise<ActiveSession | undefined> {
    const [row]: Array<{ user_id: string; last_seen_at: Date }> = await tx.query(
      `SELECT user_id, last_seen_at FROM web_sessions WHERE token_hash = $1 AND last_seen_at > $2 AND started_at > $3`,
      [tokenHash, limits.idleSince, limits.startedSince],
    );
    return row && { userId: row.user_id, lastSeenAt: row.last_seen_at };
  }

  async touch(tx: EntityManager, tokenHash: string, seenAt: Date): Promise<void> {
    await tx.query(`UPDATE web_sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2`, [tokenHash, seenAt]);
  }

  async remove(tx: EntityManager, tokenHash: string): Promise<void> {
    await tx.query(`DELETE FROM web_sessions WHERE token_hash = $1`, [tokenHash]);
  }

  /** Every session of a user, but the one kept (the session a password was just changed from); the number removed. */
  async removeAllOf(tx: EntityManager, userId: string, keptHash?: string): Promise<number> {
    const [, removed]: [unknown[], number] = await tx.query(`DELETE FROM web_sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2`, [
      userId,
      keptHash ?? null,
    ]);
    return removed;
  }

  /** Expired sessions are refused whether their rows remain or not; this keeps the table small. */
  async sweep(tx: EntityManager, limits: { idleSince: Date; startedSince: Date }): Promise<void> {
    await tx.query(`DELETE FROM web_sessions WHERE last_seen_at <= $1 OR started_at <= $2`, [limits.idleSince, limits.startedSince]);
  }
}
