/**
 * Which referral rule and which deadlines apply to a complaint. Pure functions: the service
 * loads the (small) tables and these decide, so the precedence is pinned by unit tests.
 */

export interface Classified {
  sectorId: string | null;
  typeId: string | null;
  areaId: string | null;
  /** The county of a sub-county; a county rule covers its sub-counties. */
  countyId: string | null;
}

export interface RuleScope {
  sectorId: string | null;
  areaId: string | null;
  typeId: string | null;
}

/**
 * The most specific rule matching the complaint: each part a rule names must match, an empty
 * part matches anything. More named parts win; on a tie type beats sector beats area, and a
 * sub-county beats its county, so the choice never depends on the order rules were made in.
 */
export function chooseReferralRule<R extends RuleScope>(rules: readonly R[], complaint: Classified): R | null {
  const matches = rules.filter(
    (rule) =>
      (rule.sectorId === null || rule.sectorId === complaint.sectorId) &&
      (rule.typeId === null || rule.typeId === complaint.typeId) &&
      (rule.areaId === null || rule.areaId === complaint.areaId || rule.areaId === complaint.countyId),
  );
  const rank = (rule: R) => [
    Number(rule.sectorId !== null) + Number(rule.typeId !== null) + Number(rule.areaId !== null),
    Number(rule.typeId !== null),
    Number(rule.sectorId !== null),
    Number(rule.areaId !== null && rule.areaId === complaint.areaId),
  ];
  return matches.reduce<R | null>((best, rule) => (best === null || compareRanks(rank(rule), rank(best)) > 0 ? rule : best), null);
}

export interface DeadlineScope {
  organisationId: string | null;
  typeId: string | null;
  acknowledgeWithinHours: number;
  resolveWithinHours: number;
}

/** The deadlines for an organisation and type: the organisation's own before the type's, the platform default last. */
export function chooseDeadline<D extends DeadlineScope>(deadlines: readonly D[], organisationId: string, typeId: string | null): D | null {
  const score = (d: D) =>
    (d.organisationId !== null && d.organisationId !== organisationId) || (d.typeId !== null && d.typeId !== typeId)
      ? -1
      : 2 * Number(d.organisationId !== null) + Number(d.typeId !== null);
  return deadlines.reduce<D | null>((best, d) => (score(d) >= 0 && (best === null || score(d) > score(best)) ? d : best), null);
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
