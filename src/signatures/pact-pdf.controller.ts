import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Allow } from '../authorization/policy.decorator.js';
import { sendPdf } from '../pdf/pdf-response.js';
import { PactPdfService } from './pact-pdf.service.js';

@Controller('pacts/versions')
export class PactPdfController {
  constructor(private readonly pdfs: PactPdfService) {}

  /** Public: anyone can hold the PDF against the hash and signatures published on the platform. */
  @Allow('read', 'PactVersion')
  @Get(':id/pdf')
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendPdf(reply, await this.pdfs.render(id));
  }
}
