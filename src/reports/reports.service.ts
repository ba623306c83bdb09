import { subject as asSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Action, SubjectType } from '../authorization/ability.factory.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { ClockService } from '../clock/clock.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { groupBy } from '../graphql/loaders.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import { ProcurementAccessService, type ProcurementScope } from '../procurements/procurement-access.service.js';
import type { ContributeToReportInput } from './inputs/contribute-to-report.input.js';
import type { CreateMonitoringReportInput } from './inputs/create-monitoring-report.input.js';
import type { UpdateReportSectionInput } from './inputs/update-report-section.input.js';
import { ReportKind, ReportStatus, type MonitoringReport } from './monitoring-report.entity.js';
import { periodOfFinalReport, periodRequired, periodReversed, reportAlreadyPublished, reportNotInStatus, unknownSection } from './reports.errors.js';
import type { ReportContribution } from './report-contribution.entity.js';
import { ReportsRepository, type ReportingProcurement } from './reports.repository.js';
import { ReportTemplatesService, type ReportTemplateValues } from './report-templates.service.js';

/** A report as its page shows it, and which of the next steps the rules and its status let the viewer take. */
export interface ReportWorkingCopy {
  report: MonitoringReport;
  /** The monitor's, oldest first. */
  contributions: ReportContribution[];
  may: { edit: boolean; contribute: boolean; approve: boolean; publish: boolean };
}

