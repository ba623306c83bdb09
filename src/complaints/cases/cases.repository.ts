import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { SqlFilter } from '../../authorization/accessible-sql.js';
import { Procurement } from '../../procurements/procurement.entity.js';
import { Complaint, type ComplaintChannel, type ComplaintStatus } from '../complaint.entity.js';
import { ComplaintNote } from '../records/complaint-note.entity.js';

/**
 * The deadline that runs now: acknowledging while REFERRED, resolving while ACKNOWLEDGED or
 * IN_PROGRESS, none once settled. Word for word the expression of complaints_desk_queue_idx
 * (migrations/1765260000000-PartnerQueue.ts), so the queue is read in that index's order.
 */
const DESK_DUE_AT = `(CASE c.status WHEN 'REFERRED' THEN c.acknowledge_due_at WHEN 'ACKNOWLEDGED' THEN c.resolve_due_at WHEN 'IN_PROGRESS' THEN c.resolve_due_at END)`;

/** A complaint no rule routed and no one has referred yet: the convener's to refer. */
const AWAITING_REFERRAL = `(c.status = 'RECEIVED' AND c.handling_organisation_id IS NULL)`;

/**
 * The organisations' complaints. One organisation (a desk's usual case) is said with `=`: the
 * planner then reads complaints_desk_queue_idx in its order and stops after the page, where with
 * `= ANY(…)` it reads every complaint of the organisation and sorts them (EXPLAIN on 100,000
 * complaints: 0.2 ms against 150 ms for the first page).
 */
function ofOrganisations(organisationIds: string[] | null): [string, Record<string, unknown>] {
  // Null: every organisation's and none's, the convener's whole desk.
  if (organisationIds === null) return ['TRUE', {}];
  return organisationIds.length === 1
    ? ['c.handling_organisation_id = :organisationId', { organisationId: organisationIds[0] }]
    : ['c.handling_organisation_id = ANY(:organisationIds)', { organisationIds }];
}

/**
 * A desk's queue: a partner's organisations' complaints, or with `organisationIds` null every
 * complaint (the convener's), narrowed by the viewer's rules and the page's filters (codes, as
 * the address has them).
 */
export interface DeskQueueQuery {
  access: SqlFilter;
  organisationIds: string[] | null;
  /** The convener's order: complaints still waiting for a referral come before all others. */
  awaitingReferralFirst?: boolean;
  /** Only the complaints still waiting for a referral. */
  awaitingReferral?: boolean;
  status?: ComplaintStatus | null;
  sectorCode?: string | null;
  /** A county takes in its sub-counties. */
  areaCode?: string | null;
  limit: number;
  offset: number;
}

export interface DeskQueueRow {
  id: string;
  trackingNumber: string;
  status: ComplaintStatus;
  channel: ComplaintChannel;
  createdAt: Date;
  dueAt: Date | null;
  sectorCode: string | null;
  sectorName: string | null;
  areaName: string | null;
  countyName: string | null;
  /** Null while it waits for the convener. */
  organisationName: string | null;
}

/** The SQL of staff handling beyond the complaint row (which is ComplaintsRepository's): notes, the procurement a finding is recorded on, and the partner's queue. */
@Injectable()
export class CasesRepository {
  async addNote(tx: EntityManager, note: { complaintId: string; authorId: string; body: string }): Promise<ComplaintNote> {
    return tx.save(tx.create(ComplaintNote, note));
  }

  /** Fails when the procurement does not exist: a complaint only ever points at one that does. */
  procurement(tx: EntityManager, id: string): Promise<Procurement> {
    return tx.findOneByOrFail(Procurement, { id });
  }

