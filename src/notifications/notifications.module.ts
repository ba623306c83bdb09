import { Global, Module } from '@nestjs/common';
import { NotificationTemplatesService } from './notification-templates.service.js';
import { NotificationTransportsService } from './notification-transports.service.js';
import { NotificationWorkerService } from './notification-worker.service.js';
import { NotificationsRepository } from './notifications.repository.js';
import { OutboxService } from './outbox.service.js';

/**
 * Telling complainants and staff about complaints: templates per language, the outbox written
 * in the change's transaction, and the worker that delivers it by SMS or email.
 */
@Global()
@Module({
  providers: [NotificationsRepository, NotificationTemplatesService, OutboxService, NotificationTransportsService, NotificationWorkerService],
  exports: [NotificationTemplatesService, OutboxService],
})
export class NotificationsModule {}
