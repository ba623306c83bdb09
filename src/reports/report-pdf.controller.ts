import { Controller, Get, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiFile } from '../openapi/api-responses.js';
import { Allow } from '../authorization/policy.decorator.js';
import { pdfFile } from '../pdf/pdf-response.js';
import { ReportPdfService } from './report-pdf.service.js';

@ApiTags('monitoring reports')
@Controller('reports/published')
export class ReportPdfController {
  constructor(private readonly pdfs: ReportPdfService) {}

  /** Public: anyone can hold the PDF against the content hash published on the platform. */
  @Allow('read', 'PublishedReport')
  @Get(':id/pdf')
  @ApiOperation({ summary: 'A published monitoring report as PDF' })
  @ApiFile('application/pdf', 'The report as published')
  @ApiErrors(400, 404)
  async download(@Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    return pdfFile(await this.pdfs.render(id));
  }
}
