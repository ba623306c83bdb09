import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { AppAbility } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import type { PageInput } from '../pagination/page.js';
import type { ProcurementStage } from '../procurements/procurement-stage.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { PROCUREMENT_SCOPE_SQL } from '../procurements/procurements.sql.js';
import { FINDING_FIELDS } from './finding-access.js';
import { FindingEvidence } from './finding-evidence.entity.js';
import { FindingNote } from './finding-note.entity.js';
import { FindingResponse } from './finding-response.entity.js';
import { Finding, type FindingKind, type FindingSeverity, type FindingStatus, type FindingVisibility } from './finding.entity.js';

export type NewFinding = Pick<
  Finding,
  'procurementId' | 'stage' | 'kind' | 'severity' | 'title' | 'description' | 'visibility' | 'monitorId' | 'redFlagId' | 'status' | 'createdBy'
>;

/** What a list of findings may be narrowed by; every field is compared for equality. */
export interface FindingFilter {
  stage?: ProcurementStage | null;
  kind?: FindingKind | null;
  severity?: FindingSeverity | null;
  status?: FindingStatus | null;
  visibility?: FindingVisibility | null;
}

const FILTERABLE = ['stage', 'kind', 'severity', 'status', 'visibility'] as const;

/** A procurement as the monitor's pages name it. */
export interface MonitoredProcurement {
  id: string;
  reference: string;
  title: string;
  stage: ProcurementStage;
  /** Findings not yet resolved. */
  openFindings: number;
}

/** Every statement on findings, their answers, notes and evidence files. */
@Injectable()
export class FindingsRepository {
  findById(tx: EntityManager, findingId: string): Promise<Finding | null> {
    return tx.findOneBy(Finding, { id: findingId });
  }

  /** The row lock makes concurrent answers, decisions and evidence on one finding take turns, so each sees the status the other left. */
  lockForUpdate(tx: EntityManager, findingId: string): Promise<Finding> {
    return tx.findOneOrFail(Finding, { where: { id: findingId }, lock: { mode: 'pessimistic_write' } });
  }

  insert(tx: EntityManager, fields: NewFinding): Promise<Finding> {
    return tx.save(tx.create(Finding, fields));
  }

  save(tx: EntityManager, finding: Finding): Promise<Finding> {
    return tx.save(finding);
  }

  addResponse(tx: EntityManager, fields: Pick<FindingResponse, 'findingId' | 'authorId' | 'body'>): Promise<FindingResponse> {
    return tx.save(tx.create(FindingResponse, fields));
  }

  addNote(tx: EntityManager, fields: Pick<FindingNote, 'findingId' | 'authorId' | 'body'>): Promise<FindingNote> {
    return tx.save(tx.create(FindingNote, fields));
  }

  addEvidence(tx: EntityManager, fields: Omit<FindingEvidence, 'id' | 'uploadedAt'>): Promise<FindingEvidence> {
    return tx.save(tx.create(FindingEvidence, fields));
  }

  /** The stage the procurement has reached, which bounds the stage a finding may be recorded at. */
  async currentStage(tx: EntityManager, procurementId: string): Promise<ProcurementStage> {
    return (await tx.findOneOrFail(Procurement, { select: { id: true, stage: true }, where: { id: procurementId } })).stage;
  }

  procurementExists(tx: EntityManager, procurementId: string): Promise<boolean> {
    return tx.existsBy(Procurement, { id: procurementId });
  }

  responsesOf(tx: EntityManager, findingIds: readonly string[]): Promise<FindingResponse[]> {
    return tx.find(FindingResponse, { where: { findingId: In([...findingIds]) }, order: { createdAt: 'ASC' } });
  }

  notesOf(tx: EntityManager, findingIds: readonly string[]): Promise<FindingNote[]> {
    return tx.find(FindingNote, { where: { findingId: In([...findingIds]) }, order: { createdAt: 'ASC' } });
  }

  /** Evidence metadata only: the content column is never selected unless downloaded. */
  evidenceOf(tx: EntityManager, findingIds: readonly string[]): Promise<FindingEvidence[]> {
    return tx.find(FindingEvidence, { where: { findingId: In([...findingIds]) }, order: { uploadedAt: 'ASC' } });
  }

