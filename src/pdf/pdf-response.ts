import { StreamableFile } from '@nestjs/common';

/**
 * A rendered PDF as the route's answer, streamed as pdfkit writes it and shown in the browser
 * rather than downloaded, unless `download` (the answer to a form, which must leave its page in place).
 */
export function pdfFile({ document, fileName }: { document: PDFKit.PDFDocument; fileName: string }, { download = false } = {}): StreamableFile {
  return new StreamableFile(document, { type: 'application/pdf', disposition: `${download ? 'attachment' : 'inline'}; filename="${fileName}"` });
}
