import { StreamableFile } from '@nestjs/common';

/**
 * A rendered PDF as the route's answer, streamed as pdfkit writes it and shown in the browser
 * rather than downloaded.
 */
export function pdfFile({ document, fileName }: { document: PDFKit.PDFDocument; fileName: string }): StreamableFile {
  return new StreamableFile(document, { type: 'application/pdf', disposition: `inline; filename="${fileName}"` });
}
