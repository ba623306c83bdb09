import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Action } from '../../authorization/ability.factory.js';
import { actorId, requireAbility } from '../../authorization/require.js';
import type { Viewer } from '../../authorization/viewer.js';
import { ClockService } from '../../clock/clock.service.js';
import { TransactionService } from '../../database/transaction.service.js';
import { notFound } from '../../errors/domain-error.js';
import { noMonitorAssigned } from '../../findings/findings.errors.js';
import { FindingsService } from '../../findings/findings.service.js';
import { ProcurementEventsService } from '../../events/procurement-events.service.js';
import { ComplaintEventKind } from '../complaint-event.entity.js';
import type { ComplaintNote } from '../records/complaint-note.entity.js';
import { ComplaintNotifierService } from '../complaint-notifier.service.js';
import { allowedStatusMoves, isAction, isOpen, statusMoveAllowed } from '../complaint-status.js';
import { Complaint, ComplaintStatus } from '../complaint.entity.js';
import { ComplaintsRepository } from '../complaints.repository.js';
import {
  alreadyAFinding,
  alreadyHandledBy,
  cannotMergeIntoItself,
  complaintClosed,
  noProcurement,
  reasonRequired,
  statusMoveRefused,
} from '../complaints.errors.js';
import { ComplaintsService } from '../complaints.service.js';
import { ComplaintRecordsService } from '../records/complaint-records.service.js';
import type { ClassifyComplaintInput } from './inputs/classify-complaint.input.js';
import type { ComplaintFindingInput } from './inputs/complaint-finding.input.js';
import type { ReferComplaintInput } from './inputs/refer-complaint.input.js';
import type { SetComplaintStatusInput } from './inputs/set-complaint-status.input.js';
import { ReferralDeskService, type Route } from '../referral/referral-desk.service.js';
import { formatTrackingNumber } from '../tracking-number.js';
import { CasesRepository } from './cases.repository.js';

/**
 * The work on a complaint after it is lodged: referral, status, notes, classification,
 * merging duplicates, and the monitor turning it into a finding. Each change locks the
 * complaint, records a history step, notifies in the same transaction and is audited.
 */
