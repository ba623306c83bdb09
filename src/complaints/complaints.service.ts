import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { accessibleSql } from '../authorization/accessible-sql.js';
import type { Viewer } from '../authorization/viewer.js';
import type { FieldProblem } from '../errors/domain-error.js';
import type { PageInput } from '../pagination/page.js';
import { pageOf, type Page } from '../pagination/page.js';
import { Area } from './area.entity.js';
import { complaintSecretMatches } from './complaint-secret.js';
import { ComplaintSector } from './complaint-sector.entity.js';
import { ComplaintType } from './complaint-type.entity.js';
import type { ComplaintStatusView } from './complaint-views.js';
import { Complaint, ComplaintStatus } from './complaint.entity.js';
import { complaintNotFound, countyNotFound, invalidTrackingNumber, unknownCodes } from './complaints.errors.js';
import { ContactVaultService } from '../contacts/contact-vault.service.js';
import type { ComplaintCodes } from './inputs/complaint-codes.input.js';
import type { ComplaintQueueFilter } from './inputs/complaint-queue-filter.input.js';
import { formatTrackingNumber, isValidTrackingNumber, normaliseTrackingNumber } from './tracking-number.js';

/** How the complaint's CASL fields read in SQL, for lists joining the complaint as `c` and its procurement as `p`. */
const COMPLAINT_SQL = {
  handlingOrganisationId: 'c.handling_organisation_id',
  escalatedToId: 'c.escalated_to_id',
  monitorId: 'p.monitor_id',
  implementerId: 'p.implementer_id',
};

export interface ClassificationIds {
  sectorId: string;
  typeId: string;
  areaId: string;
  procurementId: string | null;
}

