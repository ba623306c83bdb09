import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppAbility } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { Bid } from '../tendering/bid.entity.js';
import type { FactAward, FactContract, FactOrganisation, RedFlagFacts } from './red-flag-facts.js';
import { redFlagFields } from './red-flag-access.js';
import { RedFlagSetting } from './red-flag-setting.entity.js';
import { RedFlag } from './red-flag.entity.js';

/** Arbitrary constant naming the advisory locks that serialise recomputations of one procurement ("RFLG"). */
const RECOMPUTE_LOCK = 0x52464c47;

/** A flag as a recomputation writes it: the computed result and the decision it carries over. */
export type ComputedFlag = Pick<
  RedFlag,
  'procurementId' | 'code' | 'triggered' | 'evidence' | 'threshold' | 'computedAt' | 'status' | 'decidedBy' | 'decidedAt' | 'dismissalReason' | 'findingId'
>;

interface ProcurementFactsRow {
  authority_id: string;
  procurement_method: string | null;
  estimated_value: string | null;
  currency: string | null;
  tender_period_start: Date | null;
  tender_period_end: Date | null;
  pact_version: number | null;
  complaint_count: number;
  signers: string[];
}

/** A raised flag waiting for the monitor's decision, with the procurement it belongs to. */
export interface WaitingFlag {
  id: string;
  code: string;
  computedAt: Date;
  procurementId: string;
  reference: string;
  procurementTitle: string;
}

