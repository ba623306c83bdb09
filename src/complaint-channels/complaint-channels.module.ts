import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { ComplaintChannelsRepository } from './complaint-channels.repository.js';
import { InboundMessagesService } from './inbound-messages.service.js';
import { WebhooksController } from './webhooks.controller.js';

/** SMS and email from the public, through the gateways' webhooks. */
@Module({
  imports: [ComplaintsModule],
  providers: [ComplaintChannelsRepository, InboundMessagesService],
  controllers: [WebhooksController],
})
export class ComplaintChannelsModule {}
