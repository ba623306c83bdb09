import { Module } from '@nestjs/common';
import { ProcurementsModule } from '../procurements/procurements.module.js';
import { WebModule } from '../web/web.module.js';
import { ReportPdfController } from './report-pdf.controller.js';
import { ReportPdfService } from './report-pdf.service.js';
import { ReportPublicationService } from './report-publication.service.js';
import { ReportTemplatesService } from './report-templates.service.js';
import { ReportsPagesController } from './reports-pages.controller.js';
import { PublishedReportResolver, ReportsResolver } from './reports.resolver.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [ProcurementsModule, WebModule],
  controllers: [ReportPdfController, ReportsPagesController],
  providers: [ReportsService, ReportsRepository, ReportPublicationService, ReportTemplatesService, ReportPdfService, ReportsResolver, PublishedReportResolver],
  exports: [ReportsService, ReportPublicationService, ReportPdfService],
})
export class ReportsModule {}
