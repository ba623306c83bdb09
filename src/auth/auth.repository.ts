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

  /** The user with every membership and its organisation, in one query; null when there is no such user. */
  async viewerUser(tx: EntityManager, userId: string): Promise<ViewerUser | null> {
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
}
