import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ViewerUser } from '../authorization/viewer-user.js';
import { TransactionService } from '../database/transaction.service.js';
import { AuthRepository } from './auth.repository.js';
import { invalidToken, tooManyLoginAttempts, wrongCredentials } from './auth.errors.js';
import { hashPassword, verifyPassword } from './passwords.js';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
  userId: string;
}

@Injectable()
export class AuthService {
  private readonly attempts: RateLimiterMemory;
  /** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
  private readonly decoyHash = hashPassword('decoy password that matches nothing');

  constructor(
    private readonly transactions: TransactionService,
    private readonly users: AuthRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.attempts = new RateLimiterMemory({ points: config.loginAttemptsPerMinute, duration: 60 });
  }

  async login(email: string, password: string, clientIp: string): Promise<IssuedToken> {
    const attemptKey = `${clientIp}|${email.toLowerCase()}`;
    await this.refuseWhileLocked(attemptKey);
    const row = await this.users.credentialsByEmail(this.transactions.reader, email);
    const matches = await verifyPassword(row?.passwordHash ?? (await this.decoyHash), password);
    if (!row || !matches) {
      await this.attempts.penalty(attemptKey);
      throw wrongCredentials();
    }
    await this.attempts.delete(attemptKey);
    const expiresAt = new Date(Date.now() + this.config.tokenTtlSeconds * 1000);
    const token = await this.jwt.signAsync({ sub: row.id }, { expiresIn: this.config.tokenTtlSeconds });
    return { token, expiresAt, userId: row.id };
  }

  /** The signed-in user behind a bearer token, with every membership, in one query. */
  async userForToken(token: string): Promise<ViewerUser> {
    let userId: string;
    try {
      userId = (await this.jwt.verifyAsync<{ sub: string }>(token)).sub;
    } catch {
      throw invalidToken();
    }
    const user = await this.loadUser(userId);
    if (!user) throw invalidToken();
    return user;
  }

  loadUser(userId: string): Promise<ViewerUser | null> {
    return this.users.viewerUser(this.transactions.reader, userId);
  }

  /** For a tool acting as someone (the OCDS import's --as): the account with this email, in any letter case. */
  async userByEmail(email: string): Promise<ViewerUser | null> {
    const found = await this.users.credentialsByEmail(this.transactions.reader, email);
    return found ? this.loadUser(found.id) : null;
  }

  /** Only failed attempts count, per client address and email, so guessing is slow but a typo costs nothing. */
  private async refuseWhileLocked(key: string): Promise<void> {
    const failures = await this.attempts.get(key);
    if (failures && failures.consumedPoints >= this.config.loginAttemptsPerMinute) {
      throw tooManyLoginAttempts(Math.ceil(failures.msBeforeNext / 1000));
    }
  }
}
