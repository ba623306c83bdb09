import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ViewerUser } from '../authorization/viewer-user.js';

/** Every statement of the auth feature; each runs in the manager it is given. */
@Injectable()
export class AuthRepository {
  /** The account behind an email in any letter case, with its password hash (a column never selected otherwise). */
  credentialsByEmail(tx: EntityManager, email: string): Promise<{ id: string; passwordHash: string } | undefined> {
    return tx
      .createQueryBuilder()
      .select(['u.id AS id', 'u.password_hash AS "passwordHash"'])
      .from('users', 'u')
      .where('lower(u.email) = lower(:email)', { email })
      .getRawOne<{ id: string; passwordHash: string }>();
  }

  async setPasswordHash(tx: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await tx.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [userId, passwordHash]);
  }

  /** Revokes one token until it would have expired; tokens long expired are swept out on the way. */
  async revokeToken(tx: EntityManager, token: { jti: string; userId: string; expiresAt: Date }): Promise<void> {
    await tx.query(`DELETE FROM revoked_tokens WHERE expires_at < now()`);
    await tx.query(`INSERT INTO revoked_tokens (jti, user_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING`, [
      token.jti,
      token.userId,
      token.expiresAt,
    ]);
  }

  /** Refuses every token issued before `revokedAt` (the clock tokens are stamped with); false when there is no such user. */
  async revokeAllTokens(tx: EntityManager, userId: string, revokedAt: Date): Promise<boolean> {
    const [, affected]: [unknown[], number] = await tx.query(`UPDATE users SET tokens_valid_after = $2 WHERE id = $1`, [userId, revokedAt]);
    return affected > 0;
  }

  /**
   * The user with every membership and its organisation, in one query; null when there is no
   * such user, or when `token` is given and has been revoked (by its id, or by a revocation of
   * all the user's tokens after it was issued) — so a signed-in request costs no extra query.
   */
  async viewerUser(tx: EntityManager, userId: string, token?: { jti: string; issuedAt: Date }): Promise<ViewerUser | null> {
    const rows: Array<{
      id: string;
      email: string;
      name: string;
      platform_admin: boolean;
      organisation_id: string | null;
      kind: string;
      organisation_name: string;
      role: string;
      title: string;
    }> = await tx.query(
      `SELECT u.id, u.email, u.name, u.platform_admin, m.organisation_id, o.kind, o.name AS organisation_name, m.role, m.title
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id
         LEFT JOIN organisations o ON o.id = m.organisation_id
        WHERE u.id = $1${
          token
            ? ` AND (u.tokens_valid_after IS NULL OR u.tokens_valid_after <= $3)
                AND NOT EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = $2)`
            : ''
        }`,
      token ? [userId, token.jti, token.issuedAt] : [userId],
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
}
