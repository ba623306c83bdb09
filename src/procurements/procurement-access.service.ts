import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Action, ProcurementParties, SubjectType } from '../authorization/ability.factory.js';
import type { FieldSql } from '../authorization/accessible-sql.js';
import { requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { notFound } from '../errors/domain-error.js';

export type ProcurementScope = ProcurementParties & { id: string };

/** A procurement enters the public record once a version of its pact is published. */
export const HAS_PUBLISHED_PACT_SQL = 'EXISTS (SELECT 1 FROM pacts pa JOIN pact_versions pv ON pv.pact_id = pa.id WHERE pa.procurement_id = p.id)';

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

/** Loads who the parties of procurements are, the facts every procurement-scoped rule is decided on. */
@Injectable()
export class ProcurementAccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async scopes(ids: readonly string[]): Promise<Map<string, ProcurementScope>> {
    const rows: Array<{ id: string; authority_id: string; monitor_id: string | null; implementer_id: string | null; bidder_ids: string[]; has_published_pact: boolean; awarded: boolean }> =
      await this.db.query(
        `SELECT p.id, p.authority_id, p.monitor_id, p.implementer_id,
                coalesce(array_agg(pb.bidder_id) FILTER (WHERE pb.bidder_id IS NOT NULL), '{}') AS bidder_ids,
                ${HAS_PUBLISHED_PACT_SQL} AS has_published_pact,
                ${AWARDED_SQL} AS awarded
           FROM procurements p
           LEFT JOIN procurement_bidders pb ON pb.procurement_id = p.id
          WHERE p.id = ANY($1)
          GROUP BY p.id`,
        [ids],
      );
    return new Map(
      rows.map((r) => [r.id, { id: r.id, authorityId: r.authority_id, monitorId: r.monitor_id, implementerId: r.implementer_id, bidderIds: r.bidder_ids, hasPublishedPact: r.has_published_pact, awarded: r.awarded }]),
    );
  }

  /** The procurement's scope if the viewer may do `action` to `subject` within it; NOT_FOUND or FORBIDDEN otherwise. */
  async require(viewer: Viewer, action: Action, subject: Exclude<SubjectType, 'all'>, procurementId: string, extra: object = {}): Promise<ProcurementScope> {
    const scope = (await this.scopes([procurementId])).get(procurementId);
    if (!scope) throw notFound('Procurement', procurementId);
    requireAbility(viewer, action, subject, { ...scope, ...extra });
    return scope;
  }
}
