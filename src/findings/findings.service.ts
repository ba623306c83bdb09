import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Action, SubjectType } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { notFound } from '../errors/domain-error.js';
import { groupBy } from '../graphql/loaders.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import { ProcurementAccessService, type ProcurementScope } from '../procurements/procurement-access.service.js';
import { STAGE_ORDER, type ProcurementStage } from '../procurements/procurement-stage.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { FINDING_FIELDS, findingSubject } from './finding-access.js';
import { FindingEvidence } from './finding-evidence.entity.js';
import { FindingNote } from './finding-note.entity.js';
import { FindingResponse } from './finding-response.entity.js';
import { mayChangeFindingStatus } from './finding-status.js';
import { Finding, FindingKind, FindingStatus, FindingVisibility, type FindingSeverity } from './finding.entity.js';
import { findingPublished, findingResolved, noMonitorAssigned, stageNotReached, statusChangeRefused } from './findings.errors.js';
import type { AddFindingNoteInput } from './inputs/add-finding-note.input.js';
import type { FindingFilterInput } from './inputs/finding-filter.input.js';
import type { RecordFindingInput } from './inputs/record-finding.input.js';
import type { RespondToFindingInput } from './inputs/respond-to-finding.input.js';
import type { SetFindingStatusInput } from './inputs/set-finding-status.input.js';
import type { UpdateFindingInput } from './inputs/update-finding.input.js';

type NewFinding = Pick<Finding, 'procurementId' | 'stage' | 'kind' | 'severity' | 'title' | 'description' | 'visibility' | 'monitorId' | 'redFlagId'>;

const EDITABLE = ['title', 'description', 'severity', 'visibility'] as const;
const FILTERABLE = ['stage', 'kind', 'severity', 'status', 'visibility'] as const;

/**
 * The monitor's findings and the exchange around them. Recording, editing and adding evidence
 * are the monitor's authoring right (CASL `create` on Finding); `update` on Finding is deciding
 * its status, which the implementer shares.
 */