@Injectable()
export class ComplaintHandlingService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: CasesRepository,
    private readonly rows: ComplaintsRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly referrals: ReferralDeskService,
    private readonly notifier: ComplaintNotifierService,
    private readonly complaints: ComplaintsService,
    private readonly records: ComplaintRecordsService,
    private readonly findings: FindingsService,
    private readonly procurementEvents: ProcurementEventsService,
  ) {}

  async refer(viewer: Viewer, input: ReferComplaintInput): Promise<Complaint> {
    return this.change(viewer, 'refer', input.complaintId, async (tx, complaint) => {
      if (!isOpen(complaint.status)) throw complaintClosed(complaint.status);
      if (complaint.handlingOrganisationId === input.organisationId) throw alreadyHandledBy();
      if (!(await this.rows.organisationExists(tx, input.organisationId))) throw notFound('Organisation', input.organisationId);
      const from = complaint.handlingOrganisationId;
      const route = await this.referrals.routeTo(tx, input.organisationId, complaint.typeId);
      await this.referAlong(tx, complaint, route, viewer, input.reason);
      return { action: 'complaint.referred', data: { from, to: route.organisationId } };
    });
  }

  async setStatus(viewer: Viewer, input: SetComplaintStatusInput): Promise<Complaint> {
    return this.change(viewer, 'update', input.complaintId, async (tx, complaint) => {
      const from = complaint.status;
      if (!statusMoveAllowed(from, input.status)) throw statusMoveRefused(from, input.status, allowedStatusMoves(from));
      const reason = input.reason?.trim() || null;
      if (input.status === ComplaintStatus.REJECTED && !reason) throw reasonRequired();
      const now = this.clock.now();
      complaint.status = input.status;
      if (isAction(input.status)) complaint.firstActionAt ??= now;
      if (input.status === ComplaintStatus.RESOLVED) complaint.resolvedAt = now;
      if (input.status === ComplaintStatus.REJECTED) complaint.rejectionReason = reason;
      if (input.status === ComplaintStatus.CLOSED) complaint.closedAt = now;
      await this.rows.save(tx, complaint);
      await this.record(tx, complaint, ComplaintEventKind.STATUS_CHANGED, viewer, { reason });
      await this.notifier.complainant(tx, complaint, 'complaint-status-changed', {
        trackingNumber: formatTrackingNumber(complaint.trackingNumber),
        status: complaint.status,
        // Only a rejection's reason is for the complainant; other reasons are the staff's.
        reason: input.status === ComplaintStatus.REJECTED ? reason : undefined,
      });
      return { action: 'complaint.status_changed', data: { from, to: input.status } };
    });
  }

  async addNote(viewer: Viewer, complaintId: string, body: string): Promise<ComplaintNote> {
    let note!: ComplaintNote;
    await this.change(
      viewer,
      'create',
      complaintId,
      async (tx, complaint) => {
        note = await this.repository.addNote(tx, { complaintId: complaint.id, authorId: actorId(viewer), body: body.trim() });
        // The note's id only: its text stays out of the trail.
        return { action: 'complaint.note_added', data: { noteId: note.id } };
      },
      'ComplaintNote',
    );
    return note;
  }

  async classify(viewer: Viewer, input: ClassifyComplaintInput): Promise<Complaint> {
    // Before the transaction, so unknown codes are answered without locking anything; entries
    // of the lists are never removed, so what the codes name cannot change meanwhile.
    const refs = await this.complaints.resolveCodes(input);
    return this.change(viewer, 'classify', input.complaintId, async (tx, complaint) => {
      const procurementBefore = complaint.procurementId;
      Object.assign(complaint, refs);
      await this.rows.save(tx, complaint);
      await this.record(tx, complaint, ComplaintEventKind.CLASSIFIED, viewer);
      // Classified, a complaint still waiting for the convener can follow the routing rules.
      if (complaint.status === ComplaintStatus.RECEIVED) {
        const route = await this.referrals.route(tx, complaint);
        if (route) await this.referAlong(tx, complaint, route, viewer, null);
      }
      if (refs.procurementId && refs.procurementId !== procurementBefore) {
        await this.notifier.monitor(tx, complaint);
        await this.procurementEvents.factsChanged(tx, refs.procurementId);
      }
      return {
        action: 'complaint.classified',
        data: {
          sectorId: refs.sectorId,
          typeId: refs.typeId,
          areaId: refs.areaId,
          procurementId: refs.procurementId,
          referredTo: complaint.handlingOrganisationId,
        },
      };
    });
  }

  /** The duplicate is closed into the complaint that stays, and its complainant told which one to follow. */
  async merge(viewer: Viewer, duplicateId: string, intoId: string): Promise<Complaint> {
    if (duplicateId === intoId) throw cannotMergeIntoItself();
    return this.change(viewer, 'merge', duplicateId, async (tx, duplicate) => {
      const into = await this.rows.lockForUpdate(tx, intoId);
      if (!into) throw notFound('Complaint', intoId);
      requireAbility(viewer, 'merge', 'Complaint', await this.records.subjectOf(tx, into));
      if (!isOpen(duplicate.status)) throw complaintClosed(duplicate.status);
      if (into.mergedIntoId) throw complaintClosed(into.status);
      const now = this.clock.now();
      Object.assign(duplicate, { status: ComplaintStatus.CLOSED, mergedIntoId: into.id, closedAt: now });
      await this.rows.save(tx, duplicate);
      await this.record(tx, duplicate, ComplaintEventKind.MERGED, viewer, { reason: `merged into ${formatTrackingNumber(into.trackingNumber)}` });
      await this.notifier.complainant(tx, duplicate, 'complaint-merged', {
        trackingNumber: formatTrackingNumber(duplicate.trackingNumber),
        mergedInto: formatTrackingNumber(into.trackingNumber),
      });
      return { action: 'complaint.merged', data: { into: into.id } };
    });
  }

  /** The procurement's monitor records the complaint as a finding; who complained is not carried over. */
  async recordFinding(viewer: Viewer, input: ComplaintFindingInput): Promise<Complaint> {
    return this.change(viewer, 'read', input.complaintId, async (tx, complaint) => {
      if (!complaint.procurementId) throw noProcurement();
      const procurement = await this.repository.procurement(tx, complaint.procurementId);
      requireAbility(viewer, 'create', 'Finding', { monitorId: procurement.monitorId });
      if (!procurement.monitorId) throw noMonitorAssigned();
      if (complaint.findingId) throw alreadyAFinding(complaint.findingId);
      const finding = await this.findings.recordWithin(tx, viewer, {
        procurementId: procurement.id,
        stage: procurement.stage,
        kind: input.kind,
        severity: input.severity,
        title: input.title.trim(),
        description: `${complaint.description}\n\n(From complaint ${formatTrackingNumber(complaint.trackingNumber)}.)`,
        redFlagId: null,
        monitorId: procurement.monitorId,
      });
      complaint.findingId = finding.id;
      await this.rows.save(tx, complaint);
      await this.record(tx, complaint, ComplaintEventKind.FINDING_RECORDED, viewer);
      return { action: 'complaint.finding_recorded', data: { findingId: finding.id } };
    });
  }

  /** Loads and locks the complaint, checks `action` on it, runs the change, records it in the audit trail. */
  private async change(
    viewer: Viewer,
    action: Action,
    complaintId: string,
    work: (tx: EntityManager, complaint: Complaint) => Promise<{ action: string; data: Record<string, unknown> }>,
    subject: 'Complaint' | 'ComplaintNote' = 'Complaint',
  ): Promise<Complaint> {
    return this.transactions.run(async (tx) => {
      const complaint = await this.rows.lockForUpdate(tx, complaintId);
      if (!complaint) throw notFound('Complaint', complaintId);
      requireAbility(viewer, action, subject, await this.records.subjectOf(tx, complaint));
      const done = await work(tx, complaint);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: done.action,
        subjectType: 'Complaint',
        subjectId: complaint.id,
        procurementId: complaint.procurementId,
        data: { trackingNumber: formatTrackingNumber(complaint.trackingNumber), ...done.data },
      });
      return complaint;
    });
  }

  /** Refers the complaint along `route`, deadlines starting now, and tells the complainant and the organisation. */
  private async referAlong(tx: EntityManager, complaint: Complaint, route: Route, viewer: Viewer, reason: string | null): Promise<void> {
    Object.assign(complaint, this.referrals.referralFields(route, this.clock.now()));
    await this.rows.save(tx, complaint);
    await this.record(tx, complaint, ComplaintEventKind.REFERRED, viewer, { organisationId: route.organisationId, reason });
    await this.notifier.complainant(tx, complaint, 'complaint-referred', {
      trackingNumber: formatTrackingNumber(complaint.trackingNumber),
      organisationName: route.organisationName,
    });
    await this.referrals.announce(tx, complaint, route);
  }

  private record(
    tx: EntityManager,
    complaint: Complaint,
    kind: ComplaintEventKind,
    viewer: Viewer,
    step: { organisationId?: string; reason?: string | null } = {},
  ) {
    return this.rows.addHistoryStep(tx, complaint, kind, { ...step, actorId: viewer.user?.id ?? null, at: this.clock.now() });
  }
}
