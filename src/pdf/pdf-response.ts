import type { FastifyReply } from 'fastify';

/** Streams a rendered PDF to the client, shown in the browser rather than downloaded. */
export async function sendPdf(reply: FastifyReply, { document, fileName }: { document: PDFKit.PDFDocument; fileName: string }): Promise<void> {
  await reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(document);
}
