import { subject as asSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service.js';
import { accessibleSql } from '../../authorization/accessible-sql.js';
import { OrganisationKind } from '../../authorization/roles.js';
import type { Viewer } from '../../authorization/viewer.js';
import { ClockService } from '../../clock/clock.service.js';
import { TransactionService } from '../../database/transaction.service.js';
import { conflict, forbidden, invalidField } from '../../errors/domain-error.js';
import { PageInput } from '../../pagination/page.js';
import type { Complaint } from '../complaint.entity.js';
import { ComplaintsService, type ClassificationLists } from '../complaints.service.js';
import { isOpen } from '../complaint-status.js';
import { CasesRepository } from './cases.repository.js';
import { ComplaintHandlingService } from './complaint-handling.service.js';
import type { ClassifyComplaintForm } from './inputs/classify-complaint-form.input.js';
import { PartnerDeskService, type DeskComplaint, type DeskQueue, type DeskQueueFilter, type DeskOrganisation } from './partner-desk.service.js';

/** The complaint columns the referral rules are written on, as the queue's SQL names them. */
const DESK_SQL = { handlingOrganisationId: 'c.handling_organisation_id', escalatedToId: 'c.escalated_to_id' };

/** The most organisations the referral form offers; there are a handful of referral partners. */
const ORGANISATIONS_OFFERED = 200;

export interface ConvenerQueueFilter extends DeskQueueFilter {
  /** Only the complaints no one has referred yet. */
  awaitingReferral?: boolean;
}

/** A complaint on the convener's desk: what the partner's page shows, and what the convener may do with it. */
export interface ConvenerComplaint extends DeskComplaint {
  handlingOrganisation: DeskOrganisation | null;
  /** The organisations it may be referred to; empty when it can no longer be referred (settled or merged). */
  organisations: DeskOrganisation[];
  mayMerge: boolean;
  /** What the classification form offers: the configured lists; null when the viewer may not classify it. */
  classification: ClassificationLists | null;
  /** The reference of the procurement it concerns, if any. */
  procurementReference: string | null;
}

/**
 * The convener's desk on the website (issue 12, item 6): every complaint, those waiting for a
 * referral first and then the overdue ones; referring and re-referring, merging duplicates.
 * The same services as GraphQL (ComplaintHandlingService); the queue is the partner's queue's
 * SQL (CasesRepository.deskQueue) without the organisation bound.
 */
@Injectable()
export class ConvenerDeskService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly cases: CasesRepository,
    private readonly complaints: ComplaintsService,
    private readonly handling: ComplaintHandlingService,
    private readonly partnerDesk: PartnerDeskService,
    private readonly accounts: AccountsService,
    private readonly clock: ClockService,
  ) {}

  /**
   * Whose desk this is comes from the CASL rules: whoever may refer a complaint no organisation
   * handles yet (the convener), as the mechanism leaves unrouted complaints to the convener.
   */
  isConvener(viewer: Viewer): boolean {
    return viewer.ability.can('refer', asSubject('Complaint', { handlingOrganisationId: null, escalatedToId: null }));
  }

  /** For the workspace's home: what waits on the convener, or null for anyone else (no SQL then). */
  async summary(viewer: Viewer): Promise<{ awaitingReferral: number; overdue: number } | null> {
    if (!this.isConvener(viewer)) return null;
    return this.cases.convenerSummary(this.transactions.reader, accessibleSql(viewer.ability, 'refer', 'Complaint', DESK_SQL), this.clock.now());
  }

  async queue(viewer: Viewer, filter: ConvenerQueueFilter, page: { limit: number; offset: number }): Promise<DeskQueue> {
    this.requireConvener(viewer);
    return this.partnerDesk.deskQueue({
      access: accessibleSql(viewer.ability, 'refer', 'Complaint', DESK_SQL),
      organisationIds: null,
      awaitingReferralFirst: true,
      awaitingReferral: filter.awaitingReferral,
      status: filter.status,
      sectorCode: filter.sector,
      areaCode: filter.area,
      ...page,
    });
  }

  /** One complaint as the partner's page reads it, with the organisations it may be referred to. */
  async complaint(viewer: Viewer, id: string): Promise<ConvenerComplaint> {
    this.requireConvener(viewer);
    const found = await this.partnerDesk.complaint(viewer, id);
    const { complaint } = found;
    const referable = isOpen(complaint.status) && !complaint.mergedIntoId;
    const asComplaint = asSubject('Complaint', { handlingOrganisationId: complaint.handlingOrganisationId });
    const mayClassify = viewer.ability.can('classify', asComplaint);
    const [offered, handling, classification, procurement] = await Promise.all([
      referable
        ? this.accounts.organisations({ kind: OrganisationKind.REFERRAL_PARTNER }, Object.assign(new PageInput(), { limit: ORGANISATIONS_OFFERED }))
        : null,
      complaint.handlingOrganisationId ? this.accounts.organisationsByIds([complaint.handlingOrganisationId]) : null,
      mayClassify ? this.complaints.classificationLists() : null,
      complaint.procurementId ? this.cases.procurement(this.transactions.reader, complaint.procurementId) : null,
    ]);
    const handlingOrganisation = complaint.handlingOrganisationId ? handling?.get(complaint.handlingOrganisationId) : undefined;
    return {
      ...found,
      handlingOrganisation: handlingOrganisation ? { id: handlingOrganisation.id, name: handlingOrganisation.name } : null,
      organisations: (offered?.items ?? []).map((o) => ({ id: o.id, name: o.name })),
      mayMerge: referable && viewer.ability.can('merge', asComplaint),
      classification,
      procurementReference: procurement?.reference ?? null,
    };
  }

  /**
   * Classifies a complaint that arrived as free text; one still waiting for a referral is then
   * routed by the rules (ComplaintHandlingService.classify), as GraphQL's classifyComplaint does.
   */
  classify(viewer: Viewer, complaintId: string, form: ClassifyComplaintForm): Promise<Complaint> {
    return this.handling.classify(viewer, { complaintId, ...form, procurementReference: form.procurementReference?.trim() });
  }

  /** Refers, or re-refers, with the reason kept in the history; deadlines start again. */
  refer(viewer: Viewer, complaintId: string, organisationId: string, reason: string): Promise<Complaint> {
    return this.handling.refer(viewer, { complaintId, organisationId, reason: reason.trim() });
  }

  /** Closes `duplicateId` into the complaint with `trackingNumber`, as the convener finds it on the complainant's receipt. */
  async merge(viewer: Viewer, duplicateId: string, trackingNumber: string): Promise<Complaint> {
    const found = await this.complaints.queue(viewer, { trackingNumber }, Object.assign(new PageInput(), { limit: 1 }));
    const into = found.items[0];
    if (!into) throw invalidField('trackingNumber', 'no complaint has this tracking number', 'COMPLAINT_NOT_FOUND');
    if (into.id === duplicateId) throw conflict('MERGE_INTO_ITSELF', 'a complaint cannot be merged into itself');
    return this.handling.merge(viewer, duplicateId, into.id);
  }

  private requireConvener(viewer: Viewer): void {
    if (!this.isConvener(viewer)) throw forbidden('Only the convener works at the convener’s desk');
  }
}
