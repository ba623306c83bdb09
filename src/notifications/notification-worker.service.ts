import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ContactCipher } from '../contacts/contact-cipher.js';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { QueueService } from '../queue/queue.service.js';
import { NotificationTransportsService } from './notification-transports.service.js';
import { NotificationsRepository } from './notifications.repository.js';
import { DeliveryStatus } from './outbound-message.entity.js';
import { NOTIFICATION_QUEUE, recipientContext, SECRET_MASK, secretContext, type NotificationJob } from './outbox.service.js';

/** Messages fetched per poll and sent side by side. */
const BATCH_SIZE = 10;
/** Past this, a delivery is taken as lost with its process and retried; gateways time out long before. */
const EXPIRE_IN_SECONDS = 120;

/**
 * Delivers queued messages through the transport of their channel and records the outcome on
 * the row: SENT with the provider's id, or the error and one more attempt. pg-boss retries a
 * failed delivery with growing delays; after the last attempt the message is FAILED.
 */
@Injectable()
export class NotificationWorkerService implements OnModuleInit {
  private readonly logger = new Logger(NotificationWorkerService.name);
  private readonly cipher: ContactCipher | null;

  constructor(
    private readonly transactions: TransactionService,
    private readonly messages: NotificationsRepository,
    private readonly queue: QueueService,
    private readonly transports: NotificationTransportsService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {
    this.cipher = config.contactEncryptionKey ? new ContactCipher(config.contactEncryptionKey) : null;
  }

  onModuleInit(): void {
    // Command-line tools boot without the key and send nothing.
    if (!this.cipher) return;
    const options = {
      retryLimit: this.config.notificationRetryLimit,
      retryDelaySeconds: this.config.notificationRetryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: EXPIRE_IN_SECONDS,
      batchSize: BATCH_SIZE,
    };
    // Intake-only instances are told not to deliver: they leave it to the server that delivers, but still queue.
    if (!this.config.notificationWorker) return this.queue.declare(NOTIFICATION_QUEUE, options);
    this.queue.work<NotificationJob>(NOTIFICATION_QUEUE, options, (job) => this.deliver(job.data.messageId, job.retryCount >= job.retryLimit));
  }

  /**
   * Sends one message unless it was sent already: a job can run twice (a retry after a
   * process died between sending and recording), and nobody should get the same SMS twice.
   * Rejects when the transport fails, so that the queue retries.
   */
  async deliver(messageId: string, lastAttempt: boolean): Promise<void> {
    const db = this.transactions.reader;
    const message = await this.messages.message(db, messageId);
    if (!message) {
      this.logger.warn(`message ${messageId} does not exist; nothing to deliver`);
      return;
    }
    if (message.status === DeliveryStatus.SENT) return;

    const transport = this.transports.forChannel(message.channel);
    let recipient: string | null = null;
    let secret: string | null = null;
    try {
      if (!this.cipher) throw new Error('no contact encryption key configured (CONTACT_ENCRYPTION_KEY)');
      recipient = this.cipher.decrypt(message.recipientEncrypted, recipientContext(message.id));
      secret = message.secretEncrypted && this.cipher.decrypt(message.secretEncrypted, secretContext(message.id));
      const reveal = (text: string) => (secret ? text.split(SECRET_MASK).join(secret) : text);
      const { providerMessageId } = await transport.send(recipient, {
        id: message.id,
        channel: message.channel,
        subject: message.subject && reveal(message.subject),
        body: reveal(message.body),
      });
      await this.messages.markSent(db, message.id, { sentAt: new Date(), transport: transport.name, providerMessageId });
      this.metrics.messageSent(message.channel, transport.name);
    } catch (error) {
      // Gateways quote the number or address they refused: neither may reach the row or the log.
      const reason = redact(error instanceof Error ? error.message : String(error), [
        recipient,
        recipient?.toLowerCase(),
        recipient?.replace(/^\+/, ''),
        message.body,
        secret,
      ]);
      await this.messages.markAttemptFailed(db, message.id, { lastError: reason, transport: transport.name, lastAttempt });
      this.metrics.messageFailed(message.channel, transport.name, lastAttempt);
      this.logger.warn(
        `message ${message.id} (${message.channel} via ${transport.name}) not delivered${lastAttempt ? ', giving up' : ', will retry'}: ${reason}`,
      );
      // eslint-disable-next-line preserve-caught-error -- the gateway's error may quote the recipient: only the redacted reason travels on
      throw new Error(reason);
    }
  }
}

function redact(text: string, secrets: Array<string | null | undefined>): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret) redacted = redacted.split(secret).join('[redacted]');
  }
  return redacted.slice(0, 1000);
}
