import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
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

  /** For whoever holds the tracking number (and, for an anonymous complaint, `?secret=`), like tracking it. */
  @Public()
  @AnonymousCost(FIELD_COSTS.pdf)
  @Get(':trackingNumber/receipt.pdf')
  @ApiOperation({ summary: 'The receipt of a lodged complaint, as PDF' })
  @ApiParam({ name: 'trackingNumber', example: 'PW-2611-4HQ7-XK' })
  @ApiQuery({ name: 'secret', required: false, description: 'The secret given when an anonymous complaint was lodged' })
  @ApiFile('application/pdf', 'The receipt')
  @ApiErrors(404, 429)
  async receipt(@Param('trackingNumber') trackingNumber: string, @Query('secret') secret: string | undefined): Promise<StreamableFile> {
    return pdfFile(await this.receipts.render(trackingNumber, secret));
  }
}
