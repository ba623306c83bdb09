import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import type { AppAbility } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import { MembershipRole, OrganisationKind } from '../authorization/roles.js';
import { Area } from './area.entity.js';
import { ComplaintEvent, type ComplaintEventKind } from './complaint-event.entity.js';
import type { HistoryStep } from './complaint-history.js';
import { ComplaintSector } from './complaint-sector.entity.js';
import { ComplaintType } from './complaint-type.entity.js';
import { Complaint, type ComplaintStatus } from './complaint.entity.js';

/** How the complaint's CASL fields read in SQL, for lists joining the complaint as `c` and its procurement as `p`. */
const COMPLAINT_SQL = {
  handlingOrganisationId: 'c.handling_organisation_id',
  escalatedToId: 'c.escalated_to_id',
  monitorId: 'p.monitor_id',
  implementerId: 'p.implementer_id',
};

/** The ids behind classification codes and a procurement reference; null where nothing has that code (or none was given). */
export interface CodeIds {
  sectorId: string | null;
  typeId: string | null;
  areaId: string | null;
  procurementId: string | null;
}

/** What the complainant's view of a complaint needs beyond the complaint's own columns. */
export interface ComplaintStatusRow {
  sector: { id: string; code: string; name: string } | null;
  type: { id: string; code: string; name: string } | null;
  area: { id: string; code: string; name: string; parent_id: string | null } | null;
  organisationName: string | null;
  mergedInto: string | null;
  history: Array<{ kind: ComplaintEventKind; status: ComplaintStatus; occurredAt: string }>;
}

/** A staff queue's filter, with the tracking number already checked and in canonical form. */
export interface ComplaintQueueQuery {
  statuses?: ComplaintStatus[] | null;
  organisationId?: string | null;
  awaitingReferral?: boolean | null;
  procurementId?: string | null;
  trackingNumber?: string | null;
  limit: number;
  offset: number;
}

/**
 * The SQL of the complaints' shared top: the complaint row and its history, the lists complaints
 * are classified by, the staff queues, and who is told about a complaint (focal persons,
 * conveners, monitors, implementers). Sub-areas keep theirs in their own repositories.
 */
@Injectable()
export class ComplaintsRepository {
  sectors(tx: EntityManager): Promise<ComplaintSector[]> {
    return tx.find(ComplaintSector, { order: { name: 'ASC' } });
  }

  types(tx: EntityManager): Promise<ComplaintType[]> {
    return tx.find(ComplaintType, { order: { name: 'ASC' } });
  }

  /** Counties first, then sub-counties, each by name. */
  allAreas(tx: EntityManager): Promise<Area[]> {
    return tx.getRepository(Area).createQueryBuilder('a').orderBy('a.parent_id IS NOT NULL').addOrderBy('a.name').getMany();
  }

  countyByCode(tx: EntityManager, code: string): Promise<Area | null> {
    return tx.findOneBy(Area, { code, parentId: IsNull() });
  }

  subCounties(tx: EntityManager, countyId: string): Promise<Area[]> {
    return tx.find(Area, { where: { parentId: countyId }, order: { name: 'ASC' } });
  }

  /** One statement for all four lookups; a code left out (null) finds nothing. */
  async idsOfCodes(
    tx: EntityManager,
    codes: { sectorCode?: string | null; typeCode?: string | null; areaCode?: string | null; procurementReference?: string | null },
  ): Promise<CodeIds> {
    const [ids]: Array<{ sector_id: string | null; type_id: string | null; area_id: string | null; procurement_id: string | null }> = await tx.query(
      `SELECT (SELECT id FROM complaint_sectors WHERE code = $1) AS sector_id,
              (SELECT id FROM complaint_types WHERE code = $2) AS type_id,
              (SELECT id FROM areas WHERE code = $3) AS area_id,
              (SELECT id FROM procurements WHERE reference = $4) AS procurement_id`,
      [codes.sectorCode ?? null, codes.typeCode ?? null, codes.areaCode ?? null, codes.procurementReference ?? null],
    );
    return { sectorId: ids.sector_id, typeId: ids.type_id, areaId: ids.area_id, procurementId: ids.procurement_id };
  }

