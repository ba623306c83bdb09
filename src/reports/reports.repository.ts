import { Injectable } from '@nestjs/common';
import { Between, In, type EntityManager } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { accessibleSql } from '../authorization/accessible-sql.js';
import { FindingResponse } from '../findings/finding-response.entity.js';
import { Finding } from '../findings/finding.entity.js';
import type { PageInput } from '../pagination/page.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { PROCUREMENT_SCOPE_SQL } from '../procurements/procurements.sql.js';
import { StageTransition } from '../procurements/stage-transition.entity.js';
import { RedFlag } from '../red-flags/red-flag.entity.js';
import { StageSignOff } from '../sign-offs/stage-sign-off.entity.js';
import { Signature } from '../signatures/signature.entity.js';
import { MonitoringReport, ReportStatus } from './monitoring-report.entity.js';
import { PublishedReport } from './published-report.entity.js';
import type { ReportFacts } from './report-content.js';
import { ReportContribution } from './report-contribution.entity.js';

export type NewMonitoringReport = Pick<
  MonitoringReport,
  'procurementId' | 'kind' | 'title' | 'periodStart' | 'periodEnd' | 'templateKey' | 'language' | 'sections' | 'createdBy'
>;
export type NewPublishedReport = Omit<PublishedReport, 'id'>;

/** A report's period; both ends null for a final report, which covers the whole procurement. */
export interface ReportPeriod {
  periodStart: Date | null;
  periodEnd: Date | null;
}

/** The latest published pact version of a procurement. */
export interface CurrentPactVersion {
  id: string;
  number: number;
  contentHash: string;
}

/** A procurement whose reports the viewer works on, with how many of them stand at each step. */
export interface ReportingProcurement {
  id: string;
  reference: string;
  title: string;
  drafts: number;
  approved: number;
  published: number;
}

/** Every statement on monitoring reports, their contributions and publications, and the record a report covers. */
@Injectable()
export class ReportsRepository {
  findById(tx: EntityManager, reportId: string): Promise<MonitoringReport | null> {
    return tx.findOneBy(MonitoringReport, { id: reportId });
  }

  lockForUpdate(tx: EntityManager, reportId: string): Promise<MonitoringReport> {
    return tx.findOneOrFail(MonitoringReport, { where: { id: reportId }, lock: { mode: 'pessimistic_write' } });
  }

  insert(tx: EntityManager, fields: NewMonitoringReport): Promise<MonitoringReport> {
    return tx.save(tx.create(MonitoringReport, fields));
  }

  save(tx: EntityManager, report: MonitoringReport): Promise<MonitoringReport> {
    return tx.save(report);
  }

