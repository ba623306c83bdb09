import type { FieldSql } from '../authorization/accessible-sql.js';
import type { ProcurementScope } from '../procurements/procurement-access.service.js';
import { PROCUREMENT_SCOPE_SQL } from '../procurements/procurements.sql.js';
import { FindingVisibility, type Finding } from './finding.entity.js';

/**
 * A finding is public when the monitor made it so, or once a published report includes it:
 * the pact keeps findings confidential only until they are reported.
 */
export function isFindingPublic(finding: Pick<Finding, 'visibility' | 'publishedInReportId'>): boolean {
  return finding.visibility === FindingVisibility.PUBLIC || finding.publishedInReportId !== null;
}

/** The facts CASL decides a finding (and what hangs off it) on: the parties of its procurement and whether it is public. */
export function findingSubject(scope: ProcurementScope, finding: Pick<Finding, 'visibility' | 'publishedInReportId'>) {
  return { ...scope, isPublic: isFindingPublic(finding) };
}

/**
 * The same facts in SQL, for a query over `findings f` joined to `procurements p`. Rules are
 * checked against the procurement's current monitor, so a newly engaged monitor takes over
 * the findings of the one before. Bidders read findings only through `isPublic`; a rule on
 * any other field fails closed until it is mapped here.
 */
export const FINDING_FIELDS: Record<string, FieldSql> = {
  ...PROCUREMENT_SCOPE_SQL,
  isPublic: () => "(f.visibility = 'PUBLIC' OR f.published_in_report_id IS NOT NULL)",
};
