import { subject as asSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Action, SubjectType } from '../authorization/ability.factory.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { notFound } from '../errors/domain-error.js';
import { groupBy } from '../graphql/loaders.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import { ProcurementAccessService, type ProcurementScope } from '../procurements/procurement-access.service.js';
import { STAGE_ORDER, type ProcurementStage } from '../procurements/procurement-stage.js';
import { TransactionService } from '../database/transaction.service.js';
import { findingSubject } from './finding-access.js';
import type { FindingEvidence } from './finding-evidence.entity.js';
import type { FindingNote } from './finding-note.entity.js';
import type { FindingResponse } from './finding-response.entity.js';
import { mayChangeFindingStatus } from './finding-status.js';
import { FindingStatus, FindingVisibility, type Finding, type FindingKind, type FindingSeverity } from './finding.entity.js';
import { FindingsRepository, type MonitoredProcurement, type NewFinding } from './findings.repository.js';
import { findingPublished, findingResolved, noMonitorAssigned, stageNotReached, statusChangeRefused } from './findings.errors.js';
import type { AddFindingNoteInput } from './inputs/add-finding-note.input.js';
import type { FindingFilterInput } from './inputs/finding-filter.input.js';
import type { RecordFindingInput } from './inputs/record-finding.input.js';
import type { RespondToFindingInput } from './inputs/respond-to-finding.input.js';
import type { SetFindingStatusInput } from './inputs/set-finding-status.input.js';
import type { UpdateFindingInput } from './inputs/update-finding.input.js';

/** A finding as its page shows it; `notes` is null for a viewer the rules keep them from. */
export interface FindingRecord {
  finding: Finding;
  procurement: MonitoredProcurement;
  evidence: FindingEvidence[];
  responses: FindingResponse[];
  notes: FindingNote[] | null;
}

const EDITABLE = ['title', 'description', 'severity', 'visibility'] as const;

/**
 * The monitor's findings and the exchange around them. Recording, editing and adding evidence
 * are the monitor's authoring right (CASL `create` on Finding); `update` on Finding is deciding
 * its status, which the implementer shares.
 */
