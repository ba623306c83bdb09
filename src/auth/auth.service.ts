import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ViewerUser } from '../authorization/viewer-user.js';
import { AuditService } from '../audit/audit.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { DomainError } from '../errors/domain-error.js';
import { RateLimitsService, type RateLimit } from '../rate-limits/rate-limits.service.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { AuthRepository } from './auth.repository.js';
import { invalidToken, tooManyLoginAttempts, unknownUser, wrongCredentials, wrongCurrentPassword } from './auth.errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { SessionsService } from './sessions.service.js';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
  userId: string;
}

/** What a verified token says; `iat` is in seconds with milliseconds, so a revocation splits tokens issued in the same second. */
interface TokenClaims {
  sub: string;
  jti: string;
  iat: number;
  exp: number;
}

@Injectable()
export class AuthService {
  /** Failures from one client address, whatever the account: password spraying. */
  private readonly perAddress: RateLimit;
  /** Failures against one account, whatever the address: guessing from many addresses. */
  private readonly perAccount: RateLimit;
  /** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
  private readonly decoyHash = hashPassword('decoy password that matches nothing');

  constructor(
    private readonly transactions: TransactionService,
    private readonly users: AuthRepository,
    private readonly jwt: JwtService,
    private readonly limits: RateLimitsService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { failuresPerAddress, failuresPerAccount, windowSeconds } = config.loginLimits;
    this.perAddress = { name: 'login-address', points: failuresPerAddress, durationSeconds: windowSeconds };
    this.perAccount = { name: 'login-account', points: failuresPerAccount, durationSeconds: windowSeconds };
  }

  /** A bearer token for GraphQL, after the checks of checkCredentials. */
  async login(email: string, password: string, clientIp: string): Promise<IssuedToken> {
    const row = await this.checkCredentials(email, password, clientIp);
    const issuedAt = Date.now();
    const expiresAt = new Date(issuedAt + this.config.tokenTtlSeconds * 1000);
    const token = await this.jwt.signAsync({ sub: row.id, jti: randomUUID(), iat: issuedAt / 1000 }, { expiresIn: this.config.tokenTtlSeconds });
    return { token, expiresAt, userId: row.id };
  }

  /** The signed-in user behind a bearer token, with every membership; refused once revoked, on every instance alike. */
  async userForToken(token: string): Promise<ViewerUser> {
    const claims = await this.verify(token);
    const user = await this.users.viewerUser(this.transactions.reader, claims.sub, { jti: claims.jti, issuedAt: new Date(claims.iat * 1000) });
    if (!user) throw invalidToken();
    return user;
  }

  /** The website's sign-in: the same accounts and limits as `login`, answered with a session (see SessionsService) rather than a token. */
  async startSession(email: string, password: string, clientIp: string, previousSecret?: string): Promise<string> {
    const { id } = await this.checkCredentials(email, password, clientIp);
    return this.sessions.start(id, previousSecret);
  }

  /**
   * A user's own new password, given the current one (a session left open on a shared computer
   * is not enough to take the account over). A wrong current password counts against the same
   * limits as a failed login. The user's other sessions end; the one they changed it from stays.
   */
  async changePassword(viewer: Viewer, change: { currentPassword: string; newPassword: string }, clientIp: string, keptSecret?: string): Promise<void> {
    const userId = actorId(viewer);
    requireAbility(viewer, 'update', 'User', { id: userId });
    try {
      await this.checkCredentials(viewer.user!.email, change.currentPassword, clientIp);
    } catch (error) {
      throw error instanceof DomainError && error.reason === 'WRONG_CREDENTIALS' ? wrongCurrentPassword() : error;
    }
    const passwordHash = await hashPassword(change.newPassword);
    await this.transactions.run(async (tx) => {
      await this.users.setPasswordHash(tx, userId, passwordHash);
      await this.sessions.endAllOf(tx, userId, keptSecret);
      await this.audit.append(tx, { actorId: userId, action: 'user.password-changed', subjectType: 'User', subjectId: userId, data: {} });
    });
  }

  /** Signs a website session out, on every instance at once. */
  endSession(secret: string): Promise<void> {
    return this.sessions.end(secret);
  }

  /** The user a website session's secret signs in, or null when it has ended or expired. */
  async userForSession(secret: string): Promise<ViewerUser | null> {
    const userId = await this.sessions.userOf(secret);
    return userId ? this.loadUser(userId) : null;
  }

  /** Revokes the token given, until it would have expired anyway. */
  async logout(token: string): Promise<boolean> {
    const claims = await this.verify(token);
    await this.users.revokeToken(this.transactions.reader, { jti: claims.jti, userId: claims.sub, expiresAt: new Date(claims.exp * 1000) });
    return true;
  }

  /**
   * An administrator's revocation of everything a user is signed in with (a stolen laptop, a
   * departure): every bearer token and every website session, in one transaction; recorded in the audit trail.
   */
  async revokeAllTokens(actorId: string, userId: string): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      if (!(await this.users.revokeAllTokens(tx, userId, new Date()))) throw unknownUser();
      const sessions = await this.sessions.endAllOf(tx, userId);
      await this.audit.append(tx, { actorId, action: 'user.tokens-revoked', subjectType: 'User', subjectId: userId, data: { sessions } });
      return true;
    });
  }

  /** revokeAllTokens for the account with this email (the administrator's page asks for an email, not an id). */
  async revokeAllOfEmail(actorId: string, email: string): Promise<void> {
    const found = await this.users.credentialsByEmail(this.transactions.reader, email);
    if (!found) throw unknownUser();
    await this.revokeAllTokens(actorId, found.id);
  }

  loadUser(userId: string): Promise<ViewerUser | null> {
    return this.users.viewerUser(this.transactions.reader, userId);
  }

  /** For a tool acting as someone (the OCDS import's --as): the account with this email, in any letter case. */
  async userByEmail(email: string): Promise<ViewerUser | null> {
    const found = await this.users.credentialsByEmail(this.transactions.reader, email);
    return found ? this.loadUser(found.id) : null;
  }

  private async verify(token: string): Promise<TokenClaims> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<TokenClaims>>(token);
      // Tokens from before revocation existed carry no id and cannot be revoked one by one: refused.
      if (typeof claims.sub !== 'string' || typeof claims.jti !== 'string' || typeof claims.iat !== 'number' || typeof claims.exp !== 'number') {
        throw invalidToken();
      }
      return claims as TokenClaims;
    } catch {
      throw invalidToken();
    }
  }

  /**
   * Only failures count, so a user who signs in costs nothing; a refusal comes before the
   * password is checked, so a locked-out guesser learns nothing even from the right password.
   */
  private async checkCredentials(email: string, password: string, clientIp: string): Promise<{ id: string }> {
    const account = email.toLowerCase();
    await this.refuseWhileLocked(clientIp, account);
    const row = await this.users.credentialsByEmail(this.transactions.reader, email);
    const matches = await verifyPassword(row?.passwordHash ?? (await this.decoyHash), password);
    if (!row || !matches) {
      await Promise.all([this.limits.penalise(this.perAddress, clientIp), this.limits.penalise(this.perAccount, account)]);
      throw wrongCredentials();
    }
    return { id: row.id };
  }

  private async refuseWhileLocked(clientIp: string, account: string): Promise<void> {
    const states = await Promise.all([this.limits.check(this.perAddress, clientIp), this.limits.check(this.perAccount, account)]);
    const refused = states.filter((state) => !state.allowed);
    if (refused.length) throw tooManyLoginAttempts(Math.max(...refused.map((state) => state.retryAfterSeconds)));
  }
}
