import type { FieldSql } from '../authorization/accessible-sql.js';
import { PROCUREMENT_SCOPE_SQL } from '../procurements/procurements.sql.js';

/**
 * How the red-flag rules read in SQL over a red flag aliased `alias`, joined to its procurement
 * as `p`: the public reads a flag once the monitor confirmed it (ability.factory.ts).
 */
export function redFlagFields(alias: string): Record<string, FieldSql> {
  return { ...PROCUREMENT_SCOPE_SQL, confirmed: () => `${alias}.status = 'CONFIRMED'` };
}