  /**
   * One page of the queue, overdue first (the earliest running deadline first, so those already
   * past come before those still to come), then the settled ones newest first; and, in a second
   * statement, how many match. Two statements whatever the page's length.
   */
  /**
   * A page of the queue, and how many complaints it has counted up to `countedUpTo` (more than
   * that reads as "more than"): counting all 45,000 complaints of a busy partner took 20 ms a
   * page against under 1 ms for the page itself, and nobody pages that far.
   */
  async deskQueue(tx: EntityManager, query: DeskQueueQuery, countedUpTo: number): Promise<[DeskQueueRow[], number]> {
    const builder = this.deskQueueFilter(tx, query);
    if (query.awaitingReferralFirst) builder.orderBy(AWAITING_REFERRAL, 'DESC');
    const rows = await builder
      .select(['c.id AS id', 'c.tracking_number AS tracking_number', 'c.status AS status', 'c.channel AS channel', 'c.created_at AS created_at'])
      .addSelect(`${DESK_DUE_AT}`, 'due_at')
      .addSelect(['s.code AS sector_code', 's.name AS sector_name', 'a.name AS area_name', 'county.name AS county_name', 'o.name AS organisation_name'])
      .leftJoin('complaint_sectors', 's', 's.id = c.sector_id')
      .leftJoin('organisations', 'o', 'o.id = c.handling_organisation_id')
      .leftJoin('areas', 'a', 'a.id = c.area_id')
      .leftJoin('areas', 'county', 'county.id = a.parent_id')
      .addOrderBy(DESK_DUE_AT, 'ASC', 'NULLS LAST')
      .addOrderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .limit(query.limit)
      .offset(query.offset)
      .getRawMany<{
        id: string;
        tracking_number: string;
        status: ComplaintStatus;
        channel: ComplaintChannel;
        created_at: Date;
        due_at: Date | null;
        sector_code: string | null;
        sector_name: string | null;
        area_name: string | null;
        county_name: string | null;
        organisation_name: string | null;
      }>();
    const queue = this.deskQueueFilter(tx, query).select('1').limit(countedUpTo);
    const counted = await tx
      .createQueryBuilder()
      .select('count(*)::int', 'n')
      .from(`(${queue.getQuery()})`, 'counted')
      .setParameters(queue.getParameters())
      .getRawOne<{ n: number }>();
    return [
      rows.map((row) => ({
        id: row.id,
        trackingNumber: row.tracking_number,
        status: row.status,
        channel: row.channel,
        createdAt: row.created_at,
        dueAt: row.due_at,
        sectorCode: row.sector_code,
        sectorName: row.sector_name,
        areaName: row.area_name,
        countyName: row.county_name,
        organisationName: row.organisation_name,
      })),
      counted?.n ?? 0,
    ];
  }

  /** What waits on the organisations: complaints still open, and those past their running deadline. */
  async deskSummary(tx: EntityManager, access: SqlFilter, organisationIds: string[] | null, now: Date): Promise<{ open: number; overdue: number }> {
    const row = await tx
      .createQueryBuilder()
      .from(Complaint, 'c')
      .select('count(*)::int', 'open')
      .addSelect(`count(*) FILTER (WHERE ${DESK_DUE_AT} < :now)::int`, 'overdue')
      .where(access.where, access.parameters)
      .andWhere(...ofOrganisations(organisationIds))
      .setParameter('now', now)
      .andWhere(`c.status IN ('REFERRED', 'ACKNOWLEDGED', 'IN_PROGRESS')`)
      .getRawOne<{ open: number; overdue: number }>();
    return { open: row?.open ?? 0, overdue: row?.overdue ?? 0 };
  }

  /** What waits on the convener: complaints no one has referred yet, and referred ones past their running deadline. */
  async convenerSummary(tx: EntityManager, access: SqlFilter, now: Date): Promise<{ awaitingReferral: number; overdue: number }> {
    const row = await tx
      .createQueryBuilder()
      .from(Complaint, 'c')
      .select(`count(*) FILTER (WHERE ${AWAITING_REFERRAL})::int`, 'awaiting')
      .addSelect(`count(*) FILTER (WHERE ${DESK_DUE_AT} < :now)::int`, 'overdue')
      .where(access.where, access.parameters)
      .andWhere(`c.status IN ('RECEIVED', 'REFERRED', 'ACKNOWLEDGED', 'IN_PROGRESS')`)
      .setParameter('now', now)
      .getRawOne<{ awaiting: number; overdue: number }>();
    return { awaitingReferral: row?.awaiting ?? 0, overdue: row?.overdue ?? 0 };
  }

  private deskQueueFilter(tx: EntityManager, query: DeskQueueQuery): SelectQueryBuilder<Complaint> {
    const builder = tx
      .createQueryBuilder()
      .from(Complaint, 'c')
      .where(query.access.where, query.access.parameters)
      .andWhere(...ofOrganisations(query.organisationIds));
    if (query.status) builder.andWhere('c.status = :status', { status: query.status });
    if (query.awaitingReferral) builder.andWhere(AWAITING_REFERRAL);
    if (query.sectorCode) builder.andWhere('c.sector_id = (SELECT id FROM complaint_sectors WHERE code = :sectorCode)', { sectorCode: query.sectorCode });
    if (query.areaCode) {
      builder.andWhere('c.area_id IN (SELECT id FROM areas WHERE code = :areaCode OR parent_id = (SELECT id FROM areas WHERE code = :areaCode))', {
        areaCode: query.areaCode,
      });
    }
    return builder;
  }
}
