import { DefaultNamingStrategy, type NamingStrategyInterface, type Table } from 'typeorm';
import { snakeCase } from 'typeorm/util/StringUtils.js';

/** Tables and columns in the database read as SQL (`authority_id`), properties as TypeScript. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return customName ?? snakeCase([...embeddedPrefixes, propertyName].join('_'));
  }

  /** PostgreSQL's own default names (`users_email_key`, `memberships_user_id_fkey`), the ones the migrations use. */
  override uniqueConstraintName(table: Table | string, columnNames: string[]): string {
    return `${typeof table === 'string' ? table : table.name}_${columnNames.join('_')}_key`;
  }

  /** PostgreSQL's own default name (`memberships_user_id_fkey`), the one the migrations use. */
  override foreignKeyName(table: Table | string, columnNames: string[]): string {
    return `${typeof table === 'string' ? table : table.name}_${columnNames.join('_')}_fkey`;
  }
}
