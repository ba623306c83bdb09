import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { SessionsRepository } from './sessions.repository.js';

/** What the session cookie is set with; `secure` in production only, since development and tests speak plain HTTP. */
export interface SessionCookie {
  name: string;
  options: { path: string; httpOnly: true; sameSite: 'lax'; secure: boolean };
}

/**
 * Sign-in sessions of the website's staff pages, kept in PostgreSQL so that every instance sees
 * the same ones and a sign-out or revocation holds at once. The browser holds a random secret;
 * the table holds its SHA-256 only, so reading the table (a backup, a log of statements) gives
 * nobody a way in. GraphQL never reads these: it keeps its bearer tokens.
 */
@Injectable()
export class SessionsService {
  readonly cookie: SessionCookie;

  constructor(
    private readonly transactions: TransactionService,
    private readonly sessions: SessionsRepository,
    private readonly clock: ClockService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const production = config.mode === 'production';
    // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and for the whole site.
    this.cookie = {
      name: production ? '__Host-pactwatch-session' : 'pactwatch-session',
      options: { path: '/', httpOnly: true, sameSite: 'lax', secure: production },
    };
  }

  /**
   * A new session for a user who just proved who they are. Its secret is new whatever the
   * browser held before (a session fixed by someone else is never promoted), and the session the
   * browser held, if any, ends.
   */
  async start(userId: string, previousSecret?: string): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await this.transactions.run(async (tx) => {
      if (previousSecret) await this.sessions.remove(tx, hashOf(previousSecret));
      await this.sessions.sweep(tx, this.limits());
      await this.sessions.insert(tx, { tokenHash: hashOf(secret), userId, startedAt: this.clock.now() });
    });
    return secret;
  }

  /** The user signed in by this secret, or null once it is unknown, idle too long, too old, signed out or revoked. */
  async userOf(secret: string): Promise<string | null> {
    const tokenHash = hashOf(secret);
    const reader = this.transactions.reader;
    const session = await this.sessions.active(reader, tokenHash, this.limits());
    if (!session) return null;
    // Written at most once per interval: a page with many requests costs one write, and idle expiry is late by no more than that.
    const now = this.clock.now();
    if (now.getTime() - session.lastSeenAt.getTime() >= this.touchIntervalMs()) await this.sessions.touch(reader, tokenHash, now);
    return session.userId;
  }

  async end(secret: string): Promise<void> {
    await this.sessions.remove(this.transactions.reader, hashOf(secret));
  }

  /** Ends every session of a user, in the caller's transaction, except the one `keptSecret` belongs to; the number ended. */
  endAllOf(tx: EntityManager, userId: string, keptSecret?: string): Promise<number> {
    return this.sessions.removeAllOf(tx, userId, keptSecret ? hashOf(keptSecret) : undefined);
  }

  private limits(): { idleSince: Date; startedSince: Date } {
    const now = this.clock.now().getTime();
    const { idleSeconds, absoluteSeconds } = this.config.webSession;
    return { idleSince: new Date(now - idleSeconds * 1000), startedSince: new Date(now - absoluteSeconds * 1000) };
  }

  private touchIntervalMs(): number {
    return Math.min(60, this.config.webSession.idleSeconds / 10) * 1000;
  }
}

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');
