import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ViewerUser } from '../authorization/viewer-user.js';
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
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.attempts = new RateLimiterMemory({ points: config.loginAttemptsPerMinute, duration: 60 });
  }

  async login(email: string, password: string, clientIp: string): Promise<IssuedToken> {
    const attemptKey = `${clientIp}|${email.toLowerCase()}`;
    await this.refuseWhileLocked(attemptKey);
    const row = await this.db
      .createQueryBuilder()
      .select(['u.id AS id', 'u.password_hash AS "passwordHash"'])
      .from('users', 'u')
      .where('lower(u.email) = lower(:email)', { email })
      .getRawOne<{ id: string; passwordHash: string }>();
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

  async loadUser(userId: string): Promise<ViewerUser | null> {
    const rows: Array<{
      id: string; email: string; name: string; platform_admin: boolean;
      organisation_id: string | null; kind: string; organisation_name: string; role: string; title: string;
    }> = await this.db.query(
      `SELECT u.id, u.email, u.name, u.platform_admin, m.organisation_id, o.kind, o.name AS organisation_name, m.role, m.title
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id
         LEFT JOIN organisations o ON o.id = m.organisation_id
        WHERE u.id = $1`,
      [userId],
    );
    if (!rows.length) return null;
    const [first] = rows;
    return {
      id: first.id,
      email: first.email,
      name: first.name,
      platformAdmin: first.platform_admin,
      memberships: rows
        .filter((r) => r.organisation_id)
        .map((r) => ({
          organisationId: r.organisation_id!,
          organisationKind: r.kind as ViewerUser['memberships'][number]['organisationKind'],
          organisationName: r.organisation_name,
          role: r.role as ViewerUser['memberships'][number]['role'],
          title: r.title,
        })),
    };
  }

  /** Only failed attempts count, per client address and email, so guessing is slow but a typo costs nothing. */
  private async refuseWhileLocked(key: string): Promise<void> {
    const failures = await this.attempts.get(key);
    if (failures && failures.consumedPoints >= this.config.loginAttemptsPerMinute) {
      throw tooManyLoginAttempts(Math.ceil(failures.msBeforeNext / 1000));
    }
  }
}
