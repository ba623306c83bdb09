import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, In, type EntityManager } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { notFound } from '../errors/domain-error.js';
import { FindingResponse } from '../findings/finding-response.entity.js';
import { Finding } from '../findings/finding.entity.js';
import { sha256Hex } from '../pacts/pact-content.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import { reportLabels } from './report-pdf.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { StageTransition } from '../procurements/stage-transition.entity.js';
import { RedFlag } from '../red-flags/red-flag.entity.js';
import { StageSignOff } from '../sign-offs/stage-sign-off.entity.js';
import { Signature } from '../signatures/signature.entity.js';
import { MonitoringReport, ReportStatus } from './monitoring-report.entity.js';
import { PublishedReport } from './published-report.entity.js';
import { assembleReportContent, canonicalReportContent, type ReportFacts } from './report-content.js';
import { ReportContribution } from './report-contribution.entity.js';
import { ReportTemplatesService } from './report-templates.service.js';
import { expectStatus, ReportsService } from './reports.service.js';

/**
 * Publishing a monitoring report: its content is assembled from the record as it stands,
 * frozen, hashed and made public, and the confidential findings and objections it includes
 * become public with it.
 */
@Injectable()
export class ReportPublicationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly templates: ReportTemplatesService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  /** One transaction: what the report says and what it makes public cannot part ways. */
  async publish(viewer: Viewer, reportId: string): Promise<PublishedReport> {
    const { procurementId } = await this.reports.inScope(viewer, 'publish', 'MonitoringReport', reportId);
    return this.db.transaction(async (tx) => {
      const report = await tx.findOneOrFail(MonitoringReport, { where: { id: reportId }, lock: { mode: 'pessimistic_write' } });
      expectStatus(report, ReportStatus.APPROVED);
      const publishedAt = this.clock.now();
      const facts = await this.facts(tx, report, publishedAt);
      const content = assembleReportContent(facts);
      const canonicalContent = canonicalReportContent(content);
      const published = await tx.save(
        tx.create(PublishedReport, {
          reportId: report.id, procurementId, kind: report.kind, title: report.title, language: report.language,
          content, canonicalContent, contentHash: sha256Hex(canonicalContent), publishedBy: actorId(viewer), publishedAt,
        }),
      );
      // A finding or objection already made public by an earlier report keeps pointing at that one.
      const findingIds = facts.findings.map((f) => f.id);
      const signOffIds = facts.signOffs.map((s) => s.id);
      await tx.query('UPDATE findings SET published_in_report_id = $1 WHERE id = ANY($2) AND published_in_report_id IS NULL', [published.id, findingIds]);
      await tx.query('UPDATE stage_sign_offs SET published_in_report_id = $1 WHERE id = ANY($2) AND published_in_report_id IS NULL', [published.id, signOffIds]);
      await tx.update(MonitoringReport, { id: report.id }, { status: ReportStatus.PUBLISHED });
      await this.audit.append(tx, {
        actorId: actorId(viewer), action: 'report.published', subjectType: 'PublishedReport', subjectId: published.id, procurementId,
        data: { reportId: report.id, contentHash: published.contentHash, findings: findingIds.length, signOffs: signOffIds.length },
      });
      return published;
    });
  }

  async get(id: string): Promise<PublishedReport> {
    const report = await this.db.getRepository(PublishedReport).findOneBy({ id });
    if (!report) throw notFound('PublishedReport', id);
    return report;
  }

  /** Newest first; the whole register or one procurement's. */
  async list(page: PageInput, procurementId?: string): Promise<Page<PublishedReport>> {
    const [items, total] = await this.db.getRepository(PublishedReport).findAndCount({
      where: procurementId ? { procurementId } : {},
      order: { publishedAt: 'DESC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return pageOf(items, total, page);
  }

  async ofReports(reportIds: readonly string[]): Promise<Map<string, PublishedReport>> {
    const rows = await this.db.getRepository(PublishedReport).findBy({ reportId: In([...reportIds]) });
    return new Map(rows.map((r) => [r.reportId, r]));
  }

  /**
   * The record the report covers: findings and sign-offs of its period (all of them for a
   * final report), and the procurement, timeline, signatories and red flags as they stand.
   */
  private async facts(tx: EntityManager, report: MonitoringReport, publishedAt: Date): Promise<ReportFacts> {
    const procurementId = report.procurementId;
    const inPeriod = report.periodStart && report.periodEnd ? { createdAt: Between(report.periodStart, report.periodEnd) } : {};
    const procurement = await tx.findOneByOrFail(Procurement, { id: procurementId });
    const organisationIds = [procurement.authorityId, procurement.monitorId, procurement.implementerId].filter((id): id is string => !!id);
    const names = new Map((await tx.findBy(Organisation, { id: In(organisationIds) })).map((o) => [o.id, o.name]));
    // Locked: a finding edited while the report is assembled would be published as it was before the edit.
    const findings = await tx.find(Finding, { where: { procurementId, ...inPeriod }, order: { createdAt: 'ASC', id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    const responses = findings.length
      ? await tx.find(FindingResponse, { where: { findingId: In(findings.map((f) => f.id)) }, order: { createdAt: 'ASC', id: 'ASC' } })
      : [];
    const [currentVersion]: { id: string; number: number; content_hash: string }[] = await tx.query(
      `SELECT v.id, v.number, v.content_hash FROM pact_versions v JOIN pacts p ON p.id = v.pact_id
        WHERE p.procurement_id = $1 ORDER BY v.number DESC LIMIT 1`,
      [procurementId],
    );
    const signatures = currentVersion ? await tx.find(Signature, { where: { pactVersionId: currentVersion.id }, order: { signedAt: 'ASC' } }) : [];
    return {
      report,
      publishedAt,
      procurement: {
        id: procurement.id,
        reference: procurement.reference,
        title: procurement.title,
        ocid: procurement.ocid,
        stage: procurement.stage,
        authority: names.get(procurement.authorityId) ?? '',
        monitor: (procurement.monitorId && names.get(procurement.monitorId)) || null,
        implementer: (procurement.implementerId && names.get(procurement.implementerId)) || null,
      },
      timeline: await tx.find(StageTransition, { where: { procurementId }, order: { occurredAt: 'ASC' } }),
      contributions: await tx.find(ReportContribution, { where: { reportId: report.id }, order: { createdAt: 'ASC', id: 'ASC' } }),
      findings,
      responses,
      signOffs: await tx.find(StageSignOff, { where: { procurementId, ...inPeriod }, order: { createdAt: 'ASC' }, lock: { mode: 'pessimistic_write' } }),
      signatories: currentVersion ? { pactVersion: currentVersion.number, pactContentHash: currentVersion.content_hash, signatures } : null,
      redFlags: await tx.find(RedFlag, { where: { procurementId, triggered: true }, order: { code: 'ASC' } }),
      complaints: await tx.query(
        `SELECT c.status, t.name AS type, c.created_at AS "createdAt", c.first_action_at AS "firstActionAt", c.resolved_at AS "resolvedAt"
           FROM complaints c LEFT JOIN complaint_types t ON t.id = c.type_id
          WHERE c.procurement_id = $1 AND c.merged_into_id IS NULL AND ($2::timestamptz IS NULL OR c.created_at BETWEEN $2 AND $3)`,
        [procurementId, report.periodStart, report.periodEnd],
      ),
      unclassifiedLabel: reportLabels(this.templates.labels(report.templateKey, report.language)).complaintUnclassified,
    };
  }
}
