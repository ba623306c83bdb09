import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../../authorization/policy.decorator.js';
import { sendPdf } from '../../pdf/pdf-response.js';
import { ComplaintReceiptsService } from './complaint-receipts.service.js';

@Controller('complaints')
export class ComplaintReceiptController {
  constructor(private readonly receipts: ComplaintReceiptsService) {}

  /** For whoever holds the tracking number (and, for an anonymous complaint, `?secret=`), like tracking it. */
  @Public()
  @Get(':trackingNumber/receipt.pdf')
  async receipt(@Param('trackingNumber') trackingNumber: string, @Query('secret') secret: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    await sendPdf(reply, await this.receipts.render(trackingNumber, secret));
  }
}
