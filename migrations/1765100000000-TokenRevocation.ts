import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation of login tokens, checked on every request by every instance: one token at a time
 * (logout, by its `jti`, kept until the token would have expired anyway) and all of a user's
 * tokens at once (an administrator's revocation moves `tokens_valid_after` forward).
 * Rows leave `revoked_tokens` once their token has expired, so it carries no `refuse_change`.
 */
export class TokenRevocation1765100000000 implements MigrationInterface {
  name = 'TokenRevocation1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz`);
    await db.query(`
      CREATE TABLE revoked_tokens (
        jti uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT now()
      )
    `);
    await db.query(`CREATE INDEX revoked_tokens_user_id_idx ON revoked_tokens (user_id)`);
    await db.query(`CREATE INDEX revoked_tokens_expires_at_idx ON revoked_tokens (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE revoked_tokens');
    await db.query('ALTER TABLE users DROP COLUMN tokens_valid_after');
  }
}
