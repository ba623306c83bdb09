import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { OrganisationKind } from '../authorization/roles.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuditEntry } from '../audit/audit-entry.entity.js';
import { subject as asSubject } from '@casl/ability';
import type { SubjectType } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import { actorId, requireAbility } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { notFound } from '../errors/domain-error.js';
import { groupBy } from '../graphql/loaders.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import type { AddBidderInput } from './inputs/add-bidder.input.js';
import type { AssignMonitorInput } from './inputs/assign-monitor.input.js';
import type { CreateProcurementInput } from './inputs/create-procurement.input.js';
import type { ProcurementFilterInput } from './inputs/procurement-filter.input.js';
import type { UpdateProcurementInput } from './inputs/update-procurement.input.js';
import { HAS_PUBLISHED_PACT_SQL, PROCUREMENT_SCOPE_SQL, ProcurementAccessService } from './procurement-access.service.js';
import { ProcurementBidder } from './procurement-bidder.entity.js';
import { biddersClosed, referenceTaken, tenderPeriodReversed, wrongOrganisationKind } from './procurements.errors.js';
import { Procurement } from './procurement.entity.js';
import { ProcurementStage, STAGE_ORDER } from './procurement-stage.js';
import { StageTransition } from './stage-transition.entity.js';

const EDITABLE = ['title', 'description', 'estimatedValue', 'currency', 'sector', 'area', 'tenderPeriodStart', 'tenderPeriodEnd'] as const;

