import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Names of the statements this process prepares. Each name is prepared once on every pooled
 * connection and kept there, so their number is bounded: past the bound, new texts run unnamed.
 */
const prepared = new Set<string>();
const MAX_PREPARED = 100;

/**
 * Runs a hot read as a named prepared statement, so PostgreSQL parses and plans its text once
 * per connection rather than on every request. The statement is logged like every other one
 * (the query counter of the tests sees it). Inside a transaction it runs on the transaction's
 * connection, unnamed.
 */
export async function preparedQuery<T>(tx: EntityManager, sql: string, parameters: Record<string, unknown>): Promise<T[]> {
  const [text, values] = tx.connection.driver.escapeQueryWithParameters(sql, parameters);
  const name = `pw_${createHash('sha1').update(text).digest('base64url')}`;
  if (tx.queryRunner || (!prepared.has(name) && prepared.size >= MAX_PREPARED)) return tx.query(text, values);
  prepared.add(name);
  tx.connection.logger.logQuery(text, values);
  const pool = (tx.connection.driver as PostgresDriver).master as Pool;
  return (await pool.query({ name, text, values })).rows as T[];
}
