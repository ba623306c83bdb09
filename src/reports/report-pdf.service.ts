import { Injectable } from '@nestjs/common';
import { renderReportPdf } from './report-pdf.js';
import type { PublishedReportContent } from './report-content.js';
import { ReportPublicationService } from './report-publication.service.js';
import { ReportTemplatesService } from './report-templates.service.js';

@Injectable()
export class ReportPdfService {
  constructor(
    private readonly publication: ReportPublicationService,
    private readonly templates: ReportTemplatesService,
  ) {}

  /** Everything the PDF prints is in the frozen content; this hands back the document still streaming. */
  async render(publishedReportId: string): Promise<{ document: PDFKit.PDFDocument; fileName: string }> {
    const report = await this.publication.get(publishedReportId);
    const content = report.content as PublishedReportContent;
    const document = renderReportPdf({ labels: this.templates.labels(content.templateKey, report.language), content, contentHash: report.contentHash });
    const reference = content.procurement.reference.replace(/[^A-Za-z0-9._-]/g, '_');
    return { document, fileName: `monitoring-report-${reference}-${content.publishedAt.slice(0, 10)}.pdf` };
  }
}