@Injectable()
export class ProcurementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ProcurementAccessService,
    private readonly audit: AuditService,
  ) {}

  async create(viewer: Viewer, input: CreateProcurementInput): Promise<Procurement> {
    requireAbility(viewer, 'create', 'Procurement', { authorityId: input.authorityId, monitorId: null, implementerId: null, bidderIds: [], hasPublishedPact: false, awarded: false });
    assertTenderPeriod(input.tenderPeriodStart, input.tenderPeriodEnd);
    return this.db.transaction(async (tx) => {
      await expectKind(tx, 'authorityId', input.authorityId, OrganisationKind.CONTRACTING_AUTHORITY);
      if (input.implementerId) await expectKind(tx, 'implementerId', input.implementerId, OrganisationKind.IP_IMPLEMENTER);
      if (input.monitorId) await expectKind(tx, 'monitorId', input.monitorId, OrganisationKind.MONITOR);
      if (await tx.existsBy(Procurement, { reference: input.reference })) throw referenceTaken(input.reference);
      const procurement = await tx.save(
        tx.create(Procurement, {
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
        }),
      );
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'procurement.created', subjectType: 'Procurement', subjectId: procurement.id,
        procurementId: procurement.id, data: { reference: procurement.reference, title: procurement.title },
      });
      return procurement;
    });
  }

  async update(viewer: Viewer, input: UpdateProcurementInput): Promise<Procurement> {
    await this.access.require(viewer, 'update', 'Procurement', input.id);
    return this.db.transaction(async (tx) => {
      const procurement = await tx.findOneOrFail(Procurement, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
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
      await tx.save(procurement);
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'procurement.updated', subjectType: 'Procurement', subjectId: procurement.id,
        procurementId: procurement.id, data: { changes },
      });
      return procurement;
    });
  }

  async addBidder(viewer: Viewer, input: AddBidderInput): Promise<ProcurementBidder> {
    await this.access.require(viewer, 'manageBidders', 'Procurement', input.procurementId);
    return this.db.transaction(async (tx) => {
      const procurement = await tx.findOneOrFail(Procurement, { where: { id: input.procurementId }, lock: { mode: 'pessimistic_write' } });
      // Once bids are being evaluated, a newcomer would be joining a competition already decided.
      if (STAGE_ORDER.indexOf(procurement.stage) >= STAGE_ORDER.indexOf(ProcurementStage.EVALUATION)) throw biddersClosed(procurement.stage);
      await expectKind(tx, 'bidderId', input.bidderId, OrganisationKind.BIDDER);
      const existing = await tx.findOneBy(ProcurementBidder, { procurementId: input.procurementId, bidderId: input.bidderId });
      if (existing) return existing;
      const bidder = await tx.save(tx.create(ProcurementBidder, { ...input }));
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'procurement.bidder_added', subjectType: 'Procurement', subjectId: procurement.id,
        procurementId: procurement.id, data: { bidderId: input.bidderId, participation: input.participation },
      });
      return bidder;
    });
  }

  async assignMonitor(viewer: Viewer, input: AssignMonitorInput): Promise<Procurement> {
    await this.access.require(viewer, 'assignMonitor', 'Procurement', input.procurementId);
    return this.db.transaction(async (tx) => {
      await expectKind(tx, 'monitorId', input.monitorId, OrganisationKind.MONITOR);
      const procurement = await tx.findOneOrFail(Procurement, { where: { id: input.procurementId }, lock: { mode: 'pessimistic_write' } });
      const previous = procurement.monitorId;
      procurement.monitorId = input.monitorId;
      await tx.save(procurement);
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'procurement.monitor_assigned', subjectType: 'Procurement', subjectId: procurement.id,
        procurementId: procurement.id, data: { monitorId: input.monitorId, previousMonitorId: previous },
      });
      return procurement;
    });
  }

  /** The procurements the viewer may see, filtered in SQL by the same rules as single checks. */
  async list(viewer: Viewer, filter: ProcurementFilterInput, page: PageInput): Promise<Page<Procurement>> {
    const visible = accessibleSql(viewer.ability, 'read', 'Procurement', PROCUREMENT_SCOPE_SQL);
    const query = this.db
      .getRepository(Procurement)
      .createQueryBuilder('p')
      .where(visible.where, visible.parameters)
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id')
      .take(page.limit)
      .skip(page.offset);
    if (filter.stage) query.andWhere('p.stage = :stage', { stage: filter.stage });
    if (filter.hasPublishedPact !== undefined) query.andWhere(filter.hasPublishedPact ? HAS_PUBLISHED_PACT_SQL : `NOT ${HAS_PUBLISHED_PACT_SQL}`);
    const [items, total] = await query.getManyAndCount();
    return pageOf(items, total, page);
  }

  async get(viewer: Viewer, id: string): Promise<Procurement> {
    await this.access.require(viewer, 'read', 'Procurement', id);
    return this.db.getRepository(Procurement).findOneByOrFail({ id });
  }

  /** Participating bidders of many procurements at once; a bidder only ever gets its own row. */
  async biddersOf(viewer: Viewer, procurementIds: readonly string[]): Promise<Map<string, ProcurementBidder[]>> {
    const visible = accessibleSql(viewer.ability, 'read', 'ProcurementBidder', { ...PROCUREMENT_SCOPE_SQL, bidderId: 'pb.bidder_id' });
    const rows = await this.db
      .getRepository(ProcurementBidder)
      .createQueryBuilder('pb')
      .innerJoin(Procurement, 'p', 'p.id = pb.procurement_id')
      .where('pb.procurement_id = ANY(:ids)', { ids: procurementIds })
      .andWhere(visible.where, visible.parameters)
      .orderBy('pb.created_at')
      .getMany();
    return groupBy(rows, (row) => row.procurementId);
  }

  async stagesOf(procurementIds: readonly string[]): Promise<Map<string, ProcurementStage>> {
    const rows = await this.db.getRepository(Procurement).find({ select: { id: true, stage: true }, where: { id: In([...procurementIds]) } });
    return new Map(rows.map((p) => [p.id, p.stage]));
  }

  async stageHistoryOf(procurementIds: readonly string[]): Promise<Map<string, StageTransition[]>> {
    const rows = await this.db
      .getRepository(StageTransition)
      .createQueryBuilder('t')
      .where('t.procurement_id = ANY(:ids)', { ids: procurementIds })
      .orderBy('t.occurred_at')
      .getMany();
    return groupBy(rows, (row) => row.procurementId);
  }

  async auditTrail(viewer: Viewer, procurementId: string, page: PageInput): Promise<Page<AuditEntry>> {
    const scope = await this.access.require(viewer, 'read', 'AuditEntry', procurementId);
    // Each entry shows only to those who may read its subject here (red flags are not the authority's to see).
    const readable = (subjectType: string) => viewer.ability.can('read', asSubject(subjectType as SubjectType, { ...scope, isPublic: false, bidderId: null }));
    const [items, total] = await this.audit.trail({ procurementId }, page.limit, page.offset, readable);
    return pageOf(items, total, page);
  }
}

async function expectKind(tx: EntityManager, field: string, id: string, kind: OrganisationKind): Promise<void> {
  const organisation = await tx.findOneBy(Organisation, { id });
  if (!organisation) throw notFound('Organisation', id);
  if (organisation.kind !== kind) throw wrongOrganisationKind(field, kind);
}

function assertTenderPeriod(start: Date | null | undefined, end: Date | null | undefined): void {
  if (start && end && end < start) throw tenderPeriodReversed();
}
