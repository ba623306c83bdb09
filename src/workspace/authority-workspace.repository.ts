import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppAbility } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import { preparedQuery } from '../database/prepared-query.js';
import type { ProcurementStage } from '../procurements/procurement-stage.js';
import { PROCUREMENT_SCOPE_SQL } from '../procurements/procurements.sql.js';

/** One of the authority's procurements with what waits on it, as one row of its home. */
export interface AuthorityProcurementRow {
  id: string;
  reference: string;
  title: string;
  stage: ProcurementStage;
  authorityId: string;
  bidderIds: string[];
  /** The draft being prepared (to edit and publish), if any. */
  openDraftId: string | null;
  /** Comments by others on that draft with no later comment from the authority on the same clause. */
  commentsToAnswer: number;
  /** Findings the monitor is waiting for the authority to answer (open or escalated). */
  findingsToAnswer: number;
  /** The latest published version, and who signed it: what the stage gates look at. */
  currentVersion: number | null;
  currentVersionId: string | null;
  signers: string[];
  total: string;
}

/**
 * The authority's home in one statement, whatever the number of procurements: the rows are
 * those the viewer may advance (the CASL rules, compiled to SQL), those with something waiting first.
 */
@Injectable()
export class AuthorityWorkspaceRepository {
  async procurementsWaiting(tx: EntityManager, ability: AppAbility, page: { limit: number; offset: number }): Promise<[AuthorityProcurementRow[], number]> {
    const mine = accessibleSql(ability, 'advance', 'Procurement', PROCUREMENT_SCOPE_SQL);
    const rows = await preparedQuery<AuthorityProcurementRow>(
      tx,
      `SELECT p.id, p.reference, p.title, p.stage, p.authority_id AS "authorityId",
              coalesce((SELECT array_agg(pb.bidder_id) FROM procurement_bidders pb WHERE pb.procurement_id = p.id), '{}') AS "bidderIds",
              d.id AS "openDraftId",
              (SELECT count(*)::int FROM draft_comments c
                WHERE c.draft_id = d.id
                  AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = c.author_id AND m.organisation_id = p.authority_id)
                  AND NOT EXISTS (SELECT 1 FROM draft_comments a JOIN memberships am ON am.user_id = a.author_id AND am.organisation_id = p.authority_id
                                   WHERE a.draft_id = c.draft_id AND a.clause_key IS NOT DISTINCT FROM c.clause_key AND a.created_at > c.created_at)
              ) AS "commentsToAnswer",
              (SELECT count(*)::int FROM findings f WHERE f.procurement_id = p.id AND f.status IN ('OPEN', 'ESCALATED')) AS "findingsToAnswer",
              v.number AS "currentVersion", v.id AS "currentVersionId",
              coalesce((SELECT array_agg(s.organisation_id) FROM signatures s WHERE s.pact_version_id = v.id), '{}') AS signers,
              count(*) OVER () AS total
         FROM procurements p
         LEFT JOIN pacts pa ON pa.procurement_id = p.id
         LEFT JOIN pact_drafts d ON d.pact_id = pa.id AND d.published_version_id IS NULL
         LEFT JOIN LATERAL (SELECT vx.id, vx.number FROM pact_versions vx WHERE vx.pact_id = pa.id ORDER BY vx.number DESC LIMIT 1) v ON true
        WHERE ${mine.where}
        ORDER BY (d.id IS NOT NULL
                  OR EXISTS (SELECT 1 FROM findings f WHERE f.procurement_id = p.id AND f.status IN ('OPEN', 'ESCALATED'))) DESC,
                 p.created_at DESC, p.id
        LIMIT :limit OFFSET :offset`,
      { ...mine.parameters, limit: page.limit, offset: page.offset },
    );
    return [rows, rows.length ? Number(rows[0].total) : 0];
  }
}
