import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in sessions of the website's staff pages, shared by every instance, so that signing out
 * or an administrator's revocation takes effect on the next request wherever it lands. Only the
 * SHA-256 of a session's secret is kept: a copy of this table signs nobody in. Rows leave once
 * expired, signed out or revoked, so the table carries no `refuse_change`; the application role
 * gets its privileges from the default privileges (src/database/database-roles.ts).
 */
export class WebSessions1765200000000 implements MigrationInterface {
  name = 'WebSessions1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE web_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash char(64) NOT NULL CONSTRAINT web_sessions_token_hash_key UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id),
        started_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )
    `);
    await db.query(`CREATE INDEX web_sessions_user_id_idx ON web_sessions (user_id)`);
    await db.query(`CREATE INDEX web_sessions_last_seen_at_idx ON web_sessions (last_seen_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE web_sessions');
  }
}
