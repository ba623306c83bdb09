import type { EntityManager } from 'typeorm';
import { Bid } from '../tendering/bid.entity.js';

export interface FactOrganisation {
  id: string;
  name: string;
  address: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

export interface FactBid {
  id: string;
  bidderId: string;
  amount: string;
  currency: string | null;
  receivedAt: Date;
  disqualified: boolean;
}

export interface FactAward {
  id: string;
  supplierId: string;
  amount: string;
  currency: string | null;
  awardedAt: Date;
}

export interface FactContract {
  id: string;
  awardId: string;
  value: string;
  currency: string | null;
  signedAt: Date | null;
  amendments: { amendedAt: Date; createdAt: Date; newValue: string }[];
}

/** Everything the indicators read about one procurement; evaluating them needs nothing else. */
export interface RedFlagFacts {
  procurement: {
    authorityId: string;
    /** OCDS procurementMethod; null is read as a competitive tender, the usual case under a pact. */
    procurementMethod: string | null;
    estimatedValue: string | null;
    currency: string | null;
    tenderPeriodStart: Date | null;
    tenderPeriodEnd: Date | null;
  };
  /** The companies in the tender: those taking part, bidding or awarded. */
  organisations: FactOrganisation[];
  bids: FactBid[];
  awards: FactAward[];
  /** Per supplier awarded here: in how many procurements this authority has awarded it (this one included). */
  awardsByAuthorityTo: Record<string, number>;
  contracts: FactContract[];
  /** The latest published pact version and who signed it; null while nothing is published. */
  pact: { version: number; signers: string[] } | null;
  /** Complaints about the procurement lodged in the 30 days before the computation. */
  complaintCount: number;
}

/** Loads the facts of one procurement in five queries, whatever the number of bids, awards or contracts. */
export async function loadFacts(manager: EntityManager, procurementId: string, now: Date): Promise<RedFlagFacts> {
  const [procurement] = await manager.query(
    `SELECT p.authority_id, p.procurement_method, p.estimated_value, p.currency, p.tender_period_start, p.tender_period_end,
            v.number AS pact_version,
            (SELECT count(*)::int FROM complaints c WHERE c.procurement_id = p.id AND c.created_at > $2::timestamptz - interval '30 days') AS complaint_count,
            coalesce((SELECT array_agg(s.organisation_id) FROM signatures s WHERE s.pact_version_id = v.id), '{}') AS signers
       FROM procurements p
       LEFT JOIN pacts pa ON pa.procurement_id = p.id
       LEFT JOIN LATERAL (SELECT id, number FROM pact_versions WHERE pact_id = pa.id ORDER BY number DESC LIMIT 1) v ON TRUE
      WHERE p.id = $1`,
    [procurementId, now],
  );
  if (!procurement) throw new Error(`red flags: procurement ${procurementId} does not exist`);
  const organisations: Array<{ id: string; name: string; address: string | null; contact_email: string | null; contact_phone: string | null }> =
    await manager.query(
      `SELECT o.id, o.name, o.address, o.contact_email, o.contact_phone
         FROM organisations o
        WHERE o.id IN (SELECT bidder_id FROM procurement_bidders WHERE procurement_id = $1
                       UNION SELECT bidder_id FROM bids WHERE procurement_id = $1
                       UNION SELECT supplier_id FROM awards WHERE procurement_id = $1)
        ORDER BY o.name, o.id`,
      [procurementId],
    );
  const bids = await manager.find(Bid, { where: { procurementId }, order: { receivedAt: 'ASC', createdAt: 'ASC' } });
  const awards: Array<{ id: string; supplier_id: string; amount: string; currency: string | null; awarded_at: Date; by_authority: number }> =
    await manager.query(
      `SELECT a.id, a.supplier_id, a.amount, a.currency, a.awarded_at,
              (SELECT count(DISTINCT other.procurement_id)::int
                 FROM awards other JOIN procurements op ON op.id = other.procurement_id
                WHERE other.supplier_id = a.supplier_id AND op.authority_id = p.authority_id) AS by_authority
         FROM awards a JOIN procurements p ON p.id = a.procurement_id
        WHERE a.procurement_id = $1
        ORDER BY a.awarded_at, a.created_at`,
      [procurementId],
    );
  const contracts: Array<{ id: string; award_id: string; value: string; currency: string | null; signed_at: Date | null; amendments: Array<{ amendedAt: string; createdAt: string; newValue: string }> }> =
    await manager.query(
      `SELECT c.id, c.award_id, c.value, c.currency, c.signed_at,
              coalesce((SELECT json_agg(json_build_object('amendedAt', m.amended_at, 'createdAt', m.created_at, 'newValue', m.new_value::text)
                                        ORDER BY m.amended_at, m.created_at)
                          FROM contract_amendments m WHERE m.contract_id = c.id), '[]') AS amendments
         FROM contracts c
        WHERE c.procurement_id = $1
        ORDER BY c.signed_at NULLS LAST, c.created_at`,
      [procurementId],
    );

  return {
    procurement: {
      authorityId: procurement.authority_id,
      procurementMethod: procurement.procurement_method,
      estimatedValue: procurement.estimated_value,
      currency: procurement.currency,
      tenderPeriodStart: procurement.tender_period_start,
      tenderPeriodEnd: procurement.tender_period_end,
    },
    organisations: organisations.map((o) => ({ id: o.id, name: o.name, address: o.address, contactEmail: o.contact_email, contactPhone: o.contact_phone })),
    bids: bids.map((b) => ({ id: b.id, bidderId: b.bidderId, amount: b.amount, currency: b.currency, receivedAt: b.receivedAt, disqualified: b.disqualified })),
    awards: awards.map((a) => ({ id: a.id, supplierId: a.supplier_id, amount: a.amount, currency: a.currency, awardedAt: a.awarded_at })),
    awardsByAuthorityTo: Object.fromEntries(awards.map((a) => [a.supplier_id, a.by_authority])),
    contracts: contracts.map((c) => ({
      id: c.id, awardId: c.award_id, value: c.value, currency: c.currency, signedAt: c.signed_at,
      amendments: c.amendments.map((m) => ({ amendedAt: new Date(m.amendedAt), createdAt: new Date(m.createdAt), newValue: m.newValue })),
    })),
    pact: procurement.pact_version === null ? null : { version: procurement.pact_version, signers: procurement.signers },
    complaintCount: procurement.complaint_count,
  };
}
