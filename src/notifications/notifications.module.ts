import { Global, Module } from '@nestjs/common';
import { NotificationTemplates } from './notification-templates.js';
import { NotificationTransports } from './notification-transports.js';
import { NotificationWorker } from './notification-worker.js';
import { OutboxService } from './outbox.service.js';

/**
 * Telling complainants and staff about complaints: templates per language, the outbox written
 * in the change's transaction, and the worker that delivers it by SMS or email.
 */
@Global()
@Module({
  providers: [NotificationTemplates, OutboxService, NotificationTransports, NotificationWorker],
  exports: [NotificationTemplates, OutboxService],
})
export class NotificationsModule {}