/** Reading complaints: the lists they are classified by, the complainant's view, the staff's queues. */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly vault: ContactVaultService,
  ) {}

  sectors(): Promise<ComplaintSector[]> {
    return this.db.getRepository(ComplaintSector).find({ order: { name: 'ASC' } });
  }

  types(): Promise<ComplaintType[]> {
    return this.db.getRepository(ComplaintType).find({ order: { name: 'ASC' } });
  }

  /** Every county and sub-county, or with a county code that county's sub-counties. */
  async areas(countyCode?: string | null): Promise<Area[]> {
    const areas = this.db.getRepository(Area);
    if (!countyCode) return areas.createQueryBuilder('a').orderBy('a.parent_id IS NOT NULL').addOrderBy('a.name').getMany();
    const county = await areas.findOne({ where: { code: countyCode, parentId: IsNull() } });
    if (!county) throw countyNotFound(countyCode);
    return areas.find({ where: { parentId: county.id }, order: { name: 'ASC' } });
  }

  /** The ids behind the codes, naming every code that matches nothing. */
  async resolveCodes(input: ComplaintCodes): Promise<ClassificationIds> {
    const [ids]: Array<{ sector_id: string | null; type_id: string | null; area_id: string | null; procurement_id: string | null }> = await this.db.query(
      `SELECT (SELECT id FROM complaint_sectors WHERE code = $1) AS sector_id,
              (SELECT id FROM complaint_types WHERE code = $2) AS type_id,
              (SELECT id FROM areas WHERE code = $3) AS area_id,
              (SELECT id FROM procurements WHERE reference = $4) AS procurement_id`,
      [input.sectorCode, input.typeCode, input.areaCode, input.procurementReference ?? null],
    );
    const problems: FieldProblem[] = [];
    if (!ids.sector_id) problems.push({ field: 'sectorCode', messages: [`no sector has the code ${input.sectorCode}; see complaintSectors`] });
    if (!ids.type_id) problems.push({ field: 'typeCode', messages: [`no complaint type has the code ${input.typeCode}; see complaintTypes`] });
    if (!ids.area_id) problems.push({ field: 'areaCode', messages: [`no county or sub-county has the code ${input.areaCode}; see areas`] });
    if (input.procurementReference && !ids.procurement_id) {
      problems.push({ field: 'procurementReference', messages: ['no procurement has this reference'] });
    }
    if (problems.length) throw unknownCodes(problems);
    return { sectorId: ids.sector_id!, typeId: ids.type_id!, areaId: ids.area_id!, procurementId: ids.procurement_id };
  }

  /**
   * The complaint behind a tracking number, for its complainant: an anonymous one needs its
   * secret. `proof` may also be required of a named complaint (to rate it, to add to it): then
   * it is the phone or email given. A wrong proof gets the answer of an unknown number.
   */
  async byTrackingNumber(
    manager: EntityManager,
    trackingNumber: string,
    proof: string | null | undefined,
    { proofRequired = false, lock = false } = {},
  ): Promise<Complaint> {
    if (!isValidTrackingNumber(trackingNumber)) throw invalidTrackingNumber();
    const complaint = await manager.findOne(Complaint, {
      where: { trackingNumber: normaliseTrackingNumber(trackingNumber)! },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!complaint) throw complaintNotFound();
    if (complaint.anonymous || proofRequired) {
      if (!proof || !this.proves(complaint, proof)) throw complaintNotFound();
    }
    return complaint;
  }

  /** Whether `proof` is the anonymous complaint's secret, or the phone or email the complainant gave. */
  proves(complaint: Complaint, proof: string): boolean {
    if (complaint.anonymous) return complaintSecretMatches(complaint.secretHash!, proof);
    const contact = this.vault.open(complaint.id, complaint);
    const given = proof.trim().toLowerCase();
    return given === contact.email?.toLowerCase() || normalisePhone(given) === (contact.phone && normalisePhone(contact.phone));
  }

  /** Where a complaint stands, as its complainant sees it: never who complained, nor staff's notes and reasons. */
  async track(trackingNumber: string, secret?: string | null): Promise<ComplaintStatusView> {
    const complaint = await this.byTrackingNumber(this.db.manager, trackingNumber, secret);
    return this.statusView(complaint);
  }

  async statusView(complaint: Complaint): Promise<ComplaintStatusView> {
    const [row]: Array<Record<string, any>> = await this.db.query(
      `SELECT to_jsonb(s) AS sector, to_jsonb(t) AS type, to_jsonb(a) AS area, o.name AS organisation_name, m.tracking_number AS merged_into,
              coalesce((SELECT json_agg(json_build_object('kind', e.kind, 'status', e.status, 'occurredAt', e.occurred_at) ORDER BY e.seq)
                          FROM complaint_events e WHERE e.complaint_id = c.id AND e.kind IN ('LODGED', 'REFERRED', 'STATUS_CHANGED', 'MERGED', 'RATED', 'INFORMATION_ADDED')), '[]') AS history
         FROM complaints c
         LEFT JOIN complaint_sectors s ON s.id = c.sector_id
         LEFT JOIN complaint_types t ON t.id = c.type_id
         LEFT JOIN areas a ON a.id = c.area_id
         LEFT JOIN organisations o ON o.id = c.handling_organisation_id
         LEFT JOIN complaints m ON m.id = c.merged_into_id
        WHERE c.id = $1`,
      [complaint.id],
    );
    const area = row.area && { id: row.area.id, code: row.area.code, name: row.area.name, parentId: row.area.parent_id };
    return {
      trackingNumber: formatTrackingNumber(complaint.trackingNumber),
      status: complaint.status,
      channel: complaint.channel,
      lodgedAt: complaint.createdAt,
      sector: row.sector,
      type: row.type,
      area,
      handledBy: row.organisation_name,
      rejectionReason: complaint.rejectionReason,
      mergedInto: row.merged_into ? formatTrackingNumber(row.merged_into) : null,
      rating: complaint.rating,
      history: row.history.map((step: { kind: string; status: ComplaintStatus; occurredAt: string }) => ({ ...step, occurredAt: new Date(step.occurredAt) })),
    };
  }

  /** The complaints the viewer may read, newest first: an organisation's queue, the convener's whole desk, a monitor's procurements. */
  async queue(viewer: Viewer, filter: ComplaintQueueFilter, page: PageInput): Promise<Page<Complaint>> {
    const access = accessibleSql(viewer.ability, 'read', 'Complaint', COMPLAINT_SQL);
    const query = this.db
      .getRepository(Complaint)
      .createQueryBuilder('c')
      .leftJoin('procurements', 'p', 'p.id = c.procurement_id')
      .where(access.where, access.parameters)
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id')
      .limit(page.limit)
      .offset(page.offset);
    if (filter.status?.length) query.andWhere('c.status IN (:...statuses)', { statuses: filter.status });
    if (filter.organisationId) query.andWhere('c.handling_organisation_id = :organisationId', { organisationId: filter.organisationId });
    if (filter.awaitingReferral) query.andWhere('c.handling_organisation_id IS NULL');
    if (filter.procurementId) query.andWhere('c.procurement_id = :procurementId', { procurementId: filter.procurementId });
    if (filter.trackingNumber) {
      if (!isValidTrackingNumber(filter.trackingNumber)) throw invalidTrackingNumber();
      query.andWhere('c.tracking_number = :trackingNumber', { trackingNumber: normaliseTrackingNumber(filter.trackingNumber) });
    }
    const [items, total] = await query.getManyAndCount();
    return pageOf(items, total, page);
  }
}

/** Digits only, so "+254 712 345 678" and "+254712345678" are the same number. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[^0-9]/g, '');
}
