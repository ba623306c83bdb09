import type { FieldSql } from '../authorization/accessible-sql.js';
import type { ProcurementFilterInput } from './inputs/procurement-filter.input.js';

/*
 * SQL fragments over a procurement joined as `p`, for the repositories of every feature whose
 * lists are filtered by who may see which procurement (tendering, sign-offs, findings, red flags,
 * OCDS). They live here, beside the procurements repository, so no service holds SQL text.
 */

/**
 * A procurement enters the public record once a version of its pact is published; the database
 * marks the moment on the procurement (migration PublicRecordRegister), which the register's index covers.
 */
export const HAS_PUBLISHED_PACT_SQL = 'p.public_since IS NOT NULL';

/**
 * Once the contract is awarded (the stage reached AWARD, or an award is recorded), the tender's
 * bids, award and contract join the public record, as OCDS publishers do; before, they stay sealed.
 */
export const AWARDED_SQL =
  "(p.stage IN ('AWARD', 'CONTRACT_SIGNATURE', 'IMPLEMENTATION', 'CLOSURE') OR EXISTS (SELECT 1 FROM awards aw WHERE aw.procurement_id = p.id))";

/**
 * How the procurement-scoped fields of the CASL rules read in SQL, for any list whose query
 * joins the procurement as `p`; lists add the fields of their own rows (`isPublic`, `bidderId`).
 */
export const PROCUREMENT_SCOPE_SQL: Record<string, FieldSql> = {
  hasPublishedPact: () => HAS_PUBLISHED_PACT_SQL,
  awarded: () => AWARDED_SQL,
  authorityId: 'p.authority_id',
  monitorId: 'p.monitor_id',
  implementerId: 'p.implementer_id',
  bidderIds: (param: string) => `EXISTS (SELECT 1 FROM procurement_bidders pbx WHERE pbx.procurement_id = p.id AND pbx.bidder_id = ANY(:${param}))`,
};

/**
 * The conditions of a procurement filter over `p`, for every list that takes one (the
 * procurements a party works on, the public register). Search text is matched literally:
 * `%` and `_` typed by a visitor are not wildcards.
 */
export function procurementFilterSql(filter: ProcurementFilterInput): { conditions: string[]; parameters: Record<string, unknown> } {
  const conditions: string[] = [];
  const parameters: Record<string, unknown> = {};
  if (filter.stage) {
    conditions.push('p.stage = :filterStage');
    parameters.filterStage = filter.stage;
  }
  if (filter.hasPublishedPact !== undefined) conditions.push(filter.hasPublishedPact ? HAS_PUBLISHED_PACT_SQL : `NOT ${HAS_PUBLISHED_PACT_SQL}`);
  if (filter.authorityId) {
    conditions.push('p.authority_id = :filterAuthorityId');
    parameters.filterAuthorityId = filter.authorityId;
  }
  if (filter.sector?.trim()) {
    conditions.push('lower(p.sector) = lower(:filterSector)');
    parameters.filterSector = filter.sector.trim();
  }
  if (filter.search?.trim()) {
    conditions.push(
      "(p.reference ILIKE :filterSearch ESCAPE '\\' OR p.title ILIKE :filterSearch ESCAPE '\\' OR p.description ILIKE :filterSearch ESCAPE '\\')",
    );
    parameters.filterSearch = `%${filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { conditions, parameters };
}
