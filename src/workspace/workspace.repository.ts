import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A pact an organisation is asked to sign: the latest published version of a procurement it bids in, and its signature if made. */
export interface PactToSign {
  procurementId: string;
  reference: string;
  procurementTitle: string;
  organisationId: string;
  organisationName: string;
  pactVersionId: string;
  number: number;
  title: string;
  contentHash: string;
  publishedAt: Date;
  signatureId: string | null;
}

const PACT_TO_SIGN_COLUMNS = `
  pr.id AS "procurementId", pr.reference, pr.title AS "procurementTitle",
  o.id AS "organisationId", o.name AS "organisationName",
  v.id AS "pactVersionId", v.number, v.title, v.content_hash AS "contentHash", v.published_at AS "publishedAt",
  s.id AS "signatureId"`;

/**
 * The bidder's workspace reads. Only the latest version of a pact is asked for: a superseded one
 * can no longer be signed (SignaturesService refuses it).
 */
@Injectable()
export class WorkspaceRepository {
  /** For these organisations (those the viewer signs for), unsigned first, newest first; one query whatever the count. */
  async pactsToSign(tx: EntityManager, organisationIds: readonly string[], page: { limit: number; offset: number }): Promise<[PactToSign[], number]> {
    const rows: Array<PactToSign & { total: string }> = await tx.query(
      `SELECT ${PACT_TO_SIGN_COLUMNS}, count(*) OVER () AS total
         FROM procurement_bidders pb
         JOIN procurements pr ON pr.id = pb.procurement_id
         JOIN organisations o ON o.id = pb.bidder_id
         JOIN pacts p ON p.procurement_id = pr.id
         JOIN LATERAL (SELECT * FROM pact_versions WHERE pact_id = p.id ORDER BY number DESC LIMIT 1) v ON true
         LEFT JOIN signatures s ON s.pact_version_id = v.id AND s.organisation_id = pb.bidder_id
        WHERE pb.bidder_id = ANY($1)
        ORDER BY (s.id IS NULL) DESC, v.published_at DESC, o.name, pr.reference
        LIMIT $2 OFFSET $3`,
      [organisationIds, page.limit, page.offset],
    );
    return [rows.map(({ total: _total, ...row }) => row), rows.length ? Number(rows[0].total) : 0];
  }

  /** The same facts for one version: the first of these organisations that bids in its procurement, or undefined. */
  async pactToSign(tx: EntityManager, pactVersionId: string, organisationIds: readonly string[]): Promise<PactToSign | undefined> {
    const [row]: PactToSign[] = await tx.query(
      `SELECT ${PACT_TO_SIGN_COLUMNS}
         FROM pact_versions v
         JOIN pacts p ON p.id = v.pact_id
         JOIN procurements pr ON pr.id = p.procurement_id
         JOIN procurement_bidders pb ON pb.procurement_id = pr.id AND pb.bidder_id = ANY($2)
         JOIN organisations o ON o.id = pb.bidder_id
         LEFT JOIN signatures s ON s.pact_version_id = v.id AND s.organisation_id = pb.bidder_id
        WHERE v.id = $1
        ORDER BY o.name
        LIMIT 1`,
      [pactVersionId, organisationIds],
    );
    return row;
  }
}
