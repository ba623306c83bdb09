import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import type { AppAbility, ProcurementParties } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import type { OrganisationKind } from '../authorization/roles.js';
import type { ProcurementFilterInput } from './inputs/procurement-filter.input.js';
import { ProcurementBidder } from './procurement-bidder.entity.js';
import type { ProcurementStage } from './procurement-stage.js';
import { Procurement } from './procurement.entity.js';
import { HAS_PUBLISHED_PACT_SQL, AWARDED_SQL, PROCUREMENT_SCOPE_SQL, procurementFilterSql } from './procurements.sql.js';
import { StageTransition } from './stage-transition.entity.js';

export type ProcurementScope = ProcurementParties & { id: string };

/** Every statement of the procurements feature; each runs in the manager it is given. */
@Injectable()
export class ProcurementsRepository {
  /** Who the parties of each procurement are: the facts every procurement-scoped rule is decided on. */
  async scopesOf(tx: EntityManager, ids: readonly string[]): Promise<Map<string, ProcurementScope>> {
    const rows: Array<{
      id: string;
      authority_id: string;
      monitor_id: string | null;
      implementer_id: string | null;
      bidder_ids: string[];
      has_published_pact: boolean;
      awarded: boolean;
    }> = await tx.query(
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
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          authorityId: r.authority_id,
          monitorId: r.monitor_id,
          implementerId: r.implementer_id,
          bidderIds: r.bidder_ids,
          hasPublishedPact: r.has_published_pact,
          awarded: r.awarded,
        },
      ]),
    );
  }

  async organisationKind(tx: EntityManager, organisationId: string): Promise<OrganisationKind | null> {
    return (await tx.findOneBy(Organisation, { id: organisationId }))?.kind ?? null;
  }

  referenceTaken(tx: EntityManager, reference: string): Promise<boolean> {
    return tx.existsBy(Procurement, { reference });
  }

  insert(tx: EntityManager, fields: Partial<Procurement>): Promise<Procurement> {
    return tx.save(tx.create(Procurement, fields));
  }

  save(tx: EntityManager, procurement: Procurement): Promise<Procurement> {
    return tx.save(procurement);
  }

  /** The procurement, its row locked until the transaction ends. */
  lockForUpdate(tx: EntityManager, id: string): Promise<Procurement> {
    return tx.findOneOrFail(Procurement, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  byId(tx: EntityManager, id: string): Promise<Procurement> {
    return tx.findOneByOrFail(Procurement, { id });
  }

  bidder(tx: EntityManager, procurementId: string, bidderId: string): Promise<ProcurementBidder | null> {
    return tx.findOneBy(ProcurementBidder, { procurementId, bidderId });
  }

  insertBidder(tx: EntityManager, fields: Pick<ProcurementBidder, 'procurementId' | 'bidderId' | 'participation'>): Promise<ProcurementBidder> {
    return tx.save(tx.create(ProcurementBidder, fields));
  }

  /** One page of the procurements the ability may read, newest first, filtered in SQL by the same rules as single checks. */
  visiblePage(
    tx: EntityManager,
    ability: AppAbility,
    filter: ProcurementFilterInput,
    page: { limit: number; offset: number },
    action: 'read' | 'advance' = 'read',
  ): Promise<[Procurement[], number]> {
    const visible = accessibleSql(ability, action, 'Procurement', PROCUREMENT_SCOPE_SQL);
    const query = tx
      .getRepository(Procurement)
      .createQueryBuilder('p')
      .where(visible.where, visible.parameters)
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id')
      .take(page.limit)
      .skip(page.offset);
    const { conditions, parameters } = procurementFilterSql(filter);
    for (const condition of conditions) query.andWhere(condition, parameters);
    return query.getManyAndCount();
  }

  /** Participating bidders of many procurements that the ability may read (a bidder: only its own row), oldest first. */
  visibleBidders(tx: EntityManager, ability: AppAbility, procurementIds: readonly string[]): Promise<ProcurementBidder[]> {
    const visible = accessibleSql(ability, 'read', 'ProcurementBidder', { ...PROCUREMENT_SCOPE_SQL, bidderId: 'pb.bidder_id' });
    return tx
      .getRepository(ProcurementBidder)
      .createQueryBuilder('pb')
      .innerJoin(Procurement, 'p', 'p.id = pb.procurement_id')
      .where('pb.procurement_id = ANY(:ids)', { ids: procurementIds })
      .andWhere(visible.where, visible.parameters)
      .orderBy('pb.created_at')
      .getMany();
  }

  /** The organisations of these kinds, by name: the choices of the authority's forms (bidders to invite, monitors to assign). */
  organisationsOfKinds(tx: EntityManager, kinds: OrganisationKind[]): Promise<Array<{ id: string; name: string; kind: OrganisationKind }>> {
    return tx.query(`SELECT id, name, kind FROM organisations WHERE kind::text = ANY($1) ORDER BY name`, [kinds]);
  }

  /** The bidders taking part in a procurement, with their names. */
  biddersNamed(tx: EntityManager, procurementId: string): Promise<Array<{ id: string; name: string; participation: string }>> {
    return tx.query(
      `SELECT o.id, o.name, pb.participation FROM procurement_bidders pb JOIN organisations o ON o.id = pb.bidder_id WHERE pb.procurement_id = $1 ORDER BY o.name`,
      [procurementId],
    );
  }

  async stagesOf(tx: EntityManager, procurementIds: readonly string[]): Promise<Map<string, ProcurementStage>> {
    const rows = await tx.find(Procurement, { select: { id: true, stage: true }, where: { id: In([...procurementIds]) } });
    return new Map(rows.map((p) => [p.id, p.stage]));
  }

  /** Stage moves of many procurements, oldest first. */
  stageHistoryOf(tx: EntityManager, procurementIds: readonly string[]): Promise<StageTransition[]> {
    return tx
      .getRepository(StageTransition)
      .createQueryBuilder('t')
      .where('t.procurement_id = ANY(:ids)', { ids: procurementIds })
      .orderBy('t.occurred_at')
      .getMany();
  }
}