  /** The procurement's reports, newest first. */
  ofProcurement(tx: EntityManager, procurementId: string): Promise<MonitoringReport[]> {
    return tx.find(MonitoringReport, { where: { procurementId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** The same, a page at a time, with the count of them all. */
  pageOfProcurement(tx: EntityManager, procurementId: string, page: PageInput): Promise<[MonitoringReport[], number]> {
    return tx.findAndCount(MonitoringReport, { where: { procurementId }, order: { createdAt: 'DESC', id: 'ASC' }, take: page.limit, skip: page.offset });
  }

  /** The procurements whose reports the rules let the viewer read, newest first, each with its reports counted by status; one query. */
  async reportingPage(tx: EntityManager, ability: AppAbility, page: PageInput): Promise<[ReportingProcurement[], number]> {
    const allowed = accessibleSql(ability, 'read', 'MonitoringReport', PROCUREMENT_SCOPE_SQL);
    const count = (status: ReportStatus) => `(SELECT count(*)::int FROM monitoring_reports r WHERE r.procurement_id = p.id AND r.status = '${status}')`;
    const rows: Array<ReportingProcurement & { total: number }> = await tx
      .createQueryBuilder(Procurement, 'p')
      .select(['p.id AS id', 'p.reference AS reference', 'p.title AS title'])
      .addSelect(count(ReportStatus.DRAFT), 'drafts')
      .addSelect(count(ReportStatus.APPROVED), 'approved')
      .addSelect(count(ReportStatus.PUBLISHED), 'published')
      .addSelect('count(*) OVER ()::int', 'total')
      .where(allowed.where, allowed.parameters)
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id')
      .limit(page.limit)
      .offset(page.offset)
      .getRawMany();
    return [rows.map(({ total: _total, ...row }) => row), rows[0]?.total ?? 0];
  }

  addContribution(tx: EntityManager, fields: Pick<ReportContribution, 'reportId' | 'sectionKey' | 'authorId' | 'body'>): Promise<ReportContribution> {
    return tx.save(tx.create(ReportContribution, fields));
  }

  contributionsOf(tx: EntityManager, reportIds: readonly string[]): Promise<ReportContribution[]> {
    return tx.find(ReportContribution, { where: { reportId: In([...reportIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The procurement and the names of its authority, monitor and implementer, by organisation id. */
  async procurementWithParties(tx: EntityManager, procurementId: string): Promise<{ procurement: Procurement; names: Map<string, string> }> {
    const procurement = await tx.findOneByOrFail(Procurement, { id: procurementId });
    const ids = [procurement.authorityId, procurement.monitorId, procurement.implementerId].filter((id): id is string => !!id);
    const names = new Map((await tx.findBy(Organisation, { id: In(ids) })).map((o) => [o.id, o.name]));
    return { procurement, names };
  }

  insertPublished(tx: EntityManager, fields: NewPublishedReport): Promise<PublishedReport> {
    return tx.save(tx.create(PublishedReport, fields));
  }

  /**
   * Makes the findings and objections a report includes public through it. One already made
   * public by an earlier report keeps pointing at that one.
   */
  async publishIncluded(tx: EntityManager, publishedReportId: string, included: { findingIds: string[]; signOffIds: string[] }): Promise<void> {
    await tx.query('UPDATE findings SET published_in_report_id = $1 WHERE id = ANY($2) AND published_in_report_id IS NULL', [
      publishedReportId,
      included.findingIds,
    ]);
    await tx.query('UPDATE stage_sign_offs SET published_in_report_id = $1 WHERE id = ANY($2) AND published_in_report_id IS NULL', [
      publishedReportId,
      included.signOffIds,
    ]);
  }

  async markPublished(tx: EntityManager, reportId: string): Promise<void> {
    await tx.update(MonitoringReport, { id: reportId }, { status: ReportStatus.PUBLISHED });
  }

  publishedById(tx: EntityManager, id: string): Promise<PublishedReport | null> {
    return tx.findOneBy(PublishedReport, { id });
  }

  /** Newest first; the whole register or one procurement's. */
  publishedPage(tx: EntityManager, page: PageInput, procurementId?: string): Promise<[PublishedReport[], number]> {
    return tx.findAndCount(PublishedReport, {
      where: procurementId ? { procurementId } : {},
      order: { publishedAt: 'DESC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  publishedOf(tx: EntityManager, reportIds: readonly string[]): Promise<PublishedReport[]> {
    return tx.findBy(PublishedReport, { reportId: In([...reportIds]) });
  }

  /** Locked: a finding edited while the report is assembled would be published as it was before the edit. */
  lockFindingsCovered(tx: EntityManager, procurementId: string, period: ReportPeriod): Promise<Finding[]> {
    return tx.find(Finding, { where: { procurementId, ...inPeriod(period) }, order: { createdAt: 'ASC', id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  async responsesTo(tx: EntityManager, findingIds: string[]): Promise<FindingResponse[]> {
    if (!findingIds.length) return [];
    return tx.find(FindingResponse, { where: { findingId: In(findingIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  lockSignOffsCovered(tx: EntityManager, procurementId: string, period: ReportPeriod): Promise<StageSignOff[]> {
    return tx.find(StageSignOff, { where: { procurementId, ...inPeriod(period) }, order: { createdAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  async currentPactVersion(tx: EntityManager, procurementId: string): Promise<CurrentPactVersion | null> {
    const [version]: { id: string; number: number; content_hash: string }[] = await tx.query(
      `SELECT v.id, v.number, v.content_hash FROM pact_versions v JOIN pacts p ON p.id = v.pact_id
        WHERE p.procurement_id = $1 ORDER BY v.number DESC LIMIT 1`,
      [procurementId],
    );
    return version ? { id: version.id, number: version.number, contentHash: version.content_hash } : null;
  }

  signaturesOf(tx: EntityManager, pactVersionId: string): Promise<Signature[]> {
    return tx.find(Signature, { where: { pactVersionId }, order: { signedAt: 'ASC' } });
  }

  timelineOf(tx: EntityManager, procurementId: string): Promise<StageTransition[]> {
    return tx.find(StageTransition, { where: { procurementId }, order: { occurredAt: 'ASC' } });
  }

  triggeredRedFlags(tx: EntityManager, procurementId: string): Promise<RedFlag[]> {
    return tx.find(RedFlag, { where: { procurementId, triggered: true }, order: { code: 'ASC' } });
  }

  /** Complaints about the procurement lodged in the period (all of them for a final report); merged duplicates left out. */
  complaintsCovered(tx: EntityManager, procurementId: string, period: ReportPeriod): Promise<ReportFacts['complaints']> {
    return tx.query(
      `SELECT c.status, t.name AS type, c.created_at AS "createdAt", c.first_action_at AS "firstActionAt", c.resolved_at AS "resolvedAt"
         FROM complaints c LEFT JOIN complaint_types t ON t.id = c.type_id
        WHERE c.procurement_id = $1 AND c.merged_into_id IS NULL AND ($2::timestamptz IS NULL OR c.created_at BETWEEN $2 AND $3)`,
      [procurementId, period.periodStart, period.periodEnd],
    );
  }
}

function inPeriod({ periodStart, periodEnd }: ReportPeriod) {
  return periodStart && periodEnd ? { createdAt: Between(periodStart, periodEnd) } : {};
}
