import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Allow } from '../authorization/policy.decorator.js';
import { PactPdfService } from './pact-pdf.service.js';

@Controller('pacts/versions')
export class PactPdfController {
  constructor(private readonly pdfs: PactPdfService) {}

  /** Public: anyone can hold the PDF against the hash and signatures published on the platform. */
  @Allow('read', 'PactVersion')
  @Get(':id/pdf')
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { document, fileName } = await this.pdfs.render(id);
    await reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${fileName}"`)
      .send(document);
  }
}