  byTrackingNumber(tx: EntityManager, trackingNumber: string, { lock = false } = {}): Promise<Complaint | null> {
    return tx.findOne(Complaint, { where: { trackingNumber }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  byId(tx: EntityManager, id: string): Promise<Complaint | null> {
    return tx.findOneBy(Complaint, { id });
  }

  /** The complaint, locked until the transaction ends, so changes to it queue one behind the other. */
  lockForUpdate(tx: EntityManager, id: string): Promise<Complaint | null> {
    return tx.findOne(Complaint, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async save(tx: EntityManager, complaint: Complaint): Promise<void> {
    await tx.save(complaint);
  }

  /** Adds a step to the complaint's history, with the status the complaint has after it. */
  async addHistoryStep(tx: EntityManager, complaint: Complaint, kind: ComplaintEventKind, step: HistoryStep): Promise<void> {
    await tx.insert(ComplaintEvent, {
      complaintId: complaint.id,
      kind,
      status: complaint.status,
      organisationId: step.organisationId ?? null,
      actorId: step.actorId ?? null,
      reason: step.reason ?? null,
      occurredAt: step.at,
    });
  }

  /** The complainant's view leaves out the staff's own steps (notes, reminders, escalations). */
  async statusRow(tx: EntityManager, complaintId: string): Promise<ComplaintStatusRow> {
    const [row]: Array<{
      sector: ComplaintStatusRow['sector'];
      type: ComplaintStatusRow['type'];
      area: ComplaintStatusRow['area'];
      organisation_name: string | null;
      merged_into: string | null;
      history: ComplaintStatusRow['history'];
    }> = await tx.query(
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
      [complaintId],
    );
    return { sector: row.sector, type: row.type, area: row.area, organisationName: row.organisation_name, mergedInto: row.merged_into, history: row.history };
  }

  /** The complaints `ability` lets its holder read, newest first, with the count of all that match. */
  queue(tx: EntityManager, ability: AppAbility, query: ComplaintQueueQuery): Promise<[Complaint[], number]> {
    const access = accessibleSql(ability, 'read', 'Complaint', COMPLAINT_SQL);
    const builder = tx
      .getRepository(Complaint)
      .createQueryBuilder('c')
      .leftJoin('procurements', 'p', 'p.id = c.procurement_id')
      .where(access.where, access.parameters)
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id')
      .limit(query.limit)
      .offset(query.offset);
    if (query.statuses?.length) builder.andWhere('c.status IN (:...statuses)', { statuses: query.statuses });
    if (query.organisationId) builder.andWhere('c.handling_organisation_id = :organisationId', { organisationId: query.organisationId });
    if (query.awaitingReferral) builder.andWhere('c.handling_organisation_id IS NULL');
    if (query.procurementId) builder.andWhere('c.procurement_id = :procurementId', { procurementId: query.procurementId });
    if (query.trackingNumber) builder.andWhere('c.tracking_number = :trackingNumber', { trackingNumber: query.trackingNumber });
    return builder.getManyAndCount();
  }

  async organisationExists(tx: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await tx.query('SELECT 1 FROM organisations WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** Each organisation's name, by id; ids of no organisation are left out. */
  async organisationNames(tx: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; name: string }> = await tx.query('SELECT id, name FROM organisations WHERE id = ANY($1)', [ids]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** The organisation's focal persons' addresses; every member's when it named none. */
  async focalEmails(tx: EntityManager, organisationId: string): Promise<string[]> {
    const rows: Array<{ email: string }> = await tx.query(
      `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organisation_id = $1
          AND (m.focal_person OR NOT EXISTS (SELECT 1 FROM memberships f WHERE f.organisation_id = $1 AND f.focal_person))
        ORDER BY u.email`,
      [organisationId],
    );
    return rows.map((row) => row.email);
  }

  async convenerEmails(tx: EntityManager): Promise<string[]> {
    const rows: Array<{ email: string }> = await tx.query(`SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.role = $1`, [
      MembershipRole.CONVENER,
    ]);
    return rows.map((row) => row.email);
  }

  /** The procurement's reference and monitor; null when there is no such procurement. */
  async procurementMonitor(tx: EntityManager, procurementId: string): Promise<{ reference: string; monitorId: string | null } | null> {
    const [row]: Array<{ reference: string; monitor_id: string | null }> = await tx.query('SELECT reference, monitor_id FROM procurements WHERE id = $1', [
      procurementId,
    ]);
    return row ? { reference: row.reference, monitorId: row.monitor_id } : null;
  }

  /** The implementer of the procurement, or every implementer (oldest first) when there is no procurement. */
  async implementers(tx: EntityManager, procurementId: string | null): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT o.id FROM organisations o
        WHERE o.kind = $1 AND o.id = coalesce((SELECT implementer_id FROM procurements WHERE id = $2::uuid), o.id)
        ORDER BY o.created_at`,
      [OrganisationKind.IP_IMPLEMENTER, procurementId],
    );
    return rows.map((row) => row.id);
  }
}
