import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import type { FieldProblem } from '../errors/domain-error.js';
import type { PageInput } from '../pagination/page.js';
import { pageOf, type Page } from '../pagination/page.js';
import type { Area } from './area.entity.js';
import type { ComplaintSector } from './complaint-sector.entity.js';
import type { ComplaintType } from './complaint-type.entity.js';
import type { ComplaintStatusView } from './complaint-views.js';
import type { Complaint } from './complaint.entity.js';
import { complaintNotFound, countyNotFound, invalidTrackingNumber, unknownCodes } from './complaints.errors.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { ContactVaultService } from '../contacts/contact-vault.service.js';
import type { ComplaintCodes } from './inputs/complaint-codes.input.js';
import type { ComplaintQueueFilter } from './inputs/complaint-queue-filter.input.js';
import { formatTrackingNumber, isValidTrackingNumber, normaliseTrackingNumber } from './tracking-number.js';

export interface ClassificationIds {
  sectorId: string;
  typeId: string;
  areaId: string;
  procurementId: string | null;
}

/** The codes a complaint is lodged with: the sector and type may be left to the convener, as an SMS complaint's are. */
export type IntakeCodes = Omit<ComplaintCodes, 'sectorCode' | 'typeCode'> & { sectorCode?: string; typeCode?: string };

export type IntakeIds = Omit<ClassificationIds, 'sectorId' | 'typeId'> & { sectorId: string | null; typeId: string | null };

/** Reading complaints: the lists they are classified by, the complainant's view, the staff's queues. */
/** The lists a complaint is classified by, as its forms offer them. */
export interface ClassificationLists {
  sectors: ComplaintSector[];
  types: ComplaintType[];
  /** Every county and sub-county. */
  areas: Area[];
}

