import { Controller, Get, Param, Query, Req, StreamableFile } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiFile } from '../../openapi/api-responses.js';
import { Public } from '../../authorization/policy.decorator.js';
import { FIELD_COSTS } from '../../graphql/query-cost.js';
import { pdfFile } from '../../pdf/pdf-response.js';
import { AnonymousCost } from '../../rate-limits/anonymous-budget.guard.js';
import { ComplaintReceiptsService } from './complaint-receipts.service.js';

@ApiTags('complaints')
@Controller('complaints')
export class ComplaintReceiptController {
  constructor(private readonly receipts: ComplaintReceiptsService) {}

  /** For whoever may track the complaint, and checked the same way; with the right `?secret=` it prints the secret too. */
  @Public()
  @AnonymousCost(FIELD_COSTS.pdf)
  @Get(':trackingNumber/receipt.pdf')
  @ApiOperation({ summary: 'The receipt of a lodged complaint, as PDF' })
  @ApiParam({ name: 'trackingNumber', example: 'PW-2611-4HQ7-XK' })
  @ApiQuery({
    name: 'secret',
    required: false,
    description: 'The secret given when the complaint was lodged: required for an anonymous complaint; a wrong one counts as a failed proof',
  })
  @ApiFile('application/pdf', 'The receipt')
  @ApiErrors(404, 429)
  async receipt(
    @Param('trackingNumber') trackingNumber: string,
    @Query('secret') secret: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<StreamableFile> {
    return pdfFile(await this.receipts.render(trackingNumber, typeof secret === 'string' ? secret : undefined, request.ip));
  }
}
