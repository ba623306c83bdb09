import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganisationKind } from '../authorization/roles.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuditEntry } from '../audit/audit-entry.entity.js';
import { subject as asSubject } from '@casl/ability';
import type { SubjectType } from '../authorization/ability.factory.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { groupBy } from '../graphql/loaders.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import type { AddBidderInput } from './inputs/add-bidder.input.js';
import type { AssignMonitorInput } from './inputs/assign-monitor.input.js';
import type { CreateProcurementInput } from './inputs/create-procurement.input.js';
import type { ProcurementFilterInput } from './inputs/procurement-filter.input.js';
import type { UpdateProcurementInput } from './inputs/update-procurement.input.js';
import { ProcurementAccessService } from './procurement-access.service.js';
import { ProcurementBidder } from './procurement-bidder.entity.js';
import { biddersClosed, referenceTaken, tenderPeriodReversed, wrongOrganisationKind } from './procurements.errors.js';
import { Procurement } from './procurement.entity.js';
import { ProcurementStage, STAGE_ORDER } from './procurement-stage.js';
import { ProcurementsRepository } from './procurements.repository.js';
import { StageTransition } from './stage-transition.entity.js';

export interface AuthorityProcurementView {
  procurement: Procurement;
  bidders: Array<{ id: string; name: string; participation: string }>;
  monitor: { id: string; name: string } | null;
  biddersToInvite: Array<{ id: string; name: string }>;
  monitors: Array<{ id: string; name: string }>;
}

const EDITABLE = ['title', 'description', 'estimatedValue', 'currency', 'sector', 'area', 'tenderPeriodStart', 'tenderPeriodEnd'] as const;