/** Every statement on red flags, their settings, and the facts indicators are computed from. */
@Injectable()
export class RedFlagsRepository {
  /**
   * One recomputation of a procurement at a time: the later one waits, then reads every change
   * the earlier one committed, so the last flags written are computed from all of the data.
   */
  async lockRecomputation(tx: EntityManager, procurementId: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RECOMPUTE_LOCK, procurementId]);
  }

  lockFlagsOf(tx: EntityManager, procurementId: string): Promise<RedFlag[]> {
    return tx.find(RedFlag, { where: { procurementId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Writes one row per indicator, replacing what the last recomputation wrote. */
  async writeFlags(tx: EntityManager, flags: ComputedFlag[]): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(RedFlag)
      .values(flags)
      .orUpdate(
        ['triggered', 'evidence', 'threshold', 'computed_at', 'status', 'decided_by', 'decided_at', 'dismissal_reason', 'finding_id'],
        ['procurement_id', 'code'],
      )
      .execute();
  }

  /** The procurement a flag belongs to, or null when there is no such flag. */
  async procurementIdOf(tx: EntityManager, redFlagId: string): Promise<string | null> {
    return (await tx.findOne(RedFlag, { select: { id: true, procurementId: true }, where: { id: redFlagId } }))?.procurementId ?? null;
  }

  /** Locked, so a recomputation reopening the flag and a monitor's decision take turns. */
  lockForDecision(tx: EntityManager, redFlagId: string): Promise<RedFlag> {
    return tx.findOneOrFail(RedFlag, { where: { id: redFlagId }, lock: { mode: 'pessimistic_write' } });
  }

  save(tx: EntityManager, flag: RedFlag): Promise<RedFlag> {
    return tx.save(flag);
  }

  procurement(tx: EntityManager, procurementId: string): Promise<Procurement> {
    return tx.findOneByOrFail(Procurement, { id: procurementId });
  }

  /** The flags of many procurements that `ability` may read whole, evidence included, by code. */
  visibleFlagsOf(tx: EntityManager, ability: AppAbility, procurementIds: readonly string[]): Promise<RedFlag[]> {
    const visible = accessibleSql(ability, 'read', 'RedFlag', redFlagFields('f'), 'evidence');
    return tx
      .createQueryBuilder(RedFlag, 'f')
      .innerJoin(Procurement, 'p', 'p.id = f.procurement_id')
      .where('f.procurement_id = ANY(:ids)', { ids: [...procurementIds] })
      .andWhere(visible.where, visible.parameters)
      .orderBy('f.code')
      .getMany();
  }

  settings(tx: EntityManager): Promise<RedFlagSetting[]> {
    return tx.find(RedFlagSetting);
  }

  lockSetting(tx: EntityManager, code: string): Promise<RedFlagSetting | null> {
    return tx.findOne(RedFlagSetting, { where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  async saveSetting(tx: EntityManager, setting: Pick<RedFlagSetting, 'code' | 'threshold' | 'enabled' | 'updatedBy' | 'updatedAt'>): Promise<void> {
    await tx.upsert(RedFlagSetting, setting, ['code']);
  }

  /** Procurements not yet closed, whose flags follow a change of settings; closed ones keep theirs. */
  async openProcurementIds(tx: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(`SELECT id FROM procurements WHERE stage <> 'CLOSURE' ORDER BY id`);
    return rows.map((row) => row.id);
  }

  /** The facts of one procurement in five queries, whatever the number of bids, awards or contracts. */
  async factsOf(tx: EntityManager, procurementId: string, now: Date): Promise<RedFlagFacts> {
    const procurement = await this.procurementFacts(tx, procurementId, now);
    const bids = await tx.find(Bid, { where: { procurementId }, order: { receivedAt: 'ASC', createdAt: 'ASC' } });
    const { awards, awardsByAuthorityTo } = await this.awardFacts(tx, procurementId);
    return {
      procurement: {
        authorityId: procurement.authority_id,
        procurementMethod: procurement.procurement_method,
        estimatedValue: procurement.estimated_value,
        currency: procurement.currency,
        tenderPeriodStart: procurement.tender_period_start,
        tenderPeriodEnd: procurement.tender_period_end,
      },
      organisations: await this.organisationFacts(tx, procurementId),
      bids: bids.map((b) => ({
        id: b.id,
        bidderId: b.bidderId,
        amount: b.amount,
        currency: b.currency,
        receivedAt: b.receivedAt,
        disqualified: b.disqualified,
      })),
      awards,
      awardsByAuthorityTo,
      contracts: await this.contractFacts(tx, procurementId),
      pact: procurement.pact_version === null ? null : { version: procurement.pact_version, signers: procurement.signers },
      complaintCount: procurement.complaint_count,
    };
  }

  private async procurementFacts(tx: EntityManager, procurementId: string, now: Date): Promise<ProcurementFactsRow> {
    const [procurement]: ProcurementFactsRow[] = await tx.query(
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
    return procurement;
  }

  /** The companies in the tender: those taking part, bidding or awarded. */
  private async organisationFacts(tx: EntityManager, procurementId: string): Promise<FactOrganisation[]> {
    const rows: Array<{ id: string; name: string; address: string | null; contact_email: string | null; contact_phone: string | null }> = await tx.query(
      `SELECT o.id, o.name, o.address, o.contact_email, o.contact_phone
         FROM organisations o
        WHERE o.id IN (SELECT bidder_id FROM procurement_bidders WHERE procurement_id = $1
                       UNION SELECT bidder_id FROM bids WHERE procurement_id = $1
                       UNION SELECT supplier_id FROM awards WHERE procurement_id = $1)
        ORDER BY o.name, o.id`,
      [procurementId],
    );
    return rows.map((o) => ({ id: o.id, name: o.name, address: o.address, contactEmail: o.contact_email, contactPhone: o.contact_phone }));
  }

  /** The awards, and per supplier in how many procurements this authority has awarded it (this one included). */
  private async awardFacts(tx: EntityManager, procurementId: string): Promise<{ awards: FactAward[]; awardsByAuthorityTo: Record<string, number> }> {
    const rows: Array<{ id: string; supplier_id: string; amount: string; currency: string | null; awarded_at: Date; by_authority: number }> = await tx.query(
      `SELECT a.id, a.supplier_id, a.amount, a.currency, a.awarded_at,
              (SELECT count(DISTINCT other.procurement_id)::int
                 FROM awards other JOIN procurements op ON op.id = other.procurement_id
                WHERE other.supplier_id = a.supplier_id AND op.authority_id = p.authority_id) AS by_authority
         FROM awards a JOIN procurements p ON p.id = a.procurement_id
        WHERE a.procurement_id = $1
        ORDER BY a.awarded_at, a.created_at`,
      [procurementId],
    );
    return {
      awards: rows.map((a) => ({ id: a.id, supplierId: a.supplier_id, amount: a.amount, currency: a.currency, awardedAt: a.awarded_at })),
      awardsByAuthorityTo: Object.fromEntries(rows.map((a) => [a.supplier_id, a.by_authority])),
    };
  }

  private async contractFacts(tx: EntityManager, procurementId: string): Promise<FactContract[]> {
    const rows: Array<{
      id: string;
      award_id: string;
      value: string;
      currency: string | null;
      signed_at: Date | null;
      amendments: Array<{ amendedAt: string; createdAt: string; newValue: string }>;
    }> = await tx.query(
      `SELECT c.id, c.award_id, c.value, c.currency, c.signed_at,
                coalesce((SELECT json_agg(json_build_object('amendedAt', m.amended_at, 'createdAt', m.created_at, 'newValue', m.new_value::text)
                                          ORDER BY m.amended_at, m.created_at)
                            FROM contract_amendments m WHERE m.contract_id = c.id), '[]') AS amendments
           FROM contracts c
          WHERE c.procurement_id = $1
          ORDER BY c.signed_at NULLS LAST, c.created_at`,
      [procurementId],
    );
    return rows.map((c) => ({
      id: c.id,
      awardId: c.award_id,
      value: c.value,
      currency: c.currency,
      signedAt: c.signed_at,
      amendments: c.amendments.map((m) => ({ amendedAt: new Date(m.amendedAt), createdAt: new Date(m.createdAt), newValue: m.newValue })),
    }));
  }

  /** Raised flags still OPEN that `ability` may decide on, oldest first; one query whatever the page's length. */
  async waitingPage(tx: EntityManager, ability: AppAbility, page: { limit: number; offset: number }): Promise<[WaitingFlag[], number]> {
    const allowed = accessibleSql(ability, 'decide', 'RedFlag', redFlagFields('f'));
    const rows: Array<WaitingFlag & { total: number }> = await tx
      .createQueryBuilder(RedFlag, 'f')
      .innerJoin(Procurement, 'p', 'p.id = f.procurement_id')
      .select(['f.id AS id', 'f.code AS code', 'f.computed_at AS "computedAt"', 'p.id AS "procurementId"', 'p.reference AS reference'])
      .addSelect('p.title', 'procurementTitle')
      .addSelect('count(*) OVER ()::int', 'total')
      .where("f.status = 'OPEN' AND f.triggered")
      .andWhere(allowed.where, allowed.parameters)
      .orderBy('f.computed_at')
      .addOrderBy('p.reference')
      .addOrderBy('f.code')
      .limit(page.limit)
      .offset(page.offset)
      .getRawMany();
    return [rows.map(({ total: _total, ...row }) => row), rows[0]?.total ?? 0];
  }

  /** One flag with its procurement's reference and title, or null. */
  async flagWithProcurement(tx: EntityManager, redFlagId: string): Promise<{ flag: RedFlag; reference: string; procurementTitle: string } | null> {
    const flag = await tx.findOneBy(RedFlag, { id: redFlagId });
    if (!flag) return null;
    const { reference, title } = await tx.findOneOrFail(Procurement, { select: { id: true, reference: true, title: true }, where: { id: flag.procurementId } });
    return { flag, reference, procurementTitle: title };
  }
}
