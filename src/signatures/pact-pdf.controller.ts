import { Controller, Get, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiFile } from '../openapi/api-responses.js';
import { Allow } from '../authorization/policy.decorator.js';
import { pdfFile } from '../pdf/pdf-response.js';
import { PactPdfService } from './pact-pdf.service.js';

@ApiTags('pacts')
@Controller('pacts/versions')
export class PactPdfController {
  constructor(private readonly pdfs: PactPdfService) {}

  /** Public: anyone can hold the PDF against the hash and signatures published on the platform. */
  @Allow('read', 'PactVersion')
  @Get(':id/pdf')
  @ApiOperation({ summary: 'A published pact version as PDF' })
  @ApiFile('application/pdf', 'The pact as published; its hash is on the platform')
  @ApiErrors(400, 404)
  async download(@Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    return pdfFile(await this.pdfs.render(id));
  }
}
