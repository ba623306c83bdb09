import type { FieldSql } from '../authorization/accessible-sql.js';
import { PROCUREMENT_SCOPE_SQL } from '../procurements/procurements.sql.js';

/**
 * How sign-off rules read in SQL over `stage_sign_offs s` joined to `procurements p`. An
 * objection reaches the public only through a published report; until then the authority,
 * implementer and monitor see it.
 */
export const SIGN_OFF_FIELDS: Record<string, FieldSql> = {
  ...PROCUREMENT_SCOPE_SQL,
  isPublic: () => 's.published_in_report_id IS NOT NULL',
};