@Injectable()
export class FindingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ProcurementAccessService,
    private readonly audit: AuditService,
  ) {}

  async record(viewer: Viewer, input: RecordFindingInput): Promise<Finding> {
    const scope = await this.access.require(viewer, 'create', 'Finding', input.procurementId);
    if (!scope.monitorId) throw noMonitorAssigned();
    return this.db.transaction(async (tx) => {
      const { stage: current } = await tx.findOneOrFail(Procurement, { select: { id: true, stage: true }, where: { id: scope.id } });
      const stage = input.stage ?? current;
      // Stages never go back, so a stage at or before the current one has been reached.
      if (STAGE_ORDER.indexOf(stage) > STAGE_ORDER.indexOf(current)) throw stageNotReached(stage, current);
      return this.insert(tx, viewer, {
        procurementId: scope.id, stage, kind: input.kind, severity: input.severity, title: input.title.trim(), description: input.description,
        visibility: input.visibility, monitorId: scope.monitorId!, redFlagId: null,
      });
    });
  }

  /**
   * A finding made from something else on the record — a confirmed red flag, a complaint about
   * the procurement — inside the caller's transaction. The caller has loaded the procurement's
   * monitor; confidential like any new finding.
   */
  async recordWithin(
    tx: EntityManager,
    viewer: Viewer,
    params: { procurementId: string; stage: ProcurementStage; kind: FindingKind; title: string; description: string; severity: FindingSeverity; redFlagId: string | null; monitorId: string },
  ): Promise<Finding> {
    requireAbility(viewer, 'create', 'Finding', { monitorId: params.monitorId });
    return this.insert(tx, viewer, { ...params, visibility: FindingVisibility.CONFIDENTIAL });
  }

  async update(viewer: Viewer, input: UpdateFindingInput): Promise<Finding> {
    await this.inScope(viewer, 'create', 'Finding', input.findingId);
    return this.db.transaction(async (tx) => {
      const finding = await this.lock(tx, input.findingId);
      if (finding.status === FindingStatus.RESOLVED) throw findingResolved();
      // The published report carries the finding as it was; the public copy must not drift from it.
      if (finding.publishedInReportId) throw findingPublished(finding.publishedInReportId);
      const changes: Record<string, unknown> = {};
      for (const field of EDITABLE) {
        const value = field === 'title' ? input.title?.trim() : input[field];
        if (value !== undefined && value !== null && value !== finding[field]) changes[field] = value;
      }
      if (!Object.keys(changes).length) return finding;
      Object.assign(finding, changes);
      await tx.save(finding);
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'finding.updated', subjectType: 'Finding', subjectId: finding.id, procurementId: finding.procurementId, data: { changes },
      });
      return finding;
    });
  }

  /** The authority's answer; it makes the finding ANSWERED, and only an answer can. */
  async respond(viewer: Viewer, input: RespondToFindingInput): Promise<Finding> {
    await this.inScope(viewer, 'create', 'FindingResponse', input.findingId);
    return this.db.transaction(async (tx) => {
      const finding = await this.lock(tx, input.findingId);
      const from = finding.status;
      if (!mayChangeFindingStatus(from, FindingStatus.ANSWERED, 'RESPONSE')) throw statusChangeRefused(from, FindingStatus.ANSWERED);
      const response = await tx.save(tx.create(FindingResponse, { findingId: finding.id, authorId: actorId(viewer), body: input.body }));
      if (from !== FindingStatus.ANSWERED) {
        finding.status = FindingStatus.ANSWERED;
        await tx.save(finding);
      }
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'finding.answered', subjectType: 'Finding', subjectId: finding.id, procurementId: finding.procurementId,
        data: { responseId: response.id, from, to: finding.status },
      });
      return finding;
    });
  }

  async setStatus(viewer: Viewer, input: SetFindingStatusInput): Promise<Finding> {
    await this.inScope(viewer, 'update', 'Finding', input.findingId);
    return this.db.transaction(async (tx) => {
      const finding = await this.lock(tx, input.findingId);
      const from = finding.status;
      if (!mayChangeFindingStatus(from, input.status, 'DECISION')) throw statusChangeRefused(from, input.status);
      finding.status = input.status;
      await tx.save(finding);
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'finding.status_changed', subjectType: 'Finding', subjectId: finding.id, procurementId: finding.procurementId,
        data: { from, to: input.status, note: input.note },
      });
      return finding;
    });
  }

  async addNote(viewer: Viewer, input: AddFindingNoteInput): Promise<FindingNote> {
    const { finding } = await this.inScope(viewer, 'create', 'FindingNote', input.findingId);
    return this.db.transaction(async (tx) => {
      const note = await tx.save(tx.create(FindingNote, { findingId: finding.id, authorId: actorId(viewer), body: input.body }));
      // The authority reads the audit trail: it learns that a note was written, never what it says.
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'finding.note_added', subjectType: 'Finding', subjectId: finding.id, procurementId: finding.procurementId,
        data: { noteId: note.id },
      });
      return note;
    });
  }

  async get(viewer: Viewer, id: string): Promise<Finding> {
    return (await this.inScope(viewer, 'read', 'Finding', id)).finding;
  }

  /** The finding if the viewer may do `action` to `subject` on it; NOT_FOUND, UNAUTHENTICATED or FORBIDDEN otherwise. */
  async inScope(viewer: Viewer, action: Action, subject: Exclude<SubjectType, 'all'>, findingId: string): Promise<{ finding: Finding; scope: ProcurementScope }> {
    const finding = await this.db.getRepository(Finding).findOneBy({ id: findingId });
    if (!finding) throw notFound('Finding', findingId);
    const scope = (await this.access.scopes([finding.procurementId])).get(finding.procurementId)!;
    requireAbility(viewer, action, subject, findingSubject(scope, finding));
    return { finding, scope };
  }

  async list(viewer: Viewer, procurementId: string, filter: FindingFilterInput, page: PageInput): Promise<Page<Finding>> {
    if (!(await this.db.getRepository(Procurement).existsBy({ id: procurementId }))) throw notFound('Procurement', procurementId);
    return (await this.pagesOf(viewer, [procurementId], filter, page)).get(procurementId)!;
  }

  /**
   * One page of the findings the viewer may see for each procurement, newest first, in two
   * queries whatever the number of procurements: the rules filter in SQL, a window numbers
   * each procurement's findings so every page is cut in the same query.
   */
  async pagesOf(viewer: Viewer, procurementIds: readonly string[], filter: FindingFilterInput, page: PageInput): Promise<Map<string, Page<Finding>>> {
    const visible = accessibleSql(viewer.ability, 'read', 'Finding', FINDING_FIELDS);
    const matching = () => {
      const query = this.db
        .getRepository(Finding)
        .createQueryBuilder('f')
        .innerJoin(Procurement, 'p', 'p.id = f.procurement_id')
        .where('f.procurement_id = ANY(:procurementIds)', { procurementIds })
        .andWhere(visible.where, visible.parameters);
      for (const field of FILTERABLE) {
        if (filter[field]) query.andWhere(`f.${field} = :${field}`, { [field]: filter[field] });
      }
      return query;
    };
    const ranked = matching()
      .select('f.id', 'id')
      .addSelect('row_number() OVER (PARTITION BY f.procurement_id ORDER BY f.created_at DESC, f.id)', 'place');
    const items = await this.db
      .getRepository(Finding)
      .createQueryBuilder('found')
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
    const byProcurement = groupBy(items, (f) => f.procurementId);
    const totalOf = new Map(totals.map((t) => [t.procurementId, t.total]));
    return new Map(procurementIds.map((id) => [id, pageOf(byProcurement.get(id) ?? [], totalOf.get(id) ?? 0, page)]));
  }

  async responsesOf(findingIds: readonly string[]): Promise<Map<string, FindingResponse[]>> {
    const rows = await this.db.getRepository(FindingResponse).find({ where: { findingId: In([...findingIds]) }, order: { createdAt: 'ASC' } });
    return groupBy(rows, (r) => r.findingId);
  }

  async notesOf(findingIds: readonly string[]): Promise<Map<string, FindingNote[]>> {
    const rows = await this.db.getRepository(FindingNote).find({ where: { findingId: In([...findingIds]) }, order: { createdAt: 'ASC' } });
    return groupBy(rows, (n) => n.findingId);
  }

  /** Evidence metadata only: the content column is never selected unless downloaded. */
  async evidenceOf(findingIds: readonly string[]): Promise<Map<string, FindingEvidence[]>> {
    const rows = await this.db.getRepository(FindingEvidence).find({ where: { findingId: In([...findingIds]) }, order: { uploadedAt: 'ASC' } });
    return groupBy(rows, (e) => e.findingId);
  }

  private async insert(tx: EntityManager, viewer: Viewer, fields: NewFinding): Promise<Finding> {
    const finding = await tx.save(tx.create(Finding, { ...fields, status: FindingStatus.OPEN, createdBy: actorId(viewer) }));
    await this.audit.append(tx, {
      actorId: actorId(viewer), action: 'finding.recorded', subjectType: 'Finding', subjectId: finding.id, procurementId: finding.procurementId,
      data: { stage: finding.stage, kind: finding.kind, severity: finding.severity, visibility: finding.visibility, title: finding.title, redFlagId: finding.redFlagId },
    });
    return finding;
  }

  /** The row lock makes concurrent answers and decisions on one finding take turns, so each sees the status the other left. */
  private lock(tx: EntityManager, findingId: string): Promise<Finding> {
    return tx.findOneOrFail(Finding, { where: { id: findingId }, lock: { mode: 'pessimistic_write' } });
  }
}
