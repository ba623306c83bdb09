import { Injectable } from '@nestjs/common';
import { CheckpointsService } from '../checkpoints/checkpoints.service.js';
import type { Viewer } from '../authorization/viewer.js';
import { renderReportPdf } from './report-pdf.js';
import type { PublishedReportContent } from './report-content.js';
import { ReportPublicationService } from './report-publication.service.js';
import { ReportTemplatesService } from './report-templates.service.js';

@Injectable()
export class ReportPdfService {
  constructor(
    private readonly publication: ReportPublicationService,
    private readonly templates: ReportTemplatesService,
    private readonly checkpoints: CheckpointsService,
  ) {}

  /** Everything the PDF prints is in the frozen content; this hands back the document still streaming. */
  async render(publishedReportId: string): Promise<{ document: PDFKit.PDFDocument; fileName: string }> {
    const report = await this.publication.get(publishedReportId);
    const content = report.content as PublishedReportContent;
    const checkpoint = await this.checkpoints.covering([report.id]);
    const labels = this.templates.labels(content.templateKey, report.language);
    const document = await renderReportPdf({ labels, content, contentHash: report.contentHash, checkpoint: checkpoint?.note ?? null });
    return { document, fileName: `monitoring-report-${fileReference(content)}-${content.publishedAt.slice(0, 10)}.pdf` };
  }

  /** A report not yet published, as publishing it now would print it, marked as a draft and without a content hash. */
  async renderDraft(viewer: Viewer, reportId: string): Promise<{ document: PDFKit.PDFDocument; fileName: string }> {
    const content = await this.publication.preview(viewer, reportId);
    const labels = this.templates.labels(content.templateKey, content.language);
    const document = await renderReportPdf({ labels, content, contentHash: null });
    return { document, fileName: `monitoring-report-${fileReference(content)}-draft.pdf` };
  }
}

function fileReference(content: PublishedReportContent): string {
  return content.procurement.reference.replace(/[^A-Za-z0-9._-]/g, '_');
}
