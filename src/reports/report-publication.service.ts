import { Injectable } from '@nestjs/common';
import { CheckpointsService } from '../checkpoints/checkpoints.service.js';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { sha256Hex } from '../pacts/pact-content.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import { reportLabels } from './report-labels.js';
import { ReportStatus, type MonitoringReport } from './monitoring-report.entity.js';
import type { PublishedReport } from './published-report.entity.js';
import { assembleReportContent, canonicalReportContent, type PublishedReportContent, type ReportFacts } from './report-content.js';
import { reportAlreadyPublished } from './reports.errors.js';
import { ReportTemplatesService } from './report-templates.service.js';
import { ReportsRepository } from './reports.repository.js';
import { expectStatus, ReportsService } from './reports.service.js';

/**
 * Publishing a monitoring report: its content is assembled from the record as it stands,
 * frozen, hashed and made public, and the confidential findings and objections it includes
 * become public with it.
 */
@Injectable()
export class ReportPublicationService {
  constructor(
    private readonly checkpoints: CheckpointsService,
    private readonly transactions: TransactionService,
    private readonly repository: ReportsRepository,
    private readonly reports: ReportsService,
    private readonly templates: ReportTemplatesService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  /** One transaction: what the report says and what it makes public cannot part ways. */
  async publish(viewer: Viewer, reportId: string): Promise<PublishedReport> {
    const { procurementId } = await this.reports.inScope(viewer, 'publish', 'MonitoringReport', reportId);
    return this.transactions.run(async (tx) => {
      const report = await this.repository.lockForUpdate(tx, reportId);
      expectStatus(report, ReportStatus.APPROVED);
      const publishedAt = this.clock.now();
      const facts = await this.facts(tx, report, publishedAt);
      const content = assembleReportContent(facts);
      const canonicalContent = canonicalReportContent(content);
      const published = await this.repository.insertPublished(tx, {
        reportId: report.id,
        procurementId,
        kind: report.kind,
        title: report.title,
        language: report.language,
        content,
        canonicalContent,
        contentHash: sha256Hex(canonicalContent),
        publishedBy: actorId(viewer),
        publishedAt,
      });
      const findingIds = facts.findings.map((f) => f.id);
      const signOffIds = facts.signOffs.map((s) => s.id);
      await this.repository.publishIncluded(tx, published.id, { findingIds, signOffIds });
      await this.repository.markPublished(tx, report.id);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'report.published',
        subjectType: 'PublishedReport',
        subjectId: published.id,
        procurementId,
        data: { reportId: report.id, contentHash: published.contentHash, findings: findingIds.length, signOffs: signOffIds.length },
      });
      // Copies of this checkpoint outside the database (the PDF, witnesses) anchor the log up to this publication.
      await this.checkpoints.checkpoint(tx);
      return published;
    });
  }

  /**
   * What publishing now would fix, for the implementer and the monitor to read before it is
   * fixed: the same assembly from the same record, with nothing written and nothing made public.
   * The findings and sign-offs it covers are locked as for publication, only for the moment of the read.
   */
  async preview(viewer: Viewer, reportId: string): Promise<PublishedReportContent> {
    const { report } = await this.reports.inScope(viewer, 'read', 'MonitoringReport', reportId);
    if (report.status === ReportStatus.PUBLISHED) throw reportAlreadyPublished(report.id);
    return this.transactions.run(async (tx) => assembleReportContent(await this.facts(tx, report, this.clock.now())));
  }

  async get(id: string): Promise<PublishedReport> {
    const report = await this.repository.publishedById(this.transactions.reader, id);
    if (!report) throw notFound('PublishedReport', id);
    return report;
  }

  /** Newest first; the whole register or one procurement's. */
  async list(page: PageInput, procurementId?: string): Promise<Page<PublishedReport>> {
    const [items, total] = await this.repository.publishedPage(this.transactions.reader, page, procurementId);
    return pageOf(items, total, page);
  }

  async ofReports(reportIds: readonly string[]): Promise<Map<string, PublishedReport>> {
    const rows = await this.repository.publishedOf(this.transactions.reader, reportIds);
    return new Map(rows.map((r) => [r.reportId, r]));
  }

  /**
   * The record the report covers: findings and sign-offs of its period (all of them for a
   * final report), and the procurement, timeline, signatories and red flags as they stand.
   */
  private async facts(tx: EntityManager, report: MonitoringReport, publishedAt: Date): Promise<ReportFacts> {
    const procurementId = report.procurementId;
    const { procurement, names } = await this.repository.procurementWithParties(tx, procurementId);
    const findings = await this.repository.lockFindingsCovered(tx, procurementId, report);
    const responses = await this.repository.responsesTo(
      tx,
      findings.map((f) => f.id),
    );
    const currentVersion = await this.repository.currentPactVersion(tx, procurementId);
    const signatures = currentVersion ? await this.repository.signaturesOf(tx, currentVersion.id) : [];
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
      timeline: await this.repository.timelineOf(tx, procurementId),
      contributions: await this.repository.contributionsOf(tx, [report.id]),
      findings,
      responses,
      signOffs: await this.repository.lockSignOffsCovered(tx, procurementId, report),
      signatories: currentVersion ? { pactVersion: currentVersion.number, pactContentHash: currentVersion.contentHash, signatures } : null,
      redFlags: await this.repository.triggeredRedFlags(tx, procurementId),
      complaints: await this.repository.complaintsCovered(tx, procurementId, report),
      unclassifiedLabel: reportLabels(this.templates.labels(report.templateKey, report.language)).complaintUnclassified,
    };
  }
}