  evidenceMetadata(tx: EntityManager, evidenceId: string): Promise<FindingEvidence | null> {
    return tx.findOneBy(FindingEvidence, { id: evidenceId });
  }

  /** The evidence file with its content, which is `select: false` everywhere else. */
  evidenceWithContent(tx: EntityManager, evidenceId: string): Promise<FindingEvidence> {
    return tx.createQueryBuilder(FindingEvidence, 'e').addSelect('e.content').where('e.id = :evidenceId', { evidenceId }).getOneOrFail();
  }

  /**
   * One page of the findings `ability` may read for each procurement, newest first, in two
   * queries whatever the number of procurements: the rules filter in SQL, a window numbers
   * each procurement's findings so every page is cut in the same query.
   */
  async visiblePages(
    tx: EntityManager,
    ability: AppAbility,
    procurementIds: readonly string[],
    filter: FindingFilter,
    page: PageInput,
  ): Promise<{ items: Finding[]; totals: Map<string, number> }> {
    const visible = accessibleSql(ability, 'read', 'Finding', FINDING_FIELDS);
    const matching = () => {
      const query = tx
        .createQueryBuilder(Finding, 'f')
        .innerJoin(Procurement, 'p', 'p.id = f.procurement_id')
        .where('f.procurement_id = ANY(:procurementIds)', { procurementIds })
        .andWhere(visible.where, visible.parameters);
      for (const field of FILTERABLE) {
        if (filter[field]) query.andWhere(`f.${field} = :${field}`, { [field]: filter[field] });
      }
      return query;
    };
    const ranked = matching().select('f.id', 'id').addSelect('row_number() OVER (PARTITION BY f.procurement_id ORDER BY f.created_at DESC, f.id)', 'place');
    const items = await tx
      .createQueryBuilder(Finding, 'found')
      .innerJoin(`(${ranked.getQuery()})`, 'ranked', 'ranked.id = found.id')
      .setParameters(ranked.getParameters())
      .where('ranked.place > :offset AND ranked.place <= :end', { offset: page.offset, end: page.offset + page.limit })
      .orderBy('found.created_at', 'DESC')
      .addOrderBy('found.id')
      .getMany();
    const totals: Array<{ procurementId: string; total: number }> = await matching()
      .select('f.procurement_id', 'procurementId')
      .addSelect('count(*)::int', 'total')
      .groupBy('f.procurement_id')
      .getRawMany();
    return { items, totals: new Map(totals.map((t) => [t.procurementId, t.total])) };
  }

  /**
   * The procurements on which `ability` may record findings (the monitor's own), newest first,
   * with how many findings are still open; one query whatever the page's length.
   */
  async monitoredPage(tx: EntityManager, ability: AppAbility, page: PageInput): Promise<[MonitoredProcurement[], number]> {
    const allowed = accessibleSql(ability, 'create', 'Finding', PROCUREMENT_SCOPE_SQL);
    const rows: Array<MonitoredProcurement & { total: number }> = await tx
      .createQueryBuilder(Procurement, 'p')
      .select(['p.id AS id', 'p.reference AS reference', 'p.title AS title', 'p.stage AS stage'])
      .addSelect("(SELECT count(*)::int FROM findings f WHERE f.procurement_id = p.id AND f.status <> 'RESOLVED')", 'openFindings')
      .addSelect('count(*) OVER ()::int', 'total')
      .where(allowed.where, allowed.parameters)
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id')
      .limit(page.limit)
      .offset(page.offset)
      .getRawMany();
    return [rows.map(({ total: _total, ...row }) => row), rows[0]?.total ?? 0];
  }

  /** One procurement as the monitor's pages name it, or null. */
  async monitoredProcurement(tx: EntityManager, procurementId: string): Promise<MonitoredProcurement | null> {
    const row = await tx
      .createQueryBuilder(Procurement, 'p')
      .select(['p.id AS id', 'p.reference AS reference', 'p.title AS title', 'p.stage AS stage'])
      .addSelect("(SELECT count(*)::int FROM findings f WHERE f.procurement_id = p.id AND f.status <> 'RESOLVED')", 'openFindings')
      .where('p.id = :procurementId', { procurementId })
      .getRawOne<MonitoredProcurement>();
    return row ?? null;
  }
}