@Injectable()
export class ComplaintsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly complaints: ComplaintsRepository,
    private readonly vault: ContactVaultService,
  ) {}

  sectors(): Promise<ComplaintSector[]> {
    return this.complaints.sectors(this.transactions.reader);
  }

  types(): Promise<ComplaintType[]> {
    return this.complaints.types(this.transactions.reader);
  }

  /** Every county and sub-county, or with a county code that county's sub-counties. */
  async areas(countyCode?: string | null): Promise<Area[]> {
    const reader = this.transactions.reader;
    if (!countyCode) return this.complaints.allAreas(reader);
    const county = await this.complaints.countyByCode(reader, countyCode);
    if (!county) throw countyNotFound(countyCode);
    return this.complaints.subCounties(reader, county.id);
  }

  async classificationLists(): Promise<ClassificationLists> {
    const [sectors, types, areas] = await Promise.all([this.sectors(), this.types(), this.areas()]);
    return { sectors, types, areas };
  }

  /** The ids behind the codes, naming every code that matches nothing. */
  async resolveCodes(input: ComplaintCodes, tx: EntityManager = this.transactions.reader): Promise<ClassificationIds> {
    // Classifying names both: a missing code is refused as unknown (no code is empty), never taken as "not said".
    const ids = await this.resolveIntakeCodes({ ...input, sectorCode: input.sectorCode ?? '', typeCode: input.typeCode ?? '' }, tx);
    return { ...ids, sectorId: ids.sectorId!, typeId: ids.typeId! };
  }

  /**
   * For lodging: a sector or type left out stays null, and the complaint waits for the convener
   * to classify it unless a referral rule naming neither covers it (see chooseReferralRule);
   * every code given must exist.
   */
  async resolveIntakeCodes(input: IntakeCodes, tx: EntityManager = this.transactions.reader): Promise<IntakeIds> {
    const ids = await this.complaints.idsOfCodes(tx, input);
    const problems: FieldProblem[] = [];
    if (input.sectorCode !== undefined && !ids.sectorId)
      problems.push({ field: 'sectorCode', messages: [`no sector has the code ${input.sectorCode}; see complaintSectors`] });
    if (input.typeCode !== undefined && !ids.typeId)
      problems.push({ field: 'typeCode', messages: [`no complaint type has the code ${input.typeCode}; see complaintTypes`] });
    if (!ids.areaId) problems.push({ field: 'areaCode', messages: [`no county or sub-county has the code ${input.areaCode}; see areas`] });
    if (input.procurementReference && !ids.procurementId) {
      problems.push({ field: 'procurementReference', messages: ['no procurement has this reference'] });
    }
    if (problems.length) throw unknownCodes(problems);
    return { sectorId: ids.sectorId, typeId: ids.typeId, areaId: ids.areaId!, procurementId: ids.procurementId };
  }

  /** The complaint behind a tracking number, with no proof: for callers that prove otherwise (an attested sender, staff). */
  async byTrackingNumber(manager: EntityManager, trackingNumber: string, { lock = false } = {}): Promise<Complaint> {
    if (!isValidTrackingNumber(trackingNumber)) throw invalidTrackingNumber();
    const complaint = await this.complaints.byTrackingNumber(manager, normaliseTrackingNumber(trackingNumber)!, { lock });
    if (!complaint) throw complaintNotFound();
    return complaint;
  }

  /**
   * The complaint, when `sender` is the phone number (or email address) it was lodged with. Only
   * for messages whose sender the gateway vouches for: on the web this would be an oracle for
   * contact details, so there the complainant proves themselves with the secret (ComplainantProofsService).
   */
  async bySender(manager: EntityManager, trackingNumber: string, sender: string, { lock = false } = {}): Promise<Complaint> {
    const complaint = await this.byTrackingNumber(manager, trackingNumber, { lock });
    if (complaint.anonymous) throw complaintNotFound();
    const contact = this.vault.open(complaint.id, complaint);
    const given = sender.trim().toLowerCase();
    const matches = given === contact.email?.toLowerCase() || (!!contact.phone && normalisePhone(given) === normalisePhone(contact.phone));
    if (!matches) throw complaintNotFound();
    return complaint;
  }

  /** Where a complaint stands, as its complainant sees it: never who complained, nor staff's notes and reasons. */
  async statusView(complaint: Complaint): Promise<ComplaintStatusView> {
    const row = await this.complaints.statusRow(this.transactions.reader, complaint.id);
    const area = row.area && { id: row.area.id, code: row.area.code, name: row.area.name, parentId: row.area.parent_id };
    return {
      trackingNumber: formatTrackingNumber(complaint.trackingNumber),
      status: complaint.status,
      channel: complaint.channel,
      lodgedAt: complaint.createdAt,
      sector: row.sector,
      type: row.type,
      area,
      handledBy: row.organisationName,
      rejectionReason: complaint.rejectionReason,
      mergedInto: row.mergedInto ? formatTrackingNumber(row.mergedInto) : null,
      rating: complaint.rating,
      history: row.history.map((step) => ({ ...step, occurredAt: new Date(step.occurredAt) })),
    };
  }

  /** The complaints the viewer may read, newest first: an organisation's queue, the convener's whole desk, a monitor's procurements. */
  async queue(viewer: Viewer, filter: ComplaintQueueFilter, page: PageInput): Promise<Page<Complaint>> {
    if (filter.trackingNumber && !isValidTrackingNumber(filter.trackingNumber)) throw invalidTrackingNumber();
    const [items, total] = await this.complaints.queue(this.transactions.reader, viewer.ability, {
      statuses: filter.status,
      organisationId: filter.organisationId,
      awaitingReferral: filter.awaitingReferral,
      procurementId: filter.procurementId,
      trackingNumber: filter.trackingNumber ? normaliseTrackingNumber(filter.trackingNumber) : null,
      limit: page.limit,
      offset: page.offset,
    });
    return pageOf(items, total, page);
  }
}

/** Digits only, so "+254 712 345 678" and "+254712345678" are the same number. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[^0-9]/g, '');
}