/**
 * Composing a monitoring report: the IP implementer starts it from a template and edits its
 * sections, the independent monitor adds its own text, and the implementer approves it.
 * Publication is ReportPublicationService's.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: ReportsRepository,
    private readonly access: ProcurementAccessService,
    private readonly templates: ReportTemplatesService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  async create(viewer: Viewer, input: CreateMonitoringReportInput): Promise<MonitoringReport> {
    const scope = await this.access.require(viewer, 'create', 'MonitoringReport', input.procurementId);
    assertPeriod(input.kind, input.periodStart ?? null, input.periodEnd ?? null);
    const template = this.templates.get(input.templateKey, input.language);
    return this.transactions.run(async (tx) => {
      const values = await this.templateValues(tx, input);
      const { title, sections } = this.templates.render(template, values);
      const report = await this.repository.insert(tx, {
        procurementId: scope.id,
        kind: input.kind,
        title,
        periodStart: input.periodStart ?? null,
        periodEnd: input.periodEnd ?? null,
        templateKey: template.key,
        language: template.language,
        sections,
        createdBy: actorId(viewer),
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'report.created',
        subjectType: 'MonitoringReport',
        subjectId: report.id,
        procurementId: scope.id,
        data: { kind: report.kind, templateKey: report.templateKey, language: report.language, periodStart: report.periodStart, periodEnd: report.periodEnd },
      });
      return report;
    });
  }

  /**
   * Editing an approved report withdraws the approval: what is published must be exactly
   * the text the implementer approved, and refusing the edit would leave a typo found after
   * approval with no way out.
   */
  async updateSection(viewer: Viewer, input: UpdateReportSectionInput): Promise<MonitoringReport> {
    const { procurementId } = await this.inScope(viewer, 'update', 'MonitoringReport', input.reportId);
    return this.transactions.run(async (tx) => {
      const report = await this.lock(tx, input.reportId);
      if (report.status === ReportStatus.PUBLISHED) throw reportAlreadyPublished(report.id);
      const index = report.sections.findIndex((s) => s.key === input.key);
      if (index < 0) throw unknownSection(input.key);
      const approvalWithdrawn = report.status === ReportStatus.APPROVED;
      const section = report.sections[index];
      report.sections = report.sections.map((s, i) => (i === index ? { key: s.key, heading: input.heading?.trim() || s.heading, body: input.body } : s));
      if (approvalWithdrawn) Object.assign(report, { status: ReportStatus.DRAFT, approvedBy: null, approvedAt: null });
      await this.repository.save(tx, report);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'report.section_updated',
        subjectType: 'MonitoringReport',
        subjectId: report.id,
        procurementId,
        data: { sectionKey: input.key, headingChanged: report.sections[index].heading !== section.heading, approvalWithdrawn },
      });
      return report;
    });
  }

  async contribute(viewer: Viewer, input: ContributeToReportInput): Promise<ReportContribution> {
    const { procurementId } = await this.inScope(viewer, 'create', 'ReportContribution', input.reportId);
    return this.transactions.run(async (tx) => {
      // Locked so an approval cannot slip in between the check and the insert.
      const report = await this.lock(tx, input.reportId);
      expectStatus(report, ReportStatus.DRAFT);
      if (!report.sections.some((s) => s.key === input.sectionKey)) throw unknownSection(input.sectionKey);
      const contribution = await this.repository.addContribution(tx, {
        reportId: report.id,
        sectionKey: input.sectionKey,
        authorId: actorId(viewer),
        body: input.body,
      });
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'report.contributed',
        subjectType: 'MonitoringReport',
        subjectId: report.id,
        procurementId,
        data: { contributionId: contribution.id, sectionKey: input.sectionKey },
      });
      return contribution;
    });
  }

  async approve(viewer: Viewer, reportId: string): Promise<MonitoringReport> {
    const { procurementId } = await this.inScope(viewer, 'approve', 'MonitoringReport', reportId);
    return this.transactions.run(async (tx) => {
      const report = await this.lock(tx, reportId);
      expectStatus(report, ReportStatus.DRAFT);
      Object.assign(report, { status: ReportStatus.APPROVED, approvedBy: actorId(viewer), approvedAt: this.clock.now() });
      await this.repository.save(tx, report);
      await this.audit.append(tx, {
        actorId: actorId(viewer),
        action: 'report.approved',
        subjectType: 'MonitoringReport',
        subjectId: report.id,
        procurementId,
        data: {},
      });
      return report;
    });
  }

  async get(viewer: Viewer, id: string): Promise<MonitoringReport> {
    return (await this.inScope(viewer, 'read', 'MonitoringReport', id)).report;
  }

  /** The procurement's reports, newest first. */
  async ofProcurement(viewer: Viewer, procurementId: string): Promise<MonitoringReport[]> {
    await this.access.require(viewer, 'read', 'MonitoringReport', procurementId);
    return this.repository.ofProcurement(this.transactions.reader, procurementId);
  }

  /** A page of the procurement's reports, newest first, and whether the viewer may start one there. */
  async pageOfProcurement(viewer: Viewer, procurementId: string, page: PageInput): Promise<{ reports: Page<MonitoringReport>; mayCreate: boolean }> {
    const scope = await this.access.require(viewer, 'read', 'MonitoringReport', procurementId);
    const [items, total] = await this.repository.pageOfProcurement(this.transactions.reader, procurementId, page);
    return { reports: pageOf(items, total, page), mayCreate: viewer.ability.can('create', asSubject('MonitoringReport', { ...scope })) };
  }

  /** The procurements whose reports the viewer reads (as implementer or monitor), with their reports counted by status; null for anyone else. */
  async reportingProcurements(viewer: Viewer, page: PageInput): Promise<Page<ReportingProcurement> | null> {
    if (!viewer.ability.can('read', 'MonitoringReport')) return null;
    const [items, total] = await this.repository.reportingPage(this.transactions.reader, viewer.ability, page);
    return pageOf(items, total, page);
  }

  async workingCopy(viewer: Viewer, reportId: string): Promise<ReportWorkingCopy> {
    const { report, scope } = await this.inScope(viewer, 'read', 'MonitoringReport', reportId);
    const can = (action: Action, subject: 'MonitoringReport' | 'ReportContribution') => viewer.ability.can(action, asSubject(subject, { ...scope }));
    const contributions = (await this.contributionsOf([report.id])).get(report.id) ?? [];
    const { status } = report;
    return {
      report,
      contributions,
      may: {
        edit: status !== ReportStatus.PUBLISHED && can('update', 'MonitoringReport'),
        contribute: status === ReportStatus.DRAFT && can('create', 'ReportContribution'),
        approve: status === ReportStatus.DRAFT && can('approve', 'MonitoringReport'),
        publish: status === ReportStatus.APPROVED && can('publish', 'MonitoringReport'),
      },
    };
  }

  async contributionsOf(reportIds: readonly string[]): Promise<Map<string, ReportContribution[]>> {
    const rows = await this.repository.contributionsOf(this.transactions.reader, reportIds);
    return groupBy(rows, (c) => c.reportId);
  }

  /** The report if the viewer may do `action` to `subject` within its procurement; NOT_FOUND or FORBIDDEN otherwise. */
  async inScope(
    viewer: Viewer,
    action: Action,
    subject: Exclude<SubjectType, 'all'>,
    reportId: string,
  ): Promise<{ report: MonitoringReport; procurementId: string; scope: ProcurementScope }> {
    const report = await this.repository.findById(this.transactions.reader, reportId);
    if (!report) throw notFound('MonitoringReport', reportId);
    const scope = await this.access.require(viewer, action, subject, report.procurementId);
    return { report, procurementId: report.procurementId, scope };
  }

  private lock(tx: EntityManager, reportId: string): Promise<MonitoringReport> {
    return this.repository.lockForUpdate(tx, reportId);
  }

  private async templateValues(tx: EntityManager, input: CreateMonitoringReportInput): Promise<ReportTemplateValues> {
    const { procurement, names } = await this.repository.procurementWithParties(tx, input.procurementId);
    const name = (id: string | null) => ({ name: (id && names.get(id)) || '' });
    return {
      procurement: { reference: procurement.reference, title: procurement.title, description: procurement.description, stage: procurement.stage },
      authority: name(procurement.authorityId),
      monitor: name(procurement.monitorId),
      implementer: name(procurement.implementerId),
      report: {
        final: input.kind === ReportKind.FINAL,
        periodStart: input.periodStart?.toISOString().slice(0, 10) ?? '',
        periodEnd: input.periodEnd?.toISOString().slice(0, 10) ?? '',
      },
    };
  }
}

/** A report moves DRAFT → APPROVED → PUBLISHED; each step needs the one before it. */
export function expectStatus(report: MonitoringReport, expected: ReportStatus): void {
  if (report.status === expected) return;
  if (report.status === ReportStatus.PUBLISHED) throw reportAlreadyPublished(report.id);
  throw reportNotInStatus(expected, report.status);
}

/** A periodic report covers the period it names; a final report covers the whole procurement. */
export function assertPeriod(kind: ReportKind, start: Date | null, end: Date | null): void {
  if (kind === ReportKind.FINAL) {
    if (start || end) throw periodOfFinalReport();
    return;
  }
  if (!start || !end) throw periodRequired();
  if (end < start) throw periodReversed();
}
