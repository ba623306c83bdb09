import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CheckpointsService } from '../checkpoints/checkpoints.service.js';
import { publicationCheckpointLoader } from '../checkpoints/publication-checkpoint-loader.js';
import { Allow, CurrentViewer, Public } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { RequestLoaders, type Loaders } from '../graphql/loaders.js';
import { PageInput, PageType, type Page } from '../pagination/page.js';
import { ContributeToReportInput } from './inputs/contribute-to-report.input.js';
import { CreateMonitoringReportInput } from './inputs/create-monitoring-report.input.js';
import { UpdateReportSectionInput } from './inputs/update-report-section.input.js';
import { MonitoringReport } from './monitoring-report.entity.js';
import { PublishedReport } from './published-report.entity.js';
import { ReportContribution } from './report-contribution.entity.js';
import { ReportPublicationService } from './report-publication.service.js';
import { ReportTemplate } from './report-template.js';
import { ReportTemplatesService } from './report-templates.service.js';
import { ReportsService } from './reports.service.js';

const PublishedReportPage = PageType(PublishedReport);

@Resolver(() => MonitoringReport)
export class ReportsResolver {
  constructor(
    private readonly reports: ReportsService,
    private readonly publication: ReportPublicationService,
    private readonly templates: ReportTemplatesService,
  ) {}

  @Public()
  @Query(() => [ReportTemplate], { description: 'The templates a monitoring report can start from, in every language available.' })
  reportTemplates(): ReportTemplate[] {
    return this.templates.list();
  }

  @Allow('read', 'MonitoringReport')
  @Query(() => [MonitoringReport], { description: "A procurement's reports in preparation and published, newest first; for its implementer and monitor." })
  monitoringReports(@CurrentViewer() viewer: Viewer, @Args('procurementId', { type: () => ID }) procurementId: string): Promise<MonitoringReport[]> {
    return this.reports.ofProcurement(viewer, procurementId);
  }

  @Allow('read', 'MonitoringReport')
  @Query(() => MonitoringReport)
  monitoringReport(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<MonitoringReport> {
    return this.reports.get(viewer, id);
  }

  @Allow('create', 'MonitoringReport')
  @Mutation(() => MonitoringReport, { description: 'Starts a draft report from a template, with the procurement and period filled in.' })
  createMonitoringReport(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateMonitoringReportInput): Promise<MonitoringReport> {
    return this.reports.create(viewer, input);
  }

  @Allow('update', 'MonitoringReport')
  @Mutation(() => MonitoringReport, {
    description: 'Rewrites one section. Editing an approved report sends it back to draft; a published one cannot change (CONFLICT).',
  })
  updateReportSection(@CurrentViewer() viewer: Viewer, @Args('input') input: UpdateReportSectionInput): Promise<MonitoringReport> {
    return this.reports.updateSection(viewer, input);
  }

  @Allow('create', 'ReportContribution')
  @Mutation(() => ReportContribution, { description: "The assigned monitor's text for a section of a draft report." })
  contributeToReport(@CurrentViewer() viewer: Viewer, @Args('input') input: ContributeToReportInput): Promise<ReportContribution> {
    return this.reports.contribute(viewer, input);
  }

  @Allow('approve', 'MonitoringReport')
  @Mutation(() => MonitoringReport, { description: 'DRAFT to APPROVED: the text as it stands is the text to publish.' })
  approveMonitoringReport(@CurrentViewer() viewer: Viewer, @Args('reportId', { type: () => ID }) reportId: string): Promise<MonitoringReport> {
    return this.reports.approve(viewer, reportId);
  }

  @Allow('publish', 'MonitoringReport')
  @Mutation(() => PublishedReport, {
    description: 'APPROVED to PUBLISHED: freezes and hashes the content and makes the findings and objections it includes public.',
  })
  publishMonitoringReport(@CurrentViewer() viewer: Viewer, @Args('reportId', { type: () => ID }) reportId: string): Promise<PublishedReport> {
    return this.publication.publish(viewer, reportId);
  }

  @Allow('read', 'ReportContribution')
  @ResolveField(() => [ReportContribution], { description: "The monitor's contributions, oldest first." })
  async contributions(@Parent() report: MonitoringReport, @RequestLoaders() loaders: Loaders): Promise<ReportContribution[]> {
    return (await loaders.get('contributionsByReport', (ids: readonly string[]) => this.reports.contributionsOf(ids)).load(report.id)) ?? [];
  }

  @Allow('read', 'PublishedReport')
  @ResolveField(() => PublishedReport, { nullable: true, description: 'Set once published.' })
  async published(@Parent() report: MonitoringReport, @RequestLoaders() loaders: Loaders): Promise<PublishedReport | null> {
    return (await loaders.get('publishedByReport', (ids: readonly string[]) => this.publication.ofReports(ids)).load(report.id)) ?? null;
  }
}

@Resolver(() => PublishedReport)
export class PublishedReportResolver {
  constructor(
    private readonly publication: ReportPublicationService,
    private readonly checkpoints: CheckpointsService,
  ) {}

  @Allow('read', 'PublishedReport')
  @ResolveField(() => String, {
    nullable: true,
    description:
      'The signed audit log checkpoint made when this was published (a C2SP signed note), null before checkpoints existed. Kept apart from canonicalContent, which is what was hashed and signed.',
  })
  async publicationCheckpoint(@Parent() report: PublishedReport, @RequestLoaders() loaders: Loaders): Promise<string | null> {
    return (await publicationCheckpointLoader(loaders, this.checkpoints).load(report.id)) ?? null;
  }

  @Allow('read', 'PublishedReport')
  @Query(() => PublishedReportPage, { description: 'Published monitoring reports, newest first; public.' })
  publishedReports(
    @Args('page', { nullable: true, defaultValue: {} }) page: PageInput,
    @Args('procurementId', { type: () => ID, nullable: true }) procurementId?: string,
  ): Promise<Page<PublishedReport>> {
    return this.publication.list(page, procurementId);
  }

  @Allow('read', 'PublishedReport')
  @Query(() => PublishedReport, { description: 'A published monitoring report; public, like its PDF.' })
  publishedReport(@Args('id', { type: () => ID }) id: string): Promise<PublishedReport> {
    return this.publication.get(id);
  }

  @Allow('read', 'PublishedReport')
  @ResolveField(() => String, { description: 'Where anyone can download the report as PDF.' })
  pdfUrl(@Parent() report: PublishedReport): string {
    return `/reports/published/${report.id}/pdf`;
  }
}