@Injectable()
export class ProcurementsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly procurements: ProcurementsRepository,
    private readonly access: ProcurementAccessService,
    private readonly audit: AuditService,
  ) {}

  async create(viewer: Viewer, input: CreateProcurementInput): Promise<Procurement> {
    requireAbility(viewer, 'create', 'Procurement', {
      authorityId: input.authorityId,
      monitorId: null,
      implementerId: null,
      bidderIds: [],
      hasPublishedPact: false,
      awarded: false,
    });
    assertTenderPeriod(input.tenderPeriodStart, input.tenderPeriodEnd);
    return this.transactions.run(async (tx) => {
      await this.expectKind(tx, 'authorityId', input.authorityId, OrganisationKind.CONTRACTING_AUTHORITY);
      if (input.implementerId) await this.expectKind(tx, 'implementerId', input.implementerId, OrganisationKind.IP_IMPLEMENTER);
      if (input.monitorId) await this.expectKind(tx, 'monitorId', input.monitorId, OrganisationKind.MONITOR);
      if (await this.procurements.referenceTaken(tx, input.reference)) throw referenceTaken(input.reference);
      const procurement = await this.procurements.insert(tx, {
        reference: input.reference,
        title: input.title.trim(),
        description: input.description ?? '',
        authorityId: input.authorityId,
        implementerId: input.implementerId ?? null,
        monitorId: input.monitorId ?? null,
        estimatedValue: input.estimatedValue ?? null,
        currency: input.currency ?? null,
        sector: input.sector ?? null,
        area: input.area ?? null,
        tenderPeriodStart: input.tenderPeriodStart ?? null,
        tenderPeriodEnd: input.tenderPeriodEnd ?? null,
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'procurement.created',
        subjectType: 'Procurement',
        subjectId: procurement.id,
        procurementId: procurement.id,
        data: { reference: procurement.reference, title: procurement.title },
      });
      return procurement;
    });
  }

  async update(viewer: Viewer, input: UpdateProcurementInput): Promise<Procurement> {
    await this.access.require(viewer, 'update', 'Procurement', input.id);
    return this.transactions.run(async (tx) => {
      const procurement = await this.procurements.lockForUpdate(tx, input.id);
      const changes: Record<string, unknown> = {};
      for (const field of EDITABLE) {
        if (input[field] !== undefined && String(input[field]) !== String(procurement[field])) changes[field] = input[field];
      }
      assertTenderPeriod(
        (changes.tenderPeriodStart as Date | undefined) ?? procurement.tenderPeriodStart,
        (changes.tenderPeriodEnd as Date | undefined) ?? procurement.tenderPeriodEnd,
      );
      if (!Object.keys(changes).length) return procurement;
      Object.assign(procurement, changes);
      await this.procurements.save(tx, procurement);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'procurement.updated',
        subjectType: 'Procurement',
        subjectId: procurement.id,
        procurementId: procurement.id,
        data: { changes },
      });
      return procurement;
    });
  }

  async addBidder(viewer: Viewer, input: AddBidderInput): Promise<ProcurementBidder> {
    await this.access.require(viewer, 'manageBidders', 'Procurement', input.procurementId);
    return this.transactions.run(async (tx) => {
      const procurement = await this.procurements.lockForUpdate(tx, input.procurementId);
      // Once bids are being evaluated, a newcomer would be joining a competition already decided.
      if (STAGE_ORDER.indexOf(procurement.stage) >= STAGE_ORDER.indexOf(ProcurementStage.EVALUATION)) throw biddersClosed(procurement.stage);
      await this.expectKind(tx, 'bidderId', input.bidderId, OrganisationKind.BIDDER);
      const existing = await this.procurements.bidder(tx, input.procurementId, input.bidderId);
      if (existing) return existing;
      const bidder = await this.procurements.insertBidder(tx, {
        procurementId: input.procurementId,
        bidderId: input.bidderId,
        participation: input.participation,
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'procurement.bidder_added',
        subjectType: 'Procurement',
        subjectId: procurement.id,
        procurementId: procurement.id,
        data: { bidderId: input.bidderId, participation: input.participation },
      });
      return bidder;
    });
  }

  async assignMonitor(viewer: Viewer, input: AssignMonitorInput): Promise<Procurement> {
    await this.access.require(viewer, 'assignMonitor', 'Procurement', input.procurementId);
    return this.transactions.run(async (tx) => {
      await this.expectKind(tx, 'monitorId', input.monitorId, OrganisationKind.MONITOR);
      const procurement = await this.procurements.lockForUpdate(tx, input.procurementId);
      const previous = procurement.monitorId;
      procurement.monitorId = input.monitorId;
      await this.procurements.save(tx, procurement);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'procurement.monitor_assigned',
        subjectType: 'Procurement',
        subjectId: procurement.id,
        procurementId: procurement.id,
        data: { monitorId: input.monitorId, previousMonitorId: previous },
      });
      return procurement;
    });
  }

  /** The procurements the viewer may see, filtered in SQL by the same rules as single checks. */
  async list(viewer: Viewer, filter: ProcurementFilterInput, page: PageInput, action: 'read' | 'advance' = 'read'): Promise<Page<Procurement>> {
    const [items, total] = await this.procurements.visiblePage(this.transactions.reader, viewer.ability, filter, page, action);
    return pageOf(items, total, page);
  }

  async get(viewer: Viewer, id: string): Promise<Procurement> {
    await this.access.require(viewer, 'read', 'Procurement', id);
    return this.procurements.byId(this.transactions.reader, id);
  }

  /** The authorities the rules let the viewer create procurements for. */
  creatingAuthorities(viewer: Viewer): Array<{ id: string; name: string }> {
    const fresh = { monitorId: null, implementerId: null, bidderIds: [], hasPublishedPact: false, awarded: false };
    return (viewer.user?.memberships ?? [])
      .filter((m) => viewer.ability.can('create', asSubject('Procurement', { ...fresh, authorityId: m.organisationId })))
      .map((m) => ({ id: m.organisationId, name: m.organisationName }));
  }

  /**
   * A procurement as its authority manages it: who takes part, who monitors it, and whom it may
   * invite or assign. Refused to whoever the rules do not let update it.
   */
  async forAuthority(viewer: Viewer, id: string): Promise<AuthorityProcurementView> {
    await this.access.require(viewer, 'update', 'Procurement', id);
    const tx = this.transactions.reader;
    const [procurement, bidders, organisations] = await Promise.all([
      this.procurements.byId(tx, id),
      this.procurements.biddersNamed(tx, id),
      this.procurements.organisationsOfKinds(tx, [OrganisationKind.BIDDER, OrganisationKind.MONITOR]),
    ]);
    const taking = new Set(bidders.map((b) => b.id));
    return {
      procurement,
      bidders,
      monitor: organisations.find((o) => o.id === procurement.monitorId) ?? null,
      biddersToInvite: organisations.filter((o) => o.kind === OrganisationKind.BIDDER && !taking.has(o.id)),
      monitors: organisations.filter((o) => o.kind === OrganisationKind.MONITOR),
    };
  }

  /** Participating bidders of many procurements at once; a bidder only ever gets its own row. */
  async biddersOf(viewer: Viewer, procurementIds: readonly string[]): Promise<Map<string, ProcurementBidder[]>> {
    const rows = await this.procurements.visibleBidders(this.transactions.reader, viewer.ability, procurementIds);
    return groupBy(rows, (row) => row.procurementId);
  }

  stagesOf(procurementIds: readonly string[]): Promise<Map<string, ProcurementStage>> {
    return this.procurements.stagesOf(this.transactions.reader, procurementIds);
  }

  async stageHistoryOf(procurementIds: readonly string[]): Promise<Map<string, StageTransition[]>> {
    const rows = await this.procurements.stageHistoryOf(this.transactions.reader, procurementIds);
    return groupBy(rows, (row) => row.procurementId);
  }

  /** Oldest first, as the chain reads; `newestFirst` for a page that shows what happened last at the top. */
  async auditTrail(viewer: Viewer, procurementId: string, page: PageInput & { newestFirst?: boolean }): Promise<Page<AuditEntry>> {
    const scope = await this.access.require(viewer, 'read', 'AuditEntry', procurementId);
    // Each entry shows only to those who may read its subject here (red flags are not the authority's to see).
    const readable = (subjectType: string) => viewer.ability.can('read', asSubject(subjectType as SubjectType, { ...scope, isPublic: false, bidderId: null }));
    const [items, total] = await this.audit.trail({ procurementId }, page, readable);
    return pageOf(items, total, page);
  }

  private async expectKind(tx: EntityManager, field: string, id: string, kind: OrganisationKind): Promise<void> {
    const found = await this.procurements.organisationKind(tx, id);
    if (!found) throw notFound('Organisation', id);
    if (found !== kind) throw wrongOrganisationKind(field, kind);
  }
}

function assertTenderPeriod(start: Date | null | undefined, end: Date | null | undefined): void {
  if (start && end && end < start) throw tenderPeriodReversed();
}