@Injectable()
export class FindingsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: FindingsRepository,
    private readonly access: ProcurementAccessService,
    private readonly audit: AuditService,
  ) {}

  /** `within` runs in the same transaction once the finding is inserted (its first evidence file): if it fails, nothing is recorded. */
  async record(viewer: Viewer, input: RecordFindingInput, within?: (tx: EntityManager, finding: Finding) => Promise<void>): Promise<Finding> {
    const scope = await this.access.require(viewer, 'create', 'Finding', input.procurementId);
    if (!scope.monitorId) throw noMonitorAssigned();
    return this.transactions.run(async (tx) => {
      const current = await this.repository.currentStage(tx, scope.id);
      const stage = input.stage ?? current;
      // Stages never go back, so a stage at or before the current one has been reached.
      if (STAGE_ORDER.indexOf(stage) > STAGE_ORDER.indexOf(current)) throw stageNotReached(stage, current);
      const finding = await this.insert(tx, viewer, {
        procurementId: scope.id,
        stage,
        kind: input.kind,
        severity: input.severity,
        title: input.title.trim(),
        description: input.description,
        visibility: input.visibility,
        monitorId: scope.monitorId!,
        redFlagId: null,
      });
      if (within) await within(tx, finding);
      return finding;
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
    params: {
      procurementId: string;
      stage: ProcurementStage;
      kind: FindingKind;
      title: string;
      description: string;
      severity: FindingSeverity;
      redFlagId: string | null;
      monitorId: string;
    },
  ): Promise<Finding> {
    requireAbility(viewer, 'create', 'Finding', { monitorId: params.monitorId });
    return this.insert(tx, viewer, { ...params, visibility: FindingVisibility.CONFIDENTIAL });
  }

  async update(viewer: Viewer, input: UpdateFindingInput): Promise<Finding> {
    await this.inScope(viewer, 'create', 'Finding', input.findingId);
    return this.transactions.run(async (tx) => {
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
      await this.repository.save(tx, finding);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'finding.updated',
        subjectType: 'Finding',
        subjectId: finding.id,
        procurementId: finding.procurementId,
        data: { changes },
      });
      return finding;
    });
  }

  /** The authority's answer; it makes the finding ANSWERED, and only an answer can. */
  async respond(viewer: Viewer, input: RespondToFindingInput): Promise<Finding> {
    await this.inScope(viewer, 'create', 'FindingResponse', input.findingId);
    return this.transactions.run(async (tx) => {
      const finding = await this.lock(tx, input.findingId);
      const from = finding.status;
      if (!mayChangeFindingStatus(from, FindingStatus.ANSWERED, 'RESPONSE')) throw statusChangeRefused(from, FindingStatus.ANSWERED);
      const response = await this.repository.addResponse(tx, { findingId: finding.id, authorId: actorId(viewer), body: input.body });
      if (from !== FindingStatus.ANSWERED) {
        finding.status = FindingStatus.ANSWERED;
        await this.repository.save(tx, finding);
      }
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'finding.answered',
        subjectType: 'Finding',
        subjectId: finding.id,
        procurementId: finding.procurementId,
        data: { responseId: response.id, from, to: finding.status },
      });
      return finding;
    });
  }

  async setStatus(viewer: Viewer, input: SetFindingStatusInput): Promise<Finding> {
    await this.inScope(viewer, 'update', 'Finding', input.findingId);
    return this.transactions.run(async (tx) => {
      const finding = await this.lock(tx, input.findingId);
      const from = finding.status;
      if (!mayChangeFindingStatus(from, input.status, 'DECISION')) throw statusChangeRefused(from, input.status);
      finding.status = input.status;
      await this.repository.save(tx, finding);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'finding.status_changed',
        subjectType: 'Finding',
        subjectId: finding.id,
        procurementId: finding.procurementId,
        data: { from, to: input.status, note: input.note },
      });
      return finding;
    });
  }

  async addNote(viewer: Viewer, input: AddFindingNoteInput): Promise<FindingNote> {
    const { finding } = await this.inScope(viewer, 'create', 'FindingNote', input.findingId);
    return this.transactions.run(async (tx) => {
      const note = await this.repository.addNote(tx, { findingId: finding.id, authorId: actorId(viewer), body: input.body });
      // The authority reads the audit trail: it learns that a note was written, never what it says.
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'finding.note_added',
        subjectType: 'Finding',
        subjectId: finding.id,
        procurementId: finding.procurementId,
        data: { noteId: note.id },
      });
      return note;
    });
  }

  /** A finding the viewer may answer, with the answers given so far, oldest first. */
  async toAnswer(viewer: Viewer, id: string): Promise<{ finding: Finding; responses: FindingResponse[] }> {
    const { finding } = await this.inScope(viewer, 'create', 'FindingResponse', id);
    return { finding, responses: (await this.responsesOf([id])).get(id) ?? [] };
  }

  async get(viewer: Viewer, id: string): Promise<Finding> {
    return (await this.inScope(viewer, 'read', 'Finding', id)).finding;
  }

  /** The finding if the viewer may do `action` to `subject` on it; NOT_FOUND, UNAUTHENTICATED or FORBIDDEN otherwise. */
  async inScope(
    viewer: Viewer,
    action: Action,
    subject: Exclude<SubjectType, 'all'>,
    findingId: string,
  ): Promise<{ finding: Finding; scope: ProcurementScope }> {
    const finding = await this.repository.findById(this.transactions.reader, findingId);
    if (!finding) throw notFound('Finding', findingId);
    const scope = (await this.access.scopes([finding.procurementId])).get(finding.procurementId)!;
    requireAbility(viewer, action, subject, findingSubject(scope, finding));
    return { finding, scope };
  }

  async list(viewer: Viewer, procurementId: string, filter: FindingFilterInput, page: PageInput): Promise<Page<Finding>> {
    if (!(await this.repository.procurementExists(this.transactions.reader, procurementId))) throw notFound('Procurement', procurementId);
    return (await this.pagesOf(viewer, [procurementId], filter, page)).get(procurementId)!;
  }

  /** One page of the findings the viewer may see for each procurement, newest first, in two queries whatever the number of procurements. */
  async pagesOf(viewer: Viewer, procurementIds: readonly string[], filter: FindingFilterInput, page: PageInput): Promise<Map<string, Page<Finding>>> {
    const { items, totals } = await this.repository.visiblePages(this.transactions.reader, viewer.ability, procurementIds, filter, page);
    const byProcurement = groupBy(items, (f) => f.procurementId);
    return new Map(procurementIds.map((id) => [id, pageOf(byProcurement.get(id) ?? [], totals.get(id) ?? 0, page)]));
  }

  async responsesOf(findingIds: readonly string[]): Promise<Map<string, FindingResponse[]>> {
    const rows = await this.repository.responsesOf(this.transactions.reader, findingIds);
    return groupBy(rows, (r) => r.findingId);
  }

  async notesOf(findingIds: readonly string[]): Promise<Map<string, FindingNote[]>> {
    const rows = await this.repository.notesOf(this.transactions.reader, findingIds);
    return groupBy(rows, (n) => n.findingId);
  }

  /** Evidence metadata only: the content column is never selected unless downloaded. */
  async evidenceOf(findingIds: readonly string[]): Promise<Map<string, FindingEvidence[]>> {
    const rows = await this.repository.evidenceOf(this.transactions.reader, findingIds);
    return groupBy(rows, (e) => e.findingId);
  }

  /** The procurements the viewer monitors (may record findings on), newest first, one page. */
  async monitoredProcurements(viewer: Viewer, page: PageInput): Promise<Page<MonitoredProcurement>> {
    const [items, total] = await this.repository.monitoredPage(this.transactions.reader, viewer.ability, page);
    return pageOf(items, total, page);
  }

  /** A procurement the viewer may record findings on, for the form that records one. */
  async procurementToRecordOn(viewer: Viewer, procurementId: string): Promise<MonitoredProcurement> {
    await this.access.require(viewer, 'create', 'Finding', procurementId);
    return (await this.repository.monitoredProcurement(this.transactions.reader, procurementId))!;
  }

  /**
   * A finding with what hangs off it, as its page shows it: evidence, the authority's answers,
   * and the internal notes only when the rules let the viewer read them.
   */
  async findingRecord(viewer: Viewer, id: string): Promise<FindingRecord> {
    const { finding, scope } = await this.inScope(viewer, 'read', 'Finding', id);
    const mayReadNotes = viewer.ability.can('read', asSubject('FindingNote', findingSubject(scope, finding)));
    const [procurement, evidence, responses, notes] = await Promise.all([
      this.repository.monitoredProcurement(this.transactions.reader, finding.procurementId),
      this.repository.evidenceOf(this.transactions.reader, [id]),
      this.repository.responsesOf(this.transactions.reader, [id]),
      mayReadNotes ? this.repository.notesOf(this.transactions.reader, [id]) : Promise.resolve(null),
    ]);
    return { finding, procurement: procurement!, evidence, responses, notes };
  }

  private async insert(tx: EntityManager, viewer: Viewer, fields: Omit<NewFinding, 'status' | 'createdBy'>): Promise<Finding> {
    const finding = await this.repository.insert(tx, { ...fields, status: FindingStatus.OPEN, createdBy: actorId(viewer) });
    await this.audit.append(tx, {
      actorId: actorId(viewer),
      action: 'finding.recorded',
      subjectType: 'Finding',
      subjectId: finding.id,
      procurementId: finding.procurementId,
      data: {
        stage: finding.stage,
        kind: finding.kind,
        severity: finding.severity,
        visibility: finding.visibility,
        title: finding.title,
        redFlagId: finding.redFlagId,
      },
    });
    return finding;
  }

  private lock(tx: EntityManager, findingId: string): Promise<Finding> {
    return this.repository.lockForUpdate(tx, findingId);
  }
}
